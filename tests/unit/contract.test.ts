import { describe, expect, it } from 'vitest';
import { parseInput, parseOutput, resolveMethod } from '../../shared/contract/validate.js';

describe('contract validation', () => {
  it('names the field and what was expected when input is wrong', () => {
    const result = parseInput('fleet.environment', { id: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('invalid-input');
    expect(result.error.message).toBe('fleet.environment: input.id: Invalid input: expected string, received number');
  });

  it('refuses fields the contract does not know', () => {
    const result = parseInput('fleet.snapshot', { everything: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('Unrecognized key: "everything"');
  });

  it('requires an idempotency key on every command', () => {
    const result = parseInput('sandbox.injectFault', { environmentId: 'a', check: 'disk', severity: 'critical', durationSeconds: 60 });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('input.idempotencyKey');
  });

  it('says which values are allowed for an enum and which range for a number', () => {
    const result = parseInput('sandbox.injectFault', {
      environmentId: 'a',
      check: 'coffee',
      severity: 'critical',
      durationSeconds: 2,
      idempotencyKey: 'key-123456',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain('input.check: Invalid option: expected one of "cpu"|"memory"|"disk"|"network"');
    expect(result.error.message).toContain('input.durationSeconds: Too small: expected number to be >=5');
  });

  it('accepts a well-formed command', () => {
    const result = parseInput('sandbox.injectFault', {
      environmentId: 'apac-prod',
      check: 'disk',
      severity: 'critical',
      durationSeconds: 60,
      idempotencyKey: 'key-123456',
    });
    expect(result).toEqual({
      ok: true,
      value: { environmentId: 'apac-prod', check: 'disk', severity: 'critical', durationSeconds: 60, idempotencyKey: 'key-123456' },
    });
  });

  it('holds the silence form\'s rules for any client: a reason, a matcher, and a label name that is not blank', () => {
    const base = { connectionId: 'am', durationMinutes: 30, comment: 'Patching', idempotencyKey: 'key-123456' };
    const blankName = parseInput('silences.create', { ...base, matchers: [{ name: '   ', value: 'acme-prod' }] });
    expect(blankName).toMatchObject({ ok: false, error: { kind: 'invalid-input', message: expect.stringContaining('input.matchers[0].name: expected a label name') } });
    const noReason = parseInput('silences.create', { ...base, comment: '  a ', matchers: [{ name: 'environment', value: 'acme-prod' }] });
    expect(noReason).toMatchObject({ ok: false, error: { message: expect.stringContaining('input.comment: expected a reason of at least 3 characters') } });
    const noMatcher = parseInput('silences.create', { ...base, matchers: [] });
    expect(noMatcher).toMatchObject({ ok: false, error: { message: expect.stringContaining('input.matchers: expected at least one matcher') } });
    const trimmed = parseInput('silences.create', { ...base, matchers: [{ name: ' environment ', value: 'acme-prod' }] });
    expect(trimmed).toMatchObject({ ok: true, value: { matchers: [{ name: 'environment', value: 'acme-prod', isRegex: false, isEqual: true }] } });
  });

  it('reports a malformed answer as invalid-output instead of passing it on', () => {
    const result = parseOutput('system.info', { product: 'Other' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('invalid-output');
  });

  it('lists the known methods when an unknown one is called', () => {
    const result = resolveMethod('fleet.delete');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/unknown method "fleet.delete"; expected one of: system.info, fleet.snapshot/);
  });
});

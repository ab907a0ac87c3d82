import { describe, expect, it } from 'vitest';
import { boundedMessage, MAX_MESSAGE, quote } from '../../shared/contract/quote.js';
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
    if (!result.ok) expect(result.error.message).toBe('fleet.snapshot: input: unknown field "everything"; expected no fields');
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

  it('quotes at most 64 characters of a bad value, and says how long it was', () => {
    const window = { id: 'w', kind: 'upgrade-slot', title: 'Slot', scope: { regions: ['uk'] }, start: '2026-01-31T23:00', timeZone: 'Z'.repeat(100_000), duration: 'P'.repeat(100_000) };
    const result = parseInput('calendar.saveWindow', { window, idempotencyKey: 'key-000001' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe(
      `calendar.saveWindow: input.window.timeZone: expected an IANA time zone such as "Australia/Sydney", got "${'Z'.repeat(64)}…(100000 characters)"; ` +
        `input.window.duration: expected an ISO 8601 duration of 1 minute to 14 days such as PT2H or PT4H30M, got "${'P'.repeat(64)}…(100000 characters)"`,
    );
    const longKey = parseInput('fleet.snapshot', { ['k'.repeat(100_000)]: true });
    expect(longKey.ok).toBe(false);
    if (!longKey.ok) expect(longKey.error.message).toBe(`fleet.snapshot: input: unknown field "${'k'.repeat(64)}…(100000 characters)"; expected no fields`);
  });

  it('never cuts a character in half when it shortens a value', () => {
    const value = `${'a'.repeat(63)}😀${'b'.repeat(100)}`;
    expect(quote(value)).toBe(`"${'a'.repeat(63)}…(165 characters)"`);
    expect(quote('short')).toBe('"short"');
  });

  it('shortens what a handler repeats of a long input, and caps any message', () => {
    const long = 'v'.repeat(100_000);
    const shortened = `${'v'.repeat(64)}…(100000 characters)`;
    expect(boundedMessage(`no environment "${long}" in the fleet`, { request: { ids: ['a', long] } })).toBe(`no environment "${shortened}" in the fleet`);
    // A trimmed field reaches the handler without its spaces.
    expect(boundedMessage(`bad reason: ${long}`, { reason: `  ${long}  ` })).toBe(`bad reason: ${shortened}`);
    const rambling = boundedMessage('w '.repeat(50_000), {});
    expect(rambling.length).toBeLessThan(MAX_MESSAGE + 30);
    expect(rambling).toMatch(/…\(100000 characters\)$/);
  });

  it('lists the first ten problems of a large input and counts the rest', () => {
    const result = parseInput('deploys.preview', { request: { action: 'deploy', target: { by: 'environments', ids: Array.from({ length: 5000 }, (_, n) => n) } } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message.split('; input.')).toHaveLength(10);
    expect(result.error.message).toMatch(/input\.request\.target\.ids\[9\]: Invalid input: expected string, received number; and 4990 more problems$/);
  });
});


import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/contract/audit.js';
import { auditSentence } from '../../renderer/src/views/audit/audit-sentence.js';

function entry(fields: Partial<AuditEntry>): AuditEntry {
  return {
    id: 1,
    at: Date.UTC(2026, 11, 7, 9, 0),
    who: 'maria',
    host: 'desktop',
    action: 'deploy',
    target: 'Acacia Hotels production [acacia-hotels-prod] (Acacia Hotels, apac)',
    why: null,
    result: 'succeeded',
    detail: '2026.11.1 succeeded: all checks passed',
    deploymentId: 'd-1',
    ...fields,
  };
}

describe('an audit row read as a sentence', () => {
  it('says who deployed which release where, and how it ended, without ids', () => {
    expect(auditSentence(entry({}))).toBe('maria deployed 2026.11.1 to Acacia Hotels production — succeeded');
  });

  it('reads the version from a started deployment’s detail, not the one it replaces', () => {
    expect(auditSentence(entry({ result: 'started', detail: 'deploy 2026.11.1 (was 2026.10.4); direct through sim; now' }))).toBe(
      'maria deployed 2026.11.1 to Acacia Hotels production — started',
    );
  });

  it('names a rollback by the version it goes back to, and a refusal as refused', () => {
    expect(auditSentence(entry({ action: 'rollback', result: 'refused', detail: '2026.10.4: rollback refused: type the name' }))).toBe(
      'maria rolled back Acacia Hotels production to 2026.10.4 — refused',
    );
  });

  it('keeps an action it has no words for, and a target that is not a deployment’s place', () => {
    expect(auditSentence(entry({ action: 'silence', target: 'ring production', result: 'in-doubt', detail: '' }))).toBe('maria silence: ring production — result not known');
  });
});

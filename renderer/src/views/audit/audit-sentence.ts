import type { AuditEntry } from '../../../../shared/contract/audit.js';

/** A release version as the trail's details write it (2026.11.1). */
const VERSION = /\b\d{4}\.\d+\.\d+\b/;
/** The environment id and the (customer, region) the core appends to a deployment's place. */
const PLACE_SUFFIX = /\s*\[[^\]]*\]\s*\([^)]*\)\s*$/;

const RESULT_WORDS: Readonly<Record<AuditEntry['result'], string>> = {
  succeeded: 'succeeded',
  failed: 'failed',
  refused: 'refused',
  started: 'started',
  cancelled: 'cancelled',
  'in-doubt': 'result not known',
};

/** What was acted on, as a person names it: "Acacia Hotels production", without the id and the bracketed place. */
export function targetName(target: string): string {
  return target.replace(PLACE_SUFFIX, '') || target;
}

/**
 * One audit entry as a sentence: "ops@example deployed 2026.11.1 to Acacia Hotels production — succeeded".
 * Actions the trail does not know by name keep their own words.
 */
export function auditSentence(entry: AuditEntry): string {
  const version = VERSION.exec(entry.detail)?.[0];
  const target = targetName(entry.target);
  const what = (() => {
    switch (entry.action) {
      case 'deploy':
        return version === undefined ? `deployed to ${target}` : `deployed ${version} to ${target}`;
      case 'rollback':
        return version === undefined ? `rolled back ${target}` : `rolled back ${target} to ${version}`;
      case 'cancel deployment':
        return `cancelled the deployment to ${target}`;
      case 'override guard':
        return `overrode a guard for ${target}`;
      case 'answer interruption':
        return `answered the deployment's question on ${target}`;
      default:
        return `${entry.action}: ${target}`;
    }
  })();
  return `${entry.who} ${what} — ${RESULT_WORDS[entry.result]}`;
}

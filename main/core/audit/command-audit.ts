import type { AuditResult } from '../../../shared/contract/audit.js';
import type { OpsErrorKind, Result } from '../../../shared/contract/errors.js';
import { shorten } from '../../../shared/contract/quote.js';
import type { NewAuditEntry } from '../store/audit-repo.js';

/**
 * What of a command's input names its target. Only these fields are read, never the input
 * as a whole: some inputs carry secrets (connections.save holds typed credentials).
 */
const TARGET_FIELDS = ['environmentId', 'id', 'key', 'connectionId', 'silenceId', 'windowId', 'previousId', 'check', 'severity', 'fault', 'kind'] as const;
/** Nested objects whose id (and kind) name the target. */
const NESTED_TARGETS = ['connection', 'window'] as const;
/** Fields where the operator wrote why. */
const WHY_FIELDS = ['comment', 'reason'] as const;

/** A field's text as the trail keeps it: an id of 100 KB is kept as its start and its length. */
function field(record: Record<string, unknown>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' && value.length > 0 ? shorten(value) : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function commandTarget(input: unknown): string {
  if (!isRecord(input)) return '';
  const parts: string[] = [];
  for (const name of NESTED_TARGETS) {
    const nested = input[name];
    if (!isRecord(nested)) continue;
    const id = field(nested, 'id');
    const kind = field(nested, 'kind');
    if (id !== null) parts.push(`${name} ${id}${kind === null ? '' : ` (${kind})`}`);
  }
  for (const name of TARGET_FIELDS) {
    const value = field(input, name);
    if (value !== null) parts.push(`${name} ${value}`);
  }
  return parts.join(', ');
}

function outcomeOf(kind: OpsErrorKind): AuditResult {
  if (kind === 'forbidden' || kind === 'conflict') return 'refused';
  return kind === 'in-doubt' ? 'in-doubt' : 'failed';
}

/** The entry a console command leaves in the trail: the method, its target by id, and how it ended. */
export function commandAuditEntry(method: string, input: unknown, result: Result<unknown>, who: string, at: number): NewAuditEntry {
  const why = isRecord(input) ? (WHY_FIELDS.map((name) => field(input, name)).find((value) => value !== null) ?? null) : null;
  const outcome: AuditResult = result.ok ? 'succeeded' : outcomeOf(result.error.kind);
  return {
    at,
    who,
    action: method,
    target: commandTarget(input),
    why,
    result: outcome,
    detail: result.ok ? 'done' : `${result.error.kind}: ${result.error.message}`,
    deploymentId: null,
  };
}

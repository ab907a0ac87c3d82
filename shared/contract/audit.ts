import { z } from 'zod';
import { strictObject } from './strict-object.js';

/** The audit trail: who did what, where, when, why, and with what result. Kept in the local store, never edited. */
/** `in-doubt`: a backend's answer was lost, so whether the action took effect is not known (a retry asks the backend). */
export const AuditResult = z.enum(['succeeded', 'failed', 'refused', 'started', 'cancelled', 'in-doubt']);
export type AuditResult = z.infer<typeof AuditResult>;

/** Which host a command came through; null where the core acted on its own or the row predates hosts being recorded. */
export const AuditHost = z.enum(['desktop', 'browser']);
export type AuditHost = z.infer<typeof AuditHost>;

/** A SHA-256 in lowercase hex. */
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.number().int(),
  who: z.string(),
  host: AuditHost.nullable(),
  /** The action, e.g. "deploy", "rollback", "cancel deployment", "override guard", "silence". */
  action: z.string(),
  /** What it acted on, e.g. "acme-prod (Acme, APAC)" or "ring production". */
  target: z.string(),
  /** The operator's written reason, where one was given. */
  why: z.string().nullable(),
  result: AuditResult,
  /** The outcome in words: the version, the guards overridden and their reasons, the error. */
  detail: z.string(),
  /** The deployment it belongs to, where it does. */
  deploymentId: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditQuery = strictObject({
  /** Only entries older than this id (the next page). */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  /** Matches who, action, target, why or detail, case-insensitively. */
  text: z.string().max(200).optional(),
  deploymentId: z.string().min(1).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for older entries; null at the start of the trail. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;

/** An audit row as exported: its fields, the previous row's hash (null for the first) and its own (see main/core/store/audit-chain.ts). */
export const ChainedAuditEntry = AuditEntry.extend({
  prevHash: Sha256Hex.nullable(),
  hash: Sha256Hex,
});
export type ChainedAuditEntry = z.infer<typeof ChainedAuditEntry>;

/** The outcome of walking the chain: intact, or the first row that breaks it and how. */
export const AuditVerification = z.discriminatedUnion('intact', [
  z.object({ intact: z.literal(true), rows: z.number().int(), message: z.string() }),
  z.object({ intact: z.literal(false), rows: z.number().int(), brokenAt: z.number().int(), message: z.string() }),
]);
export type AuditVerification = z.infer<typeof AuditVerification>;

export const AuditExport = z.object({
  rows: z.number().int(),
  /** One ChainedAuditEntry per line, oldest first, each line ending in a newline. */
  jsonl: z.string(),
});
export type AuditExport = z.infer<typeof AuditExport>;

/** Who is at the console, as the trail (and the ticketing backends) name them. */
export const OperatorProfile = strictObject({
  name: z.string().trim().min(1, 'enter your name').max(100, 'a name of at most 100 characters'),
  email: z.email('enter an email address such as ada@example.com').max(254),
});
export type OperatorProfile = z.infer<typeof OperatorProfile>;

/** How far the trail has reached the team's central log: rows still queued, the newest shipped, and why the last try failed. */
export const AuditShipQueueState = z.object({
  waiting: z.number().int(),
  lastShipped: z.object({ id: z.number().int(), at: z.number().int() }).nullable(),
  /** The failure of the oldest row still waiting, if its last try failed. */
  lastError: z.object({ message: z.string(), at: z.number().int(), attempts: z.number().int() }).nullable(),
});
export type AuditShipQueueState = z.infer<typeof AuditShipQueueState>;

/** Where the trail is shipped, in words, and how far it got; `problem` says why shipping could not start. */
export const AuditShipping = AuditShipQueueState.extend({
  type: z.enum(['elasticsearch', 'syslog']),
  target: z.string(),
  problem: z.string().nullable(),
});
export type AuditShipping = z.infer<typeof AuditShipping>;

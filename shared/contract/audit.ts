import { z } from 'zod';
import { strictObject } from './strict-object.js';

/** The audit trail: who did what, where, when, why, and with what result. Kept in the local store, never edited. */
/** `in-doubt`: a backend's answer was lost, so whether the action took effect is not known (a retry asks the backend). */
export const AuditResult = z.enum(['succeeded', 'failed', 'refused', 'started', 'cancelled', 'in-doubt']);
export type AuditResult = z.infer<typeof AuditResult>;

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.number().int(),
  who: z.string(),
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

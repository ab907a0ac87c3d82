import { z } from 'zod';
import { strictObject } from './strict-object.js';

/** Alerts from the monitoring backends, and the silences that mute them. */

export const AlertSeverity = z.enum(['critical', 'warning', 'info']);
export type AlertSeverity = z.infer<typeof AlertSeverity>;

export const AlertView = z.object({
  /** Stable across polls: the backend's fingerprint, prefixed with its connection id. */
  key: z.string(),
  connectionId: z.string(),
  name: z.string(),
  severity: AlertSeverity,
  summary: z.string(),
  description: z.string().nullable(),
  runbookUrl: z.string().nullable(),
  environmentId: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startsAt: z.number().int(),
  state: z.enum(['active', 'silenced']),
  silencedBy: z.array(z.string()),
  acknowledgedBy: z.string().nullable(),
  acknowledgedAt: z.number().int().nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export const AlertFeed = z.object({
  alerts: z.array(AlertView),
  /** When each alert source last answered, so the feed can say how old it is. */
  sources: z.array(
    z.object({ connectionId: z.string(), name: z.string(), lastSuccessAt: z.number().int().nullable(), lastError: z.string().nullable() }),
  ),
});
export type AlertFeed = z.infer<typeof AlertFeed>;

const matcherFields = {
  name: z.string().min(1, 'expected a label name'),
  value: z.string(),
  isRegex: z.boolean().default(false),
  isEqual: z.boolean().default(true),
};
export const Matcher = z.object(matcherFields);
export type Matcher = z.infer<typeof Matcher>;
/** A matcher as the operator sends it: a misspelt `isregex` is refused, not taken as an exact match. */
export const MatcherInput = strictObject(matcherFields);

export const SilenceView = z.object({
  id: z.string(),
  connectionId: z.string(),
  matchers: z.array(Matcher),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
  createdBy: z.string(),
  comment: z.string(),
  state: z.enum(['active', 'pending', 'expired']),
});
export type SilenceView = z.infer<typeof SilenceView>;

import { z } from 'zod';
import { strictObject } from '../contract/strict-object.js';
import { EnvironmentKind } from './ids.js';

/**
 * How long a customer environment lives (DOMAIN.md, model B): production is permanent; UAT and
 * training are temporary, ending a set number of days after the customer goes live, unless the
 * customer pays to keep one (permanent-paid) or asked for one for a single release.
 */

export const IsoDate = z.iso.date('expected a date as YYYY-MM-DD');

export const LifecycleKind = z.enum(['permanent', 'temporary', 'permanent-paid', 'release-temporary']);
export type LifecycleKind = z.infer<typeof LifecycleKind>;

/** A field a kind needs, with a message that says so when it is missing. */
const needed = (missing: string, wrong: string) => ({ error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : wrong) });

export const EnvironmentLifecycle = z.discriminatedUnion(
  'kind',
  [
    strictObject({ kind: z.literal('permanent') }),
    strictObject({
      kind: z.literal('temporary'),
      end: IsoDate.optional().describe("the last day it is kept, in the region's local time; default go-live plus the rule's days"),
    }),
    strictObject({
      kind: z.literal('permanent-paid'),
      agreement: z
        .string(needed('a permanent-paid environment needs the reference of its hosting agreement, e.g. agreement: HA-2291', 'expected the hosting agreement reference as text'))
        .trim()
        .min(1, 'expected the hosting agreement reference, e.g. HA-2291')
        .describe('the hosting agreement the customer pays under'),
    }),
    strictObject({
      kind: z.literal('release-temporary'),
      release: z
        .string(needed('a release-temporary environment needs the release it is kept for, e.g. release: 2026.11.1', 'expected the release version as text'))
        .min(1, 'expected the release version it is kept for')
        .describe('the release it is kept for, listed under deploys.releases'),
      end: z.iso
        .date(needed('a release-temporary environment needs its end, the last day it is kept, e.g. end: 2027-01-29', 'expected a date as YYYY-MM-DD'))
        .describe("the last day it is kept, in the region's local time; it ends at the start of the next day"),
    }),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? `expected kind ${LifecycleKind.options.join(', ')}` : undefined) },
);
export type EnvironmentLifecycle = z.infer<typeof EnvironmentLifecycle>;

/** The rule and its periods, for the whole fleet. */
export const LifecycleSettings = strictObject({
  temporaryKinds: z
    .array(EnvironmentKind)
    .default(['uat', 'training'])
    .describe('the rule: kinds of environment that are temporary unless their own lifecycle says otherwise'),
  daysAfterGoLive: z.number().int().min(0).max(3650).default(30).describe('a temporary environment is kept this many days after go-live'),
  warningDays: z.number().int().min(1).max(365).default(14).describe('how long before its end an environment counts as ending soon, and its account team is told'),
  graceDays: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(7)
    .describe('days after its end a due environment may still run before, still answering its health checks, it counts as should-be-gone'),
});
export type LifecycleSettings = z.infer<typeof LifecycleSettings>;

/** The lifecycle an environment has: its own, or the rule's for its kind. */
export function lifecycleOfKind(kind: EnvironmentKind, own: EnvironmentLifecycle | undefined, settings: LifecycleSettings): EnvironmentLifecycle {
  if (own) return own;
  return settings.temporaryKinds.includes(kind) ? { kind: 'temporary' } : { kind: 'permanent' };
}

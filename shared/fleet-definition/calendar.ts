import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { quote } from '../contract/quote.js';
import { strictObject } from '../contract/strict-object.js';
import { Id, TimeZone } from './ids.js';

/**
 * The calendar section of the fleet file: maintenance windows, upgrade timeslots and deploy
 * freezes, each defined once in the zone of the region it serves. Kept in the file so a team
 * versions it; the console edits it in place without losing comments or order.
 */


export const WindowKind = z.enum(['planned-maintenance', 'emergency-maintenance', 'upgrade-slot', 'deploy-freeze']);
export type WindowKind = z.infer<typeof WindowKind>;

/** A wall-clock date and time without a zone, as RFC 5545 and Temporal.PlainDateTime write it: 2026-01-31T23:00. */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'expected a local date and time such as 2026-01-31T23:00')
  .refine(
    (value) => {
      try {
        Temporal.PlainDateTime.from(value, { overflow: 'reject' });
        return true;
      } catch {
        return false;
      }
    },
    { error: (issue) => `${quote(String(issue.input))} is not a real date and time` },
  );
export type LocalDateTime = z.infer<typeof LocalDateTime>;

/** Elapsed time, ISO 8601 (PT2H, PT30M, P1DT2H). Weeks, months and years are refused: their length depends on the date. */
export const WindowDuration = z.string().refine(
  (value) => {
    try {
      const duration = Temporal.Duration.from(value);
      if (duration.years || duration.months || duration.weeks) return false;
      const minutes = duration.total({ unit: 'minutes' });
      return minutes >= 1 && minutes <= 60 * 24 * 14;
    } catch {
      return false;
    }
  },
  { error: (issue) => `expected an ISO 8601 duration of 1 minute to 14 days such as PT2H or PT4H30M, got ${quote(String(issue.input))}` },
);

const windowScopeFields = {
  regions: z.array(Id).optional(),
  sites: z.array(Id).optional(),
  tenants: z.array(Id).optional(),
  environments: z.array(Id).optional(),
};
const hasScope = (scope: Partial<Record<keyof typeof windowScopeFields, string[]>>) => Object.values(scope).some((ids) => ids && ids.length > 0);
const NO_SCOPE = { error: 'expected a scope: at least one region, site, tenant or environment' };

export const WindowScope = z.object(windowScopeFields).refine(hasScope, NO_SCOPE);
export type WindowScope = z.infer<typeof WindowScope>;
/** A scope sent by the console: unknown keys are refused (the fleet file stays as forgiving as it was). */
export const WindowScopeInput = strictObject(windowScopeFields).refine(hasScope, NO_SCOPE);

/** The fields of a window, with its scope as the fleet file or the console's input reads it. */
function windowFields<S extends z.ZodType>(scope: S) {
  return {
    id: Id,
    kind: WindowKind,
    title: z.string().trim().min(1, 'expected a title').max(200),
    description: z.string().max(4000).optional(),
    /** What customers read on the status page and the in-product banner. */
    customerText: z.string().max(4000).optional(),
    scope,
    start: LocalDateTime.describe('local wall-clock start in timeZone, e.g. 2026-01-31T23:00'),
    timeZone: TimeZone,
    duration: WindowDuration.describe('elapsed time, ISO 8601, e.g. PT2H'),
    rrule: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('RFC 5545 recurrence without DTSTART, e.g. FREQ=MONTHLY;BYDAY=-1SA or FREQ=WEEKLY;BYDAY=TH,FR;UNTIL=20271231T000000Z'),
    exdates: z.array(LocalDateTime).optional().describe('local starts of occurrences that do not happen'),
    /** Planned maintenance: days of notice, overriding the region's. */
    noticeDays: z.number().int().min(0).max(90).optional(),
    /** Emergency maintenance: why it cannot wait for the usual notice. */
    reason: z.string().trim().min(3).max(1000).optional(),
    /** Backends to publish to; default the calendar's publishTo. */
    publishTo: z.array(Id).optional(),
  };
}

function emergencyNeedsReason(window: { kind: WindowKind; reason?: string | undefined }, ctx: z.RefinementCtx): void {
  if (window.kind === 'emergency-maintenance' && !window.reason) {
    ctx.addIssue({ code: 'custom', path: ['reason'], message: 'emergency maintenance needs a reason: why it cannot wait for the usual notice' });
  }
}

export const WindowDefinition = z.object(windowFields(WindowScope)).superRefine(emergencyNeedsReason);
export type WindowDefinition = z.infer<typeof WindowDefinition>;
/** A window sent by the console (saveWindow): unknown keys are refused at every depth. */
export const WindowDefinitionInput = strictObject(windowFields(WindowScopeInput)).superRefine(emergencyNeedsReason);

export const CalendarDefinition = z.object({
  /** Days of notice planned maintenance needs when neither the window nor its region says. */
  noticeDays: z.number().int().min(0).max(90).default(7),
  /** Backends (statuspage, alertmanager, datadog, sandbox) that a window is published to by default. */
  publishTo: z.array(Id).default([]),
  windows: z.array(WindowDefinition).default([]),
});
export type CalendarDefinition = z.infer<typeof CalendarDefinition>;

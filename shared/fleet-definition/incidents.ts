import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { quote } from '../contract/quote.js';
import { strictObject } from '../contract/strict-object.js';
import { Id, TimeZone } from './ids.js';

/**
 * The incidents section of the fleet file: what each severity means, its SLA targets and
 * calendar, what pauses its clocks, what closing it needs and whom to tell when. Every object is
 * strict, so a misspelt key is a problem with its line rather than a silent default. Without the
 * section (or a part of it) the defaults below apply: they follow common SaaS support contracts.
 */

export const Severity = z.enum(['sev1', 'sev2', 'sev3', 'sev4']);
export type Severity = z.infer<typeof Severity>;

/**
 * Why an open incident is on hold. A hold is a flag beside the status, not a status: the
 * lifecycle (triage → … → closed) says how far the work has come, and waiting for the customer
 * can happen at any of its steps; when the wait ends the work resumes where it was, which a
 * "waiting" status would have forgotten. Jira Service Management's "Waiting for customer" status
 * and ServiceNow's On Hold state with its hold reason both map to it.
 */
export const HoldReason = z.enum(['waiting-for-customer', 'waiting-for-vendor', 'waiting-for-change']);
export type HoldReason = z.infer<typeof HoldReason>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

const MINUTE_MS = 60_000;

const durations = new Map<string, number | undefined>();

/** An ISO 8601 duration of fixed length (no years, months or weeks), as milliseconds; undefined when it is not one. Kept per text: clocks ask for the same few targets all the time. */
export function durationMs(value: string): number | undefined {
  if (durations.has(value)) return durations.get(value);
  const ms = parseDurationMs(value);
  if (durations.size < 1000) durations.set(value, ms);
  return ms;
}

function parseDurationMs(value: string): number | undefined {
  try {
    const duration = Temporal.Duration.from(value);
    if (duration.years || duration.months || duration.weeks || duration.sign < 0) return undefined;
    return duration.total({ unit: 'milliseconds' });
  } catch {
    return undefined;
  }
}

function boundedDuration(maxDays: number, example: string) {
  return z.string().refine(
    (value) => {
      const ms = durationMs(value);
      return ms !== undefined && ms >= MINUTE_MS && ms <= maxDays * 86_400_000;
    },
    { error: (issue) => `expected an ISO 8601 duration of 1 minute to ${maxDays} days such as ${example}, got ${quote(String(issue.input))}` },
  );
}

/** A target in SLA time: counted only while the SLA calendar runs (PT24H on 09:00-17:00 is three business days). */
export const SlaDuration = boundedDuration(365, 'PT4H or PT24H');
/** Elapsed wall-clock time for the communications checklist: customers are told in real time, whatever the SLA calendar. */
export const CommsDuration = boundedDuration(30, 'PT30M');
/** Elapsed wall-clock time around an incident: how far back its suspects are looked for, how long later alerts are offered. */
export const IncidentWindowDuration = boundedDuration(7, 'PT6H');

const StartTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (00:00 to 23:59)');
const EndTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day as HH:MM (00:00 to 24:00)');

/** Minutes since midnight of "HH:MM" (24:00 is 1440). */
export function clockMinutes(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/**
 * When the SLA clock runs outside 24x7: the listed weekdays from `start` to `end` in the zone,
 * except public holidays. An `end` at or before `start` runs past midnight into the next day (a
 * night desk, 22:00-06:00); such a span belongs to the day it starts on, so a holiday removes the
 * span that starts on it.
 */
export const BusinessHours = strictObject({
  timeZone: TimeZone.default('UTC').describe('IANA zone the hours are kept in, e.g. Europe/London'),
  weekdays: z
    .array(Weekday)
    .min(1, 'expected at least one weekday')
    .default(['mon', 'tue', 'wed', 'thu', 'fri'])
    .refine((days) => new Set(days).size === days.length, { error: 'a weekday is listed twice' }),
  start: StartTime.default('09:00'),
  end: EndTime.default('17:00').describe('at or before start: the span runs past midnight into the next day'),
  holidays: z.array(z.iso.date('expected a date as YYYY-MM-DD')).default([]).describe('public holidays, local dates on which no span starts'),
}).refine((hours) => clockMinutes(hours.start) !== clockMinutes(hours.end) % 1440 || hours.end === '24:00', {
  error: 'start and end are the same time; for round-the-clock cover use calendar: 24x7',
  path: ['end'],
});
export type BusinessHours = z.infer<typeof BusinessHours>;

export const CommsChannel = z.enum(['status-page', 'banner', 'account-manager', 'customer-email', 'internal', 'executive']);
export type CommsChannel = z.infer<typeof CommsChannel>;

/** One duty of the communications checklist: first due `within` of the declaration, then `every` while the incident is open. */
export const CommsItem = strictObject({
  id: Id,
  action: z.string().trim().min(1, 'expected what is to be done, in words').max(300),
  channel: CommsChannel,
  within: CommsDuration.optional().describe('first due this long after the incident is declared (wall-clock time)'),
  every: CommsDuration.optional().describe('then due again this long after each time it is done, while the incident is open'),
}).refine((item) => item.within !== undefined || item.every !== undefined, { error: 'expected within, every or both: when it is due' });
export type CommsItem = z.infer<typeof CommsItem>;

export const SlaCalendarChoice = z.enum(['24x7', 'business-hours']);

interface SeverityDefaults {
  meaning: string;
  response: string;
  resolution: string;
  calendar: z.infer<typeof SlaCalendarChoice>;
  pauseOn: HoldReason[];
  reviewRequired: boolean;
  customerRootCauseRequired: boolean;
  communications: CommsItem[];
}

/** Common SaaS contract terms; the README's "Incident severities and SLA defaults" lists them. */
export const SEVERITY_DEFAULTS: Record<Severity, SeverityDefaults> = {
  sev1: {
    meaning: 'Critical: production is down or unusable for one or more customers, data is lost or exposed, and there is no workaround.',
    response: 'PT15M',
    resolution: 'PT4H',
    calendar: '24x7',
    pauseOn: ['waiting-for-customer'],
    reviewRequired: true,
    customerRootCauseRequired: true,
    communications: [
      { id: 'status-page', action: 'Post the incident to the status page', channel: 'status-page', within: 'PT30M' },
      { id: 'status-update', action: 'Update the status page', channel: 'status-page', every: 'PT30M' },
      { id: 'account-manager', action: "Tell each affected customer's account manager", channel: 'account-manager', within: 'PT1H' },
      { id: 'executive', action: 'Brief the executive on call', channel: 'executive', within: 'PT1H' },
    ],
  },
  sev2: {
    meaning: 'Major: a core feature fails or is badly degraded for many users, or production is at risk; a workaround may exist.',
    response: 'PT30M',
    resolution: 'PT8H',
    calendar: '24x7',
    pauseOn: ['waiting-for-customer'],
    reviewRequired: true,
    customerRootCauseRequired: false,
    communications: [
      { id: 'status-page', action: 'Post the incident to the status page', channel: 'status-page', within: 'PT1H' },
      { id: 'status-update', action: 'Update the status page', channel: 'status-page', every: 'PT1H' },
      { id: 'account-manager', action: "Tell each affected customer's account manager", channel: 'account-manager', within: 'PT2H' },
    ],
  },
  sev3: {
    meaning: 'Minor: a non-core feature is impaired or a few users are affected, and a workaround exists.',
    response: 'PT4H',
    resolution: 'PT24H',
    calendar: 'business-hours',
    pauseOn: ['waiting-for-customer'],
    reviewRequired: false,
    customerRootCauseRequired: false,
    communications: [{ id: 'customer-update', action: 'Update the affected customers', channel: 'customer-email', every: 'P1D' }],
  },
  sev4: {
    meaning: 'Low: a cosmetic fault, a question or a request, with no real effect on the service.',
    response: 'PT8H',
    resolution: 'PT80H',
    calendar: 'business-hours',
    pauseOn: ['waiting-for-customer'],
    reviewRequired: false,
    customerRootCauseRequired: false,
    communications: [],
  },
};

function severityPolicy(defaults: SeverityDefaults) {
  return strictObject({
    meaning: z.string().trim().min(1, 'expected what this severity means, in words').max(1000).default(defaults.meaning),
    response: SlaDuration.default(defaults.response).describe('time to first response: the incident leaves triage'),
    resolution: SlaDuration.default(defaults.resolution).describe('time to resolution'),
    calendar: SlaCalendarChoice.default(defaults.calendar).describe("when the clocks run: 24x7, or the section's businessHours"),
    pauseOn: z
      .array(HoldReason)
      .default(defaults.pauseOn)
      .describe('hold reasons that stop the clocks while they last, e.g. waiting-for-customer'),
    reviewRequired: z.boolean().default(defaults.reviewRequired).describe('closing needs a complete lessons-learnt review'),
    customerRootCauseRequired: z.boolean().default(defaults.customerRootCauseRequired).describe('the review must include root-cause text for customers'),
    communications: z
      .array(CommsItem)
      .default(defaults.communications)
      .refine((items) => new Set(items.map((item) => item.id)).size === items.length, { error: 'two communications items have the same id' }),
  });
}

export const SeverityPolicyDefinition = severityPolicy(SEVERITY_DEFAULTS.sev1);
export type SeverityPolicyDefinition = z.infer<typeof SeverityPolicyDefinition>;

/** What a status message template may say in braces, filled in from the incident and the fleet file. */
export const STATUS_MESSAGE_PLACEHOLDERS = ['title', 'impact', 'regions', 'customers', 'environments', 'since', 'time'] as const;
export type StatusMessagePlaceholder = (typeof STATUS_MESSAGE_PLACEHOLDERS)[number];

/** A message template in words whose placeholders in braces must be among `placeholders`. */
function messageTemplate(placeholders: readonly string[]) {
  return z
    .string()
    .trim()
    .min(1, 'expected the message, in words')
    .max(5000)
    .superRefine((template, ctx) => {
      for (const [, name] of template.matchAll(/\{([^{}]*)\}/g)) {
        if (name !== undefined && !placeholders.includes(name)) {
          ctx.addIssue({ code: 'custom', message: `unknown placeholder {${name}}; a template may use ${placeholders.map((known) => `{${known}}`).join(', ')}` });
        }
      }
    });
}

const StatusMessageTemplate = messageTemplate(STATUS_MESSAGE_PLACEHOLDERS);

/** Customers read these on the status page; customer and environment names are left out of the defaults because most pages are public. */
export const STATUS_MESSAGE_DEFAULTS = {
  investigating: 'We are investigating a problem in {regions} that began at {since}. Affected: {impact}. We will post an update as soon as we know more.',
  identified: 'We have found the cause of the problem in {regions} and are working on a fix. Affected: {impact}. Updated at {time}.',
  monitoring: 'A fix is in place for the problem in {regions} and we are watching the results. Affected: {impact}. Updated at {time}.',
  resolved: 'The problem in {regions} that began at {since} is resolved as of {time}. Affected: {impact}. We are sorry for the disruption.',
};

/** One status-page message template per public status. */
export const StatusMessages = strictObject({
  investigating: StatusMessageTemplate.default(STATUS_MESSAGE_DEFAULTS.investigating),
  identified: StatusMessageTemplate.default(STATUS_MESSAGE_DEFAULTS.identified),
  monitoring: StatusMessageTemplate.default(STATUS_MESSAGE_DEFAULTS.monitoring),
  resolved: StatusMessageTemplate.default(STATUS_MESSAGE_DEFAULTS.resolved),
});
export type StatusMessages = z.infer<typeof StatusMessages>;

/**
 * What a chat message template may say in braces: the status-page placeholders, and what the
 * event adds ({by} who, {status} and {previous}, {said} on the status page, {clock} and {percent}
 * of an SLA, {change} and {state} of a suspected deployment, {severity}, {commander}, {ticket}).
 */
export const CHAT_MESSAGE_PLACEHOLDERS = [
  ...STATUS_MESSAGE_PLACEHOLDERS,
  'severity',
  'commander',
  'ticket',
  'status',
  'previous',
  'by',
  'said',
  'clock',
  'percent',
  'change',
  'state',
] as const;
export type ChatMessagePlaceholder = (typeof CHAT_MESSAGE_PLACEHOLDERS)[number];

const ChatMessageTemplate = messageTemplate(CHAT_MESSAGE_PLACEHOLDERS);

/** The team reads these in the incident's channel: names of customers and environments are fine here. */
export const CHAT_MESSAGE_DEFAULTS = {
  declared: '{severity} declared: {title}. Regions: {regions}. Customers: {customers}. Environments: {environments}. Affected: {impact}. Commander: {commander}. Ticket: {ticket}. Since {since}.',
  status: 'Status changed from {previous} to {status} by {by} at {time}.',
  statusPage: 'Status page updated by {by} at {time}: "{said}"',
  slaWarning: 'The {clock} SLA has used {percent} % of its target at {time}.',
  slaBreach: 'The {clock} SLA was breached at {time}.',
  deployment: 'Suspected change: {change} ({state}) in scope, started {since}.',
  rollback: 'Rollback in scope: {change} ({state}), started {since}.',
  resolved: 'Resolved by {by} at {time}.',
  closed: 'Closed by {by} at {time}.',
};

/** One chat message template per event of an incident. */
export const ChatMessages = strictObject({
  declared: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.declared),
  status: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.status),
  statusPage: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.statusPage),
  slaWarning: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.slaWarning),
  slaBreach: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.slaBreach),
  deployment: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.deployment),
  rollback: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.rollback),
  resolved: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.resolved),
  closed: ChatMessageTemplate.default(CHAT_MESSAGE_DEFAULTS.closed),
});
export type ChatMessages = z.infer<typeof ChatMessages>;

const severityDefaultsOf = (severity: Severity) => severityPolicy(SEVERITY_DEFAULTS[severity]).parse({});
const Percent = z.number().int().min(1, 'expected a percentage from 1 to 99').max(99, 'expected a percentage from 1 to 99');

export const IncidentsDefinition = strictObject({
  warnAt: z
    .array(Percent)
    .default([50, 75])
    .refine((percents) => new Set(percents).size === percents.length, { error: 'a warning percentage is listed twice' })
    .transform((percents) => [...percents].sort((a, b) => a - b))
    .describe('percentages of each SLA target at which a warning is given'),
  businessHours: BusinessHours.default(BusinessHours.parse({})),
  statusMessages: StatusMessages.default(STATUS_MESSAGE_DEFAULTS).describe(
    'status-page message per status; placeholders {title}, {impact}, {regions}, {customers}, {environments}, {since} and {time} (each region\'s local time) are filled in',
  ),
  chatMessages: ChatMessages.default(CHAT_MESSAGE_DEFAULTS).describe(
    'message per incident event in its chat channel; placeholders as in statusMessages, and {severity}, {commander}, {ticket}, {status}, {previous}, {by}, {said}, {clock}, {percent}, {change}, {state}',
  ),
  correlationLookback: IncidentWindowDuration.default('PT6H').describe(
    'how far before the first alert the deployments, rollbacks and maintenance in scope are listed as suspects; the timeline starts there too',
  ),
  linkWindow: IncidentWindowDuration.default('PT2H').describe(
    'alerts firing in scope this long after the last linked alert (or the declaration) are offered for linking',
  ),
  severities: strictObject({
    sev1: severityPolicy(SEVERITY_DEFAULTS.sev1).default(severityDefaultsOf('sev1')),
    sev2: severityPolicy(SEVERITY_DEFAULTS.sev2).default(severityDefaultsOf('sev2')),
    sev3: severityPolicy(SEVERITY_DEFAULTS.sev3).default(severityDefaultsOf('sev3')),
    sev4: severityPolicy(SEVERITY_DEFAULTS.sev4).default(severityDefaultsOf('sev4')),
  }).default({
    sev1: severityDefaultsOf('sev1'),
    sev2: severityDefaultsOf('sev2'),
    sev3: severityDefaultsOf('sev3'),
    sev4: severityDefaultsOf('sev4'),
  }),
});
export type IncidentsDefinition = z.infer<typeof IncidentsDefinition>;

/** The section as it is when the fleet file has none. */
export function defaultIncidents(): IncidentsDefinition {
  return IncidentsDefinition.parse({});
}

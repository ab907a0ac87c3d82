import type { z } from 'zod';
import type { WindowDefinition, WindowKind } from '../../../../shared/contract/calendar.js';
import { parseRecurrence } from '../../../../shared/fleet-definition/recurrence-rule.js';

/** What the scope fields hold: regions are ticked, the rest are typed as lists of ids. */
export interface ScopeDraft {
  regions: string[];
  sites: string;
  tenants: string;
  environments: string;
}

export interface WindowDraft {
  id: string;
  /** Until the id is typed, it follows the title. */
  idEdited: boolean;
  kind: WindowKind;
  title: string;
  description: string;
  customerText: string;
  scope: ScopeDraft;
  /** As a datetime-local input gives it: 2026-01-31T23:00. */
  start: string;
  timeZone: string;
  duration: string;
  rrule: string;
  exdates: string[];
  noticeDays: string;
  reason: string;
  publishTo: string;
}

export type WindowInput = z.input<typeof WindowDefinition>;

export const EMPTY_SCOPE: ScopeDraft = { regions: [], sites: '', tenants: '', environments: '' };

export function emptyDraft(timeZone: string, start: string): WindowDraft {
  return {
    id: '',
    idEdited: false,
    kind: 'planned-maintenance',
    title: '',
    description: '',
    customerText: '',
    scope: EMPTY_SCOPE,
    start,
    timeZone,
    duration: 'PT2H',
    rrule: '',
    exdates: [],
    noticeDays: '',
    reason: '',
    publishTo: '',
  };
}

export function draftFromDefinition(definition: WindowDefinition): WindowDraft {
  return {
    id: definition.id,
    idEdited: true,
    kind: definition.kind,
    title: definition.title,
    description: definition.description ?? '',
    customerText: definition.customerText ?? '',
    scope: {
      regions: definition.scope.regions ?? [],
      sites: (definition.scope.sites ?? []).join(', '),
      tenants: (definition.scope.tenants ?? []).join(', '),
      environments: (definition.scope.environments ?? []).join(', '),
    },
    start: definition.start.slice(0, 16),
    timeZone: definition.timeZone,
    duration: definition.duration,
    rrule: definition.rrule ?? '',
    exdates: definition.exdates ?? [],
    noticeDays: definition.noticeDays === undefined ? '' : String(definition.noticeDays),
    reason: definition.reason ?? '',
    publishTo: (definition.publishTo ?? []).join(', '),
  };
}

/** "APAC patching (March)" → "apac-patching-march": a valid id to start from. */
export function slugOf(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
}

/** Ids typed with commas, spaces or new lines between them. */
export function idList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

export function scopeInput(scope: ScopeDraft): WindowInput['scope'] {
  const lists = { regions: scope.regions, sites: idList(scope.sites), tenants: idList(scope.tenants), environments: idList(scope.environments) };
  return Object.fromEntries(Object.entries(lists).filter(([, ids]) => ids.length > 0));
}

const FRIENDLY_DURATION = /^(?:(\d+)\s*d(?:ays?)?)?\s*(?:(\d+)\s*h(?:ours?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?)?)?)?$/i;

/**
 * "2h", "4h 30m", "1d 2h" as ISO 8601 (PT2H, PT4H30M, P1DT2H); anything else is passed on as
 * typed, for the contract to check and explain.
 */
export function durationInput(text: string): string {
  const trimmed = text.trim();
  const match = FRIENDLY_DURATION.exec(trimmed);
  if (/^p/i.test(trimmed)) return trimmed.toUpperCase();
  if (match === null || trimmed === '') return trimmed;
  const [, days, hours, minutes] = match;
  const time = `${hours === undefined ? '' : `${Number(hours)}H`}${minutes === undefined ? '' : `${Number(minutes)}M`}`;
  return `P${days === undefined ? '' : `${Number(days)}D`}${time === '' ? '' : `T${time}`}`;
}

/** What the form can tell before asking the core: the recurrence rule and the notice days. */
export function localProblems(draft: WindowDraft): Map<string, string> {
  const problems = new Map<string, string>();
  if (draft.rrule.trim() !== '') {
    const parsed = parseRecurrence(draft.rrule);
    if (!parsed.ok) problems.set('rrule', parsed.message);
  }
  if (draft.kind === 'planned-maintenance' && draft.noticeDays.trim() !== '' && !/^\d+$/.test(draft.noticeDays.trim())) {
    problems.set('noticeDays', 'Enter the days of notice as a whole number, e.g. 7, or leave it empty for the default.');
  }
  return problems;
}

/** The window the contract takes; its own checks (run before the call leaves the page) name any field that is wrong. */
export function definitionFromDraft(draft: WindowDraft): WindowInput {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const publishTo = idList(draft.publishTo);
  return {
    id: draft.id.trim(),
    kind: draft.kind,
    title: draft.title.trim(),
    description: optional(draft.description),
    customerText: optional(draft.customerText),
    scope: scopeInput(draft.scope),
    start: draft.start,
    timeZone: draft.timeZone.trim(),
    duration: durationInput(draft.duration),
    rrule: optional(draft.rrule),
    exdates: draft.exdates.length === 0 ? undefined : draft.exdates,
    noticeDays: draft.kind === 'planned-maintenance' && draft.noticeDays.trim() !== '' ? Number(draft.noticeDays.trim()) : undefined,
    reason: draft.kind === 'emergency-maintenance' ? optional(draft.reason) : undefined,
    publishTo: publishTo.length === 0 ? undefined : publishTo,
  };
}

import type { AlertView, Matcher } from '../../../../shared/contract/alerts.js';

export const DURATION_CHOICES = [
  { value: '30', label: '30 min' },
  { value: '60', label: '1 h' },
  { value: '120', label: '2 h' },
  { value: '240', label: '4 h' },
  { value: '1440', label: '1 day' },
  { value: 'custom', label: 'Custom…' },
] as const;

export type DurationChoice = (typeof DURATION_CHOICES)[number]['value'];

export function isDurationChoice(value: string): value is DurationChoice {
  return DURATION_CHOICES.some((choice) => choice.value === value);
}

export const OPERATORS = ['=', '!=', '=~', '!~'] as const;
export type Operator = (typeof OPERATORS)[number];

export function isOperator(value: string): value is Operator {
  return (OPERATORS as readonly string[]).includes(value);
}

export interface MatcherDraft {
  /** Stable across edits, so React keeps each row's inputs. */
  id: number;
  name: string;
  operator: Operator;
  value: string;
}

const MAX_MINUTES = 43_200;

/** The alert's environment and name, so the silence covers this alert and its repeats, and nothing else. */
export function defaultMatchers(alert: AlertView): MatcherDraft[] {
  const drafts: MatcherDraft[] = [];
  const environment = alert.labels.environment ?? alert.environmentId;
  if (environment !== null && environment !== undefined) drafts.push({ id: 1, name: 'environment', operator: '=', value: environment });
  drafts.push({ id: 2, name: 'alertname', operator: '=', value: alert.labels.alertname ?? alert.name });
  return drafts;
}

export function toMatcher(draft: MatcherDraft): Matcher {
  return {
    name: draft.name.trim(),
    value: draft.value,
    isRegex: draft.operator === '=~' || draft.operator === '!~',
    isEqual: draft.operator === '=' || draft.operator === '=~',
  };
}

/** Minutes from the chosen duration, or a sentence saying what is wrong with a custom one. */
export function durationMinutes(choice: DurationChoice, custom: string): number | string {
  if (choice !== 'custom') return Number(choice);
  const trimmed = custom.trim();
  if (!/^\d+$/.test(trimmed)) return 'Enter the duration as a whole number of minutes.';
  const minutes = Number(trimmed);
  if (minutes < 1 || minutes > MAX_MINUTES) return `A silence lasts from 1 minute to ${MAX_MINUTES} minutes (30 days).`;
  return minutes;
}

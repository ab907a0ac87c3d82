import type { Publication, PublishState } from '../../../../shared/contract/calendar.js';
import { PUBLISH_LABELS } from './calendar-labels.js';

/** Worst first: what most needs a person's hand decides how a row of backends is summed up. */
const SEVERITY: readonly PublishState[] = ['cancel-failed', 'failed', 'outdated', 'not-published', 'cancelled', 'published'];

export interface PublishSummary {
  state: PublishState;
  label: string;
}

/** "Published", "Failed on 1 of 3", "Not published": one line for a list row. */
export function publishSummary(publications: readonly Publication[]): PublishSummary | null {
  if (publications.length === 0) return null;
  const worst = SEVERITY.find((state) => publications.some((publication) => publication.state === state)) ?? 'not-published';
  const count = publications.filter((publication) => publication.state === worst).length;
  if (count === publications.length) return { state: worst, label: PUBLISH_LABELS[worst] };
  return { state: worst, label: `${PUBLISH_LABELS[worst]} on ${count} of ${publications.length}` };
}

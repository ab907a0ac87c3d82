import { StatusPageStatus, type IncidentDetail } from '../../../shared/contract/incidents.js';
import type { CachedTicket } from '../store/incident-repo.js';
import { authorOf } from './entry-key.js';
import type { OutboxEntry } from './outbox-entry.js';

/** The outbox entry's and the ticket comment's key prefix (see `entryKey`): how a delivered draft is found again among the ticket's comments. */
export const STATUS_DRAFT_PREFIX = 'status-draft';

const DRAFT_TEXT = /^Draft status-page update \(([a-z]+)\): ([\s\S]*)$/;

/** The internal comment a status-page update draft becomes on the ticket. */
export function statusDraftText(status: StatusPageStatus, body: string): string {
  return `Draft status-page update (${status}): ${body}`;
}

/** The latest status-update draft: one still waiting in the outbox, else the newest the ticket keeps as a comment. */
export function latestStatusDraft(ticket: CachedTicket | null, waiting: readonly OutboxEntry[]): IncidentDetail['statusDraft'] {
  const queued = waiting.filter((entry) => entry.payload.kind === 'status-draft').at(-1);
  if (queued?.payload.kind === 'status-draft') return { status: queued.payload.status, body: queued.payload.body, at: queued.createdAt, by: queued.createdBy };
  const comments = (ticket?.comments ?? []).filter((comment) => comment.key?.split('.')[0] === STATUS_DRAFT_PREFIX).sort((a, b) => a.at - b.at);
  for (const comment of comments.reverse()) {
    const match = DRAFT_TEXT.exec(comment.text);
    const status = StatusPageStatus.safeParse(match?.[1]);
    if (match && status.success) return { status: status.data, body: match[2] ?? '', at: comment.at, by: authorOf(comment.key) ?? comment.author };
  }
  return null;
}

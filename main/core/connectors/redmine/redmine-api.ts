import { z } from 'zod';
import type { BackendClient } from '../../http/backend-client.js';
import { IsoTime, parseAnswer } from '../prometheus/answer.js';

/**
 * The Redmine REST API (redmine.org/projects/redmine/wiki/Rest_api) as the console uses it:
 * issues with their journals, and the issue statuses. Fields are reduced to what is read.
 */

const Named = z.object({ id: z.number().int(), name: z.string() });

const CustomValue = z.object({ id: z.number().int(), name: z.string(), value: z.union([z.string(), z.array(z.string()), z.null()]).optional() });

const Journal = z.object({
  id: z.number().int(),
  /** Absent for a deleted user's journal. */
  user: Named.optional(),
  notes: z.string().nullable().optional(),
  private_notes: z.boolean().optional(),
  created_on: IsoTime,
});

export const Issue = z.object({
  id: z.number().int(),
  project: Named,
  status: Named,
  subject: z.string(),
  description: z.string().nullable().optional(),
  custom_fields: z.array(CustomValue).optional(),
  updated_on: IsoTime,
  /** Only with `include=journals`, oldest first. */
  journals: z.array(Journal).optional(),
  /** Only with `include=allowed_statuses`: where the workflow lets the key's user move it, the current status included. */
  allowed_statuses: z.array(Named).optional(),
});
export type Issue = z.infer<typeof Issue>;

const IssueAnswer = z.object({ issue: Issue });
const IssueList = z.object({ issues: z.array(Issue), total_count: z.number().int(), offset: z.number().int(), limit: z.number().int() });

const IssueStatus = z.object({ id: z.number().int(), name: z.string(), is_closed: z.boolean().optional() });
const IssueStatuses = z.object({ issue_statuses: z.array(IssueStatus) });
export type IssueStatus = z.infer<typeof IssueStatus>;

/** The body of `POST /issues.json` and `PUT /issues/{id}.json`. */
export interface IssueFields {
  project_id?: string;
  tracker_id?: number;
  subject?: string;
  description?: string;
  status_id?: number;
  notes?: string;
  /** Whether the note is private (Redmine drops the flag where the user lacks "Set notes as private"). */
  private_notes?: boolean;
  custom_fields?: { id: number; value: string }[];
}

/** Issue filters of `GET /issues.json`: `cf_<id>`, `subject` and `updated_on` take an operator prefix (`=` is, `~` contains, `^` starts with, `>=` at or after). */
export type IssueFilter = Record<string, string>;

/** Redmine caps a page at 100 issues. */
const PER_PAGE = 100;

export class RedmineApi {
  constructor(
    private readonly client: BackendClient,
    /** Names the backend in every error, e.g. `Redmine "tickets"`. */
    readonly label: string,
  ) {}

  async statuses(signal: AbortSignal): Promise<IssueStatus[]> {
    const path = '/issue_statuses.json';
    const response = await this.client.json({ path, signal });
    return parseAnswer(IssueStatuses, response.body, `${this.label} GET ${path}`).issue_statuses;
  }

  /** The issue with its journals and the statuses its workflow allows. */
  async get(id: string, signal: AbortSignal): Promise<Issue> {
    const path = `/issues/${encodeURIComponent(id)}.json`;
    const response = await this.client.json({ path, query: { include: 'journals,allowed_statuses' }, signal });
    return parseAnswer(IssueAnswer, response.body, `${this.label} GET ${path}`).issue;
  }

  /** Every issue of the project matching the filters, open or closed, page by page. */
  async search(project: string, filter: IssueFilter, signal: AbortSignal): Promise<Issue[]> {
    const path = '/issues.json';
    const issues: Issue[] = [];
    for (let offset = 0; ; offset += PER_PAGE) {
      const response = await this.client.json({ path, query: { project_id: project, status_id: '*', sort: 'id', limit: PER_PAGE, offset, ...filter }, signal });
      const page = parseAnswer(IssueList, response.body, `${this.label} GET ${path}`);
      issues.push(...page.issues);
      if (page.issues.length === 0 || issues.length >= page.total_count) return issues;
    }
  }

  async create(fields: IssueFields, signal: AbortSignal): Promise<Issue> {
    const path = '/issues.json';
    // Not retried: Redmine has no idempotency key, a retry after a lost answer would open a second ticket.
    const response = await this.client.json({ method: 'POST', path, body: { issue: fields }, idempotent: false, signal });
    return parseAnswer(IssueAnswer, response.body, `${this.label} POST ${path}`).issue;
  }

  /** Redmine answers 204; `idempotent` says whether sending it twice leaves the same ticket (a status does, a note does not). */
  async update(id: string, fields: IssueFields, idempotent: boolean, signal: AbortSignal): Promise<void> {
    const path = `/issues/${encodeURIComponent(id)}.json`;
    await this.client.json({ method: 'PUT', path, body: { issue: fields }, idempotent, signal });
  }
}

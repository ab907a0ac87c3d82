import { describe, expect, it } from 'vitest';
import { BackendDefinition } from '../../shared/fleet-definition/schema.js';

/** A jira backend as a team writes it in the fleet file. */

const token = { store: 'keychain', account: 'jira/apiToken' };

function messages(input: unknown): string[] {
  const parsed = BackendDefinition.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('a jira backend in the fleet file', () => {
  it('takes the site, Basic auth with an email and an API token reference, and a project key', () => {
    const parsed = BackendDefinition.parse({
      id: 'jira',
      kind: 'jira',
      url: 'https://acme.atlassian.net',
      projectKey: 'OPS',
      auth: { type: 'basic', username: 'ops-bot@example.com', password: token },
      statuses: { monitoring: 'Monitoring' },
    });
    expect(parsed).toMatchObject({ kind: 'jira', issueType: 'Task', serviceDesk: false, statuses: { triage: 'Open', monitoring: 'Monitoring', resolved: 'Resolved' }, priorities: { sev1: 'Highest', sev4: 'Low' } });
  });

  it('says Jira Cloud takes Basic auth with an email and an API token when given another kind', () => {
    expect(messages({ id: 'jira', kind: 'jira', url: 'https://acme.atlassian.net', projectKey: 'OPS', auth: { type: 'bearer', token } })).toEqual([
      'auth: expected Basic auth for Jira Cloud: username the Atlassian account email, password an API token (a keychain account or an environment variable)',
    ]);
  });

  it('names what is wrong with a project key, an unknown incident status or a missing site', () => {
    expect(
      messages({
        id: 'jira',
        kind: 'jira',
        projectKey: 'ops',
        auth: { type: 'basic', username: 'ops-bot@example.com', password: token },
        statuses: { mitigated: 'Done' },
      }),
    ).toEqual([
      'url: expected the Jira site URL, e.g. https://your-site.atlassian.net',
      'projectKey: expected a Jira project key such as OPS (capitals, digits, underscores)',
      'statuses: unknown field "mitigated"; expected triage, investigating, identified, monitoring, resolved, closed, cancelled',
    ]);
  });
});

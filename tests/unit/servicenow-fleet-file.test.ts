import { describe, expect, it } from 'vitest';
import { BackendDefinition } from '../../shared/fleet-definition/schema.js';

/** A servicenow backend as a team writes it in the fleet file. */

const password = { store: 'keychain', account: 'desk/password' };

function messages(input: unknown): string[] {
  const parsed = BackendDefinition.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('a servicenow backend in the fleet file', () => {
  it("takes the instance and Basic auth, and fills in ServiceNow's incident states, impact × urgency and the record field", () => {
    const parsed = BackendDefinition.parse({
      id: 'desk',
      kind: 'servicenow',
      url: 'https://acme.service-now.com',
      auth: { type: 'basic', username: 'watchfloor.integration', password },
      states: { monitoring: 3 },
      severities: { sev4: { impact: 3, urgency: 3 } },
    });
    expect(parsed).toMatchObject({
      kind: 'servicenow',
      states: { triage: 1, investigating: 2, identified: 2, monitoring: 3, resolved: 6, closed: 7, cancelled: 8 },
      severities: { sev1: { impact: 1, urgency: 1 }, sev2: { impact: 1, urgency: 2 }, sev3: { impact: 2, urgency: 2 }, sev4: { impact: 3, urgency: 3 } },
      recordField: 'u_watchfloor_record',
      closeCode: 'Solution provided',
      holdReason: '1',
    });
  });

  it('names what is wrong: auth that is not Basic, an impact out of 1 to 3, an unknown status, a record field that is no column name', () => {
    expect(
      messages({
        id: 'desk',
        kind: 'servicenow',
        auth: { type: 'bearer', token: password },
        severities: { sev1: { impact: 0, urgency: 1 } },
        states: { mitigated: 2 },
        recordField: 'Watchfloor Record',
      }),
    ).toEqual([
      'auth: expected Basic auth for ServiceNow: username the integration user, password a reference to its password (a keychain account or an environment variable)',
      'states: unknown field "mitigated"; expected triage, investigating, identified, monitoring, resolved, closed, cancelled',
      'severities.sev1.impact: expected 1 (high), 2 (medium) or 3 (low)',
      'recordField: expected a column name of the incident table, e.g. u_watchfloor_record',
    ]);
  });
});

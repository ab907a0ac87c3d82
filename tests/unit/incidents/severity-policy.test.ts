import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFleetText } from '../../../main/core/definition/fleet-file.js';
import { SEVERITY_DEFAULTS } from '../../../shared/fleet-definition/incidents.js';

/** The incidents section of the fleet file: defaults when absent, and every mistake named with its file, line and path. */

const example = readFileSync(new URL('../../../resources/fleet.example.yaml', import.meta.url), 'utf8');
const withIncidents = (section: string) => `${example.trimEnd()}\n${section}`;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((line) => line.includes(needle)) + 1;

function problemsOf(text: string) {
  const result = parseFleetText(text, 'fleet.yaml');
  if (result.ok) throw new Error('expected the fleet file to be refused');
  return result.problems;
}

describe('incidents section of the fleet file', () => {
  it('follows common SaaS contract terms when absent', () => {
    const result = parseFleetText(example, 'fleet.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { incidents } = result.definition;
    expect(incidents.warnAt).toEqual([50, 75]);
    expect(incidents.businessHours).toEqual({ timeZone: 'UTC', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', holidays: [] });
    expect(incidents.severities.sev1).toMatchObject({ response: 'PT15M', resolution: 'PT4H', calendar: '24x7', reviewRequired: true, customerRootCauseRequired: true, pauseOn: ['waiting-for-customer'] });
    expect(incidents.severities.sev1.communications.map((item) => [item.id, item.within ?? null, item.every ?? null])).toEqual([
      ['status-page', 'PT30M', null],
      ['status-update', null, 'PT30M'],
      ['account-manager', 'PT1H', null],
      ['executive', 'PT1H', null],
    ]);
    expect(incidents.severities.sev2).toMatchObject({ response: 'PT30M', resolution: 'PT8H', reviewRequired: true, customerRootCauseRequired: false });
    expect(incidents.severities.sev3).toMatchObject({ response: 'PT4H', resolution: 'PT24H', calendar: 'business-hours', reviewRequired: false });
    expect(incidents.severities.sev4).toMatchObject({ response: 'PT8H', resolution: 'PT80H', calendar: 'business-hours', reviewRequired: false, communications: [] });
  });

  it('fills what a severity leaves out from that severity’s defaults, not another’s', () => {
    const text = withIncidents(`incidents:
  warnAt: [75, 25, 90]
  businessHours:
    timeZone: Australia/Sydney
    start: "08:30"
    end: "18:00"
    holidays: [2026-12-25, 2026-12-28]
  severities:
    sev1:
      response: PT10M
      meaning: Everything is down.
    sev3:
      calendar: 24x7
      pauseOn: [waiting-for-customer, waiting-for-vendor]
`);
    const result = parseFleetText(text, 'fleet.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { incidents } = result.definition;
    expect(incidents.warnAt).toEqual([25, 75, 90]);
    expect(incidents.businessHours).toMatchObject({ timeZone: 'Australia/Sydney', start: '08:30', end: '18:00', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'] });
    expect(incidents.severities.sev1).toMatchObject({ response: 'PT10M', resolution: 'PT4H', meaning: 'Everything is down.', customerRootCauseRequired: true });
    expect(incidents.severities.sev1.communications).toEqual(SEVERITY_DEFAULTS.sev1.communications);
    expect(incidents.severities.sev2).toEqual({ ...SEVERITY_DEFAULTS.sev2 });
    expect(incidents.severities.sev3).toMatchObject({ calendar: '24x7', response: 'PT4H', pauseOn: ['waiting-for-customer', 'waiting-for-vendor'] });
  });

  it('accepts the section the README shows', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Incident severities and SLA defaults'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toMatch(/^incidents:/);
    const result = parseFleetText(withIncidents(yaml ?? ''), 'fleet.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.definition.incidents.businessHours.timeZone).toBe('Europe/London');
    expect(result.definition.incidents.severities.sev1).toMatchObject({ response: 'PT10M', resolution: 'PT4H' });
  });

  it('names a misspelt key with its line and path', () => {
    const text = withIncidents(`incidents:
  severities:
    sev2:
      review_required: false
`);
    expect(problemsOf(text)).toEqual([
      {
        file: 'fleet.yaml',
        line: lineOf(text, 'review_required'),
        column: 7,
        path: 'incidents.severities.sev2',
        message:
          'unknown field "review_required" (did you mean "reviewRequired"?); expected meaning, response, resolution, calendar, pauseOn, reviewRequired, customerRootCauseRequired, communications',
      },
    ]);
  });

  it('refuses a severity it does not know', () => {
    const text = withIncidents(`incidents:
  severities:
    sev5: { response: PT1H }
`);
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ path: 'incidents.severities', message: 'unknown field "sev5"; expected sev1, sev2, sev3, sev4', line: lineOf(text, 'sev5') }),
    ]);
  });

  it('names a target that is not an ISO 8601 duration', () => {
    const text = withIncidents(`incidents:
  severities:
    sev1:
      resolution: 4 hours
`);
    expect(problemsOf(text)).toEqual([
      {
        file: 'fleet.yaml',
        line: lineOf(text, 'resolution: 4 hours'),
        column: 19,
        path: 'incidents.severities.sev1.resolution',
        message: 'expected an ISO 8601 duration of 1 minute to 365 days such as PT4H or PT24H, got "4 hours"',
      },
    ]);
  });

  it('names bad business hours: zone, weekday, time, holiday, and a span of no length', () => {
    const text = withIncidents(`incidents:
  businessHours:
    timeZone: Australia/Sidney
    weekdays: [mon, tues]
    start: "9am"
    holidays: [2026-13-01]
`);
    const problems = problemsOf(text);
    expect(problems.map((problem) => [problem.path, problem.line, problem.message])).toEqual([
      ['incidents.businessHours.timeZone', lineOf(text, 'Sidney'), 'expected an IANA time zone such as "Australia/Sydney", got "Australia/Sidney"'],
      ['incidents.businessHours.weekdays[1]', lineOf(text, 'tues'), 'Invalid option: expected one of "mon"|"tue"|"wed"|"thu"|"fri"|"sat"|"sun"'],
      ['incidents.businessHours.start', lineOf(text, '9am'), 'expected a time of day as HH:MM (00:00 to 23:59)'],
      ['incidents.businessHours.holidays[0]', lineOf(text, '2026-13-01'), 'expected a date as YYYY-MM-DD'],
    ]);

    const sameTimes = withIncidents(`incidents:
  businessHours: { start: "09:00", end: "09:00" }
`);
    expect(problemsOf(sameTimes)).toEqual([
      expect.objectContaining({ path: 'incidents.businessHours.end', message: 'start and end are the same time; for round-the-clock cover use calendar: 24x7' }),
    ]);
  });

  it('names a communications item with no due time, and a warning outside 1-99 %', () => {
    const text = withIncidents(`incidents:
  warnAt: [50, 100]
  severities:
    sev2:
      communications:
        - { id: exec-brief, action: Brief the CTO, channel: executive }
`);
    expect(problemsOf(text).map((problem) => [problem.path, problem.line, problem.message])).toEqual([
      ['incidents.warnAt[1]', lineOf(text, 'warnAt'), 'expected a percentage from 1 to 99'],
      ['incidents.severities.sev2.communications[0]', lineOf(text, 'exec-brief'), 'expected within, every or both: when it is due'],
    ]);
  });

  it('refuses a hold reason it does not know in pauseOn', () => {
    const text = withIncidents(`incidents:
  severities:
    sev4:
      pauseOn: [on-hold]
`);
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({ path: 'incidents.severities.sev4.pauseOn[0]', line: lineOf(text, 'on-hold') }),
    ]);
  });
});

import type { CalendarDefinition } from '../../../../shared/fleet-definition/calendar.js';

/**
 * The simulated fleet's calendar: the two customer regions' monthly patching and weekly
 * upgrade timeslots (DOMAIN.md, model B), and a year-end freeze that the APAC slots run into.
 */
export function defaultCalendar(publishTo: string): CalendarDefinition {
  return {
    noticeDays: 7,
    publishTo: [publishTo],
    windows: [
      {
        id: 'apac-monthly-patching',
        kind: 'planned-maintenance',
        title: 'APAC monthly patching',
        description: 'OS and database patching on every APAC site.',
        customerText: 'Scheduled maintenance: the service may be unavailable for up to two hours while we apply operating system and database updates.',
        scope: { regions: ['apac'] },
        start: '2026-01-31T23:00',
        timeZone: 'Australia/Sydney',
        duration: 'PT2H',
        rrule: 'FREQ=MONTHLY;BYDAY=-1SA',
      },
      {
        id: 'uk-monthly-patching',
        kind: 'planned-maintenance',
        title: 'UK monthly patching',
        description: 'OS and database patching on every UK site.',
        customerText: 'Scheduled maintenance: the service may be unavailable for up to two hours while we apply operating system and database updates.',
        scope: { regions: ['uk'] },
        start: '2026-01-26T23:00',
        timeZone: 'Europe/London',
        duration: 'PT2H',
        rrule: 'FREQ=MONTHLY;BYDAY=-1MO',
      },
      {
        id: 'apac-upgrade-slots',
        kind: 'upgrade-slot',
        title: 'APAC upgrade timeslot',
        scope: { regions: ['apac'] },
        start: '2026-01-01T20:00',
        timeZone: 'Australia/Sydney',
        duration: 'PT4H',
        rrule: 'FREQ=WEEKLY;BYDAY=TH,FR',
      },
      {
        id: 'uk-upgrade-slot',
        kind: 'upgrade-slot',
        title: 'UK upgrade timeslot',
        scope: { regions: ['uk'] },
        start: '2026-01-05T23:00',
        timeZone: 'Europe/London',
        duration: 'PT2H',
        rrule: 'FREQ=WEEKLY;BYDAY=MO',
      },
      {
        id: 'year-end-freeze',
        kind: 'deploy-freeze',
        title: 'Year-end change freeze',
        description: 'No upgrades or deploys over the holidays, when support is thin.',
        scope: { regions: ['apac', 'uk'] },
        start: '2026-12-20T00:00',
        timeZone: 'Australia/Sydney',
        duration: 'P12D',
        rrule: 'FREQ=YEARLY',
      },
    ],
  };
}

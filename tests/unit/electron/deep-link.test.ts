import { describe, expect, it } from 'vitest';
import { parseDeepLinkUrl, parseRoute, routeOf } from '../../../shared/routes/deep-link.js';

describe('deep links', () => {
  it.each([
    ['watchfloor://environment/acme-prod-eu', { kind: 'environment', id: 'acme-prod-eu' }],
    ['watchfloor://incident/inc-42', { kind: 'incident', id: 'inc-42' }],
    ['watchfloor://deployment/dep.2026-12-07:1', { kind: 'deployment', id: 'dep.2026-12-07:1' }],
    ['watchfloor://calendar/2028-02-29', { kind: 'calendar', date: '2028-02-29' }],
    ['WATCHFLOOR://environment/acme-prod/', { kind: 'environment', id: 'acme-prod' }],
  ])('opens %s', (url, link) => {
    expect(parseDeepLinkUrl(url)).toEqual({ ok: true, value: link });
    expect(parseRoute(routeOf(link as never))).toEqual({ ok: true, value: link });
  });

  it.each([
    ['https://evil.example/environment/x', 'is not a watchfloor:// link'],
    ['watchfloor://environment/../../etc/passwd', 'is not one of environment/<id>'],
    ['watchfloor://environment/%2e%2e%2fsettings', 'expected an id of letters'],
    ['watchfloor://environment/a%20b', 'expected an id of letters'],
    ['watchfloor://environment/<script>', 'expected an id of letters'],
    ['watchfloor://environment/', 'is not one of'],
    ['watchfloor://settings/x', 'is not one of'],
    ['watchfloor://incident/inc-1?run=rm', 'carries a query or fragment'],
    ['watchfloor://incident/%E0%A4%A', 'malformed percent-encoding'],
    ['watchfloor://calendar/2027-02-29', 'expected a calendar date'],
    ['watchfloor://calendar/2026-13-01', 'expected a calendar date'],
    ['watchfloor://calendar/tomorrow', 'expected a calendar date'],
    [`watchfloor://environment/${'a'.repeat(100_000)}`, 'is too long'],
  ])('refuses %s with a reason', (url, reason) => {
    const parsed = parseDeepLinkUrl(url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.kind).toBe('invalid-input');
      expect(parsed.error.message).toContain(reason);
      expect(parsed.error.message.length).toBeLessThan(300);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../shared/contract/alerts.js';
import { diffFeed, notificationKey } from '../../renderer/src/notifications/new-critical.js';
import { createRateLimiter, NOTIFICATION_WINDOW_MS } from '../../renderer/src/notifications/rate-limiter.js';

describe('notification rate limiter', () => {
  it('lets the first notification of an environment through and holds the rest for a minute', () => {
    const limiter = createRateLimiter();
    expect(limiter.tryAcquire('environment:acme-prod', 1_000)).toBe(true);
    expect(limiter.tryAcquire('environment:acme-prod', 1_001)).toBe(false);
    expect(limiter.tryAcquire('environment:acme-prod', 1_000 + NOTIFICATION_WINDOW_MS - 1)).toBe(false);
    expect(limiter.tryAcquire('environment:acme-prod', 1_000 + NOTIFICATION_WINDOW_MS)).toBe(true);
  });

  it('counts each environment on its own', () => {
    const limiter = createRateLimiter();
    expect(limiter.tryAcquire('environment:acme-prod', 0)).toBe(true);
    expect(limiter.tryAcquire('environment:globex-prod', 10)).toBe(true);
    expect(limiter.tryAcquire('environment:acme-prod', 20)).toBe(false);
    expect(limiter.tryAcquire('environment:globex-prod', 30)).toBe(false);
  });

  it('restarts the window from the notification that went through, not from the ones held back', () => {
    const limiter = createRateLimiter(60_000);
    expect(limiter.tryAcquire('e', 0)).toBe(true);
    expect(limiter.tryAcquire('e', 59_000)).toBe(false);
    expect(limiter.tryAcquire('e', 60_000)).toBe(true);
    expect(limiter.tryAcquire('e', 90_000)).toBe(false);
    expect(limiter.tryAcquire('e', 120_000)).toBe(true);
  });
});

function alert(key: string, change: Partial<AlertView> = {}): AlertView {
  return {
    key,
    connectionId: 'sandbox',
    name: 'DiskFull',
    severity: 'critical',
    summary: 'disk 97% on app-1',
    description: null,
    runbookUrl: null,
    environmentId: 'acme-prod',
    labels: {},
    startsAt: 1,
    state: 'active',
    silencedBy: [],
    acknowledgedBy: null,
    acknowledgedAt: null,
    ...change,
  };
}

describe('new critical alerts', () => {
  it('does not announce what was already firing when the console opened', () => {
    const first = diffFeed(null, [alert('a'), alert('b')]);
    expect(first.fresh).toEqual([]);
    expect([...first.keys]).toEqual(['a', 'b']);
  });

  it('announces only critical, firing alerts that were in no earlier feed', () => {
    const { keys } = diffFeed(null, [alert('a')]);
    const next = diffFeed(keys, [
      alert('a'),
      alert('new-critical'),
      alert('new-warning', { severity: 'warning' }),
      alert('new-silenced', { state: 'silenced' }),
    ]);
    expect(next.fresh.map((candidate) => candidate.key)).toEqual(['new-critical']);
  });

  it('announces an alert again after it resolved and fired anew', () => {
    const first = diffFeed(null, [alert('a')]);
    const resolved = diffFeed(first.keys, []);
    const again = diffFeed(resolved.keys, [alert('a')]);
    expect(again.fresh.map((candidate) => candidate.key)).toEqual(['a']);
  });

  it('limits by environment, or by source when the alert names none', () => {
    expect(notificationKey({ environmentId: 'acme-prod', connectionId: 'am' })).toBe('environment:acme-prod');
    expect(notificationKey({ environmentId: null, connectionId: 'am' })).toBe('source:am');
  });
});

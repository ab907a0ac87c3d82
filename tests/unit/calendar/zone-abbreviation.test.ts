import { describe, expect, it } from 'vitest';
import { formatZonedClock, zonedTime } from '../../../shared/time/zoned-time.js';

/** tzdata writes these zones' abbreviations as their offsets ("%z" in its rules): Chatham is "+1345" in summer, "+1245" in winter. */
describe('abbreviations that tzdata writes as offsets', () => {
  it('are shown as tzdata writes them, with the offset beside', () => {
    const summer = zonedTime(Date.parse('2026-12-26T10:00:00Z'), 'Pacific/Chatham');
    expect(summer).toEqual({ local: '2026-12-26T23:45', timeZone: 'Pacific/Chatham', abbreviation: '+1345', offset: '+13:45' });
    expect(formatZonedClock(summer)).toBe('23:45 +1345 (UTC+13:45)');
    expect(zonedTime(Date.parse('2026-06-26T10:00:00Z'), 'Pacific/Chatham').abbreviation).toBe('+1245');
    expect(zonedTime(Date.parse('2026-06-26T10:00:00Z'), 'America/Sao_Paulo').abbreviation).toBe('-03');
    expect(zonedTime(Date.parse('2026-06-26T10:00:00Z'), 'Asia/Kathmandu').abbreviation).toBe('+0545');
  });

  it('leaves named abbreviations alone', () => {
    const sydney = zonedTime(Date.parse('2026-11-28T12:00:00Z'), 'Australia/Sydney');
    expect(formatZonedClock(sydney)).toBe('23:00 AEDT');
  });
});

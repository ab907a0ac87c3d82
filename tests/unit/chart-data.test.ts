import { describe, expect, it } from 'vitest';
import { chartRows, peakOf, pointsForWidth, valueAt } from '../../renderer/src/views/fleet/detail/chart-data.js';

describe('metric history for the chart', () => {
  it('asks for about one point per pixel, never fewer than 10 nor more than 2000', () => {
    expect(pointsForWidth(0)).toBe(10);
    expect(pointsForWidth(412)).toBe(400);
    expect(pointsForWidth(437)).toBe(450);
    expect(pointsForWidth(3840)).toBe(2000);
  });

  it('merges series sampled at different instants into rows in time order', () => {
    const rows = chartRows([
      { server: 'app1', points: [[1_000, 10], [3_000, 30]] },
      { server: 'db1', points: [[2_000, 20], [3_000, 33]] },
    ]);
    expect(rows).toEqual([
      { at: 1_000, values: { app1: 10 } },
      { at: 2_000, values: { db1: 20 } },
      { at: 3_000, values: { app1: 30, db1: 33 } },
    ]);
  });

  it('reads a series at any instant from its last point at or before it, and finds the highest point', () => {
    const series = { server: 'app1', points: [[1_000, 10], [2_000, 50], [3_000, 30]] as Array<[number, number]> };
    expect(valueAt(series, 999)).toBeNull();
    expect(valueAt(series, 2_000)).toBe(50);
    expect(valueAt(series, 2_999)).toBe(50);
    expect(valueAt(series, 9_000)).toBe(30);
    expect(peakOf([series, { server: 'db1', points: [[1_500, 40]] }])).toEqual({ server: 'app1', at: 2_000, value: 50 });
  });
});

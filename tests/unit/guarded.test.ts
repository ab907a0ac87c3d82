import { describe, expect, it } from 'vitest';
import { guarded } from '../../main/core/guarded.js';

describe('guarded timer and watcher callbacks', () => {
  it('logs what a callback throws instead of letting it end the process', () => {
    const lines: string[] = [];
    const tick = guarded('the simulation', (line) => lines.push(line), () => {
      throw new Error('boom');
    });
    expect(() => tick()).not.toThrow();
    expect(lines).toEqual(['the simulation failed: boom']);
  });

  it('logs a promise the callback returns that rejects', async () => {
    const lines: string[] = [];
    const poll = guarded('a poll', (line) => lines.push(line), () => Promise.reject(new Error('no answer')));
    poll();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(lines).toEqual(['a poll failed: no answer']);
  });

  it('passes the arguments of the timer or watcher on', () => {
    const seen: number[] = [];
    guarded('a watcher', () => {}, (a: number, b: number) => seen.push(a, b))(1, 2);
    expect(seen).toEqual([1, 2]);
  });
});

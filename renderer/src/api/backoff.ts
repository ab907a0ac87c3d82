const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 15_000;

/** 1 s doubling to 15 s; ±20 % jitter keeps many wall screens from reconnecting in lockstep. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(Math.min(MAX_DELAY_MS, base * (0.8 + 0.4 * random())));
}

import { HOUR_MS } from './calendar-model.js';

/** Fixed sizes of the week view; the styles read the same numbers from the inline styles set with them. */
export const ROW_HEIGHT = 26;
export const PX_PER_MS = ROW_HEIGHT / HOUR_MS;
/** A short window is still drawn tall enough to read its title. */
export const MIN_BLOCK_HEIGHT = 22;
/** Above this a block has room for its times under the title. */
export const ROOMY_BLOCK_HEIGHT = 40;

export function offsetOf(at: number, from: number): number {
  return (at - from) * PX_PER_MS;
}

/** The sticky row naming the zones, inside the scroller above the hours. */
export const HEAD_HEIGHT = 44;

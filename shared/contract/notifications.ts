import { z } from 'zod';

/** Desktop notifications on this console: on, off until a time (epoch ms), or off until the operator resumes them. */
export const NotificationPause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('until'), at: z.number().int() }),
  z.object({ kind: z.literal('indefinite') }),
]);
export type NotificationPause = z.infer<typeof NotificationPause>;

/** A pause may last at most a day: an operator who wants longer says "until resumed", which the tray and Settings keep showing. */
export const PAUSE_MINUTES_MAX = 24 * 60;

export function isPaused(pause: NotificationPause, now: number): boolean {
  return pause.kind === 'indefinite' || (pause.kind === 'until' && now < pause.at);
}

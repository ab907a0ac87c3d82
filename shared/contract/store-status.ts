import { z } from 'zod';

/** A store found damaged at a start: kept aside untouched, and the console began on a new one. */
export const ReplacedStore = z.object({
  /** Where the damaged store now is, with its -wal and -shm beside it. */
  keptAs: z.string(),
  /** What SQLite found wrong. */
  problem: z.string(),
  at: z.number().int().nonnegative(),
  /** The notice for a person: what happened, what is missing now, what to do. */
  message: z.string(),
});
export type ReplacedStore = z.infer<typeof ReplacedStore>;

export const StoreStatus = z.object({
  file: z.string(),
  /** Shown until the kept file is moved or deleted, so a restart does not hide it. */
  replaced: ReplacedStore.nullable(),
  /** Damage SQLite found while the console ran, and what to do about it; null while none was seen. */
  damaged: z.string().nullable(),
});
export type StoreStatus = z.infer<typeof StoreStatus>;

/**
 * Answers kept for a few seconds by key. The promise is kept, so callers asking at the same
 * time share one request; one that fails is dropped at once, so the next caller asks again.
 */
export class ExpiringCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    const kept = this.entries.get(key);
    if (kept && now - kept.at < this.keepMs) return kept.value;
    for (const [stale, entry] of this.entries) if (now - entry.at >= this.keepMs) this.entries.delete(stale);
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}

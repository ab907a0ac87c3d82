import { setTimeout as delay } from 'node:timers/promises';

/**
 * Writes to one Jira issue one at a time and at least `gapMs` apart: Jira Cloud limits how fast
 * one issue may be written to, beyond its rate limit per account. Different issues do not wait
 * for each other.
 */
export class IssueWriteThrottle {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly gapMs: number) {}

  run<T>(issueKey: string, write: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(issueKey) ?? Promise.resolve();
    const result = previous.then(write);
    const tail = result.then(
      () => delay(this.gapMs),
      () => delay(this.gapMs),
    );
    this.tails.set(issueKey, tail);
    void tail.then(() => {
      if (this.tails.get(issueKey) === tail) this.tails.delete(issueKey);
    });
    return result;
  }
}

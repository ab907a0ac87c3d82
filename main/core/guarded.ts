/**
 * Wraps a callback that a timer or a file watcher runs, where nothing is there to catch what it
 * throws: Node would end the process on it (or on a promise it returns that rejects). Whatever a
 * file or a backend makes it throw is logged instead, and the next tick or change runs as usual.
 */
export function guarded<A extends unknown[]>(what: string, log: (line: string) => void, callback: (...args: A) => unknown): (...args: A) => void {
  const report = (error: unknown) => {
    try {
      log(`${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    } catch {
      // A log that throws must not take the process down either.
    }
  };
  return (...args: A) => {
    try {
      const result = callback(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };
}

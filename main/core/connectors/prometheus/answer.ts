import { z } from 'zod';
import { ConnectorError } from '../../http/backend-client.js';

/** Parsing the answers of Prometheus-style backends: every answer goes through a schema. */

const SHOWN_ISSUES = 3;

/** An RFC 3339 time (Prometheus and Alertmanager send nanoseconds), as epoch milliseconds. */
export const IsoTime = z.string().transform((text, ctx) => {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `expected an RFC 3339 time, got "${text.slice(0, 40)}"` });
    return z.NEVER;
  }
  return ms;
});

export const LabelSet = z.record(z.string(), z.string());

function pathOf(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

/**
 * Parses a backend's answer with its schema. A mismatch is a ConnectorError naming the
 * backend, the request and what was wrong: `wrong-kind` when the answer means the server is
 * not what it should be (a probe), `malformed` otherwise.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string, failure: 'malformed' | 'wrong-kind' = 'malformed'): z.output<S> {
  let parsed: z.ZodSafeParseResult<z.output<S>>;
  try {
    parsed = schema.safeParse(body);
  } catch (error) {
    // A recursive schema (Octopus's activity tree) walking an answer nested thousands deep runs out of stack.
    if (error instanceof RangeError) throw new ConnectorError(failure, `${what}: unexpected answer: nested too deeply to read`);
    throw error;
  }
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, SHOWN_ISSUES).map((issue) => (issue.path.length > 0 ? `${pathOf(issue.path)}: ${issue.message}` : issue.message));
  const more = parsed.error.issues.length > SHOWN_ISSUES ? ` (+${parsed.error.issues.length - SHOWN_ISSUES} more)` : '';
  throw new ConnectorError(failure, `${what}: unexpected answer: ${issues.join('; ')}${more}`);
}

/** A backend's own words quoted in a message, cut short: an answer may carry a megabyte where a sentence belongs. */
export function quoted(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * The identity check of a probe: a server that has no such endpoint (404) or answers it with
 * something that is not JSON is another kind of server, not a broken one.
 */
export async function identify<T>(answer: Promise<T>, expected: string, what: string): Promise<T> {
  try {
    return await answer;
  } catch (error) {
    if (error instanceof ConnectorError && (error.status === 404 || error.failure === 'malformed')) {
      throw new ConnectorError('wrong-kind', `${what}: this server is not ${expected} (${error.message})`, error.status);
    }
    throw error;
  }
}

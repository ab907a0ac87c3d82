import {
  CircuitBreakerPolicy,
  ConsecutiveBreaker,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { HttpStatusError, isBackendDown, isRateLimited, isTransient } from './failures.js';

export interface Resilience {
  /** Further attempts after the first, for idempotent calls only. */
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A backend asking to wait longer than this is not waited for: the call fails now and the next poll tries again. */
  maxRetryAfterMs: number;
  /** Failures in a row (network, timeout, 429, 5xx) that open the circuit. */
  breakerFailures: number;
  /** How long an open circuit rejects calls before one is let through to test the backend. */
  breakerHalfOpenAfterMs: number;
}

export const DEFAULT_RESILIENCE: Resilience = {
  retries: 2,
  backoffBaseMs: 250,
  backoffMaxMs: 5000,
  maxRetryAfterMs: 30_000,
  breakerFailures: 5,
  breakerHalfOpenAfterMs: 30_000,
};

type RetryContext = IRetryBackoffContext<unknown>;

/** Exponential backoff with half jitter (so pollers of many connections do not retry in step); a longer Retry-After wins. */
export class RetryAfterBackoff implements IBackoffFactory<RetryContext> {
  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(context: RetryContext): IBackoff<RetryContext> {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** Math.max(0, context.attempt - 1));
    const jittered = ceiling / 2 + (this.random() * ceiling) / 2;
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof HttpStatusError ? (error.retryAfterMs ?? 0) : 0;
    return { duration: Math.max(jittered, asked), next: (next) => this.next(next) };
  }
}

/** Runs one call; the signal given to the call is aborted when its attempt times out. */
export interface AttemptPolicy {
  execute<T>(fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T, signal?: AbortSignal): Promise<T>;
}

export interface ConnectionPolicies {
  breaker: CircuitBreakerPolicy;
  /** Writes that are not safe to repeat: the breaker and the timeout, no retry. */
  once: AttemptPolicy;
  /** Writes that are not safe to repeat, sent again only after a rate-limit answer (the backend did nothing) once its Retry-After has passed. */
  onceUnlessRateLimited: AttemptPolicy;
  retrying: AttemptPolicy;
}

/** One breaker per connection, shared by all its calls; the timeout applies to each attempt. */
export function connectionPolicies(resilience: Resilience, timeoutMs: number): ConnectionPolicies {
  const breaker = circuitBreaker(handleWhen(isBackendDown), {
    halfOpenAfter: resilience.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(resilience.breakerFailures),
  });
  const perAttempt = timeout(timeoutMs, TimeoutStrategy.Cooperative);
  const waitable = (error: Error) => !(error instanceof HttpStatusError && (error.retryAfterMs ?? 0) > resilience.maxRetryAfterMs);
  const retryWhen = (worthRetrying: (error: Error) => boolean) =>
    retry(handleWhen((error) => worthRetrying(error) && waitable(error)), {
      maxAttempts: resilience.retries,
      backoff: new RetryAfterBackoff(resilience.backoffBaseMs, resilience.backoffMaxMs),
    });
  return {
    breaker,
    once: wrap(breaker, perAttempt),
    onceUnlessRateLimited: wrap(retryWhen(isRateLimited), breaker, perAttempt),
    retrying: wrap(retryWhen(isTransient), breaker, perAttempt),
  };
}

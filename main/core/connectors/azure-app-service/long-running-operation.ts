import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ConnectorError, type JsonResponse } from '../../http/backend-client.js';
import { retryAfterMs } from '../../http/failures.js';
import { parseAnswer, quoted } from '../prometheus/answer.js';
import type { AppServiceApi } from './app-service-api.js';

/**
 * Azure Resource Manager long-running operations ("Track asynchronous Azure operations"): a
 * 201/202 answer names where to poll. Azure-AsyncOperation, when given, is preferred: its body
 * says InProgress until Succeeded, Failed or Canceled. Otherwise the Location URL answers 202
 * while running and 200/204 once done (a failure is its error status). Polls wait as long as
 * Retry-After says, else the connection's poll interval.
 */

const OperationStatus = z.object({
  status: z.string(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

function waitOf(response: JsonResponse, pollMs: number): number {
  return retryAfterMs(response.status, response.headers, Date.now()) ?? pollMs;
}

/** Resolves when the operation `started` began has finished well; throws Azure's code and message when it failed. */
export async function completion(api: AppServiceApi, started: JsonResponse, what: string, pollMs: number, signal: AbortSignal): Promise<void> {
  if (started.status !== 201 && started.status !== 202) return;
  const asyncOperation = started.headers.get('azure-asyncoperation');
  const location = started.headers.get('location');
  if (asyncOperation === null && location === null) {
    throw new ConnectorError('malformed', `${api.label}: ${what}: Azure accepted it (HTTP ${started.status}) without an Azure-AsyncOperation or Location header to follow`);
  }
  let wait = waitOf(started, pollMs);
  for (;;) {
    await sleep(wait, undefined, { signal });
    if (asyncOperation !== null) {
      const answer = await api.follow(asyncOperation, signal);
      const operation = parseAnswer(OperationStatus, answer.body, `${api.label} ${what}: operation status`);
      const status = operation.status.toLowerCase();
      if (status === 'succeeded') return;
      if (FINISHED.has(status)) {
        const code = operation.error?.code ?? operation.status;
        const message = operation.error?.message ?? 'Azure gave no reason';
        throw new ConnectorError('http', `${api.label}: ${what} ${status === 'failed' ? 'failed' : 'was canceled'} in Azure: ${quoted(code, 100)}: ${quoted(message)}`);
      }
      wait = waitOf(answer, pollMs);
    } else if (location !== null) {
      const answer = await api.follow(location, signal);
      if (answer.status !== 202) return;
      wait = waitOf(answer, pollMs);
    }
  }
}

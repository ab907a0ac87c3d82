import { ConnectorError } from '../../main/core/http/backend-client.js';

/** The ConnectorError a connector call fails with; anything else (or success) fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ConnectorError)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

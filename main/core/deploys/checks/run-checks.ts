import type { Connector } from '../../connectors/capabilities.js';
import type { RunChecks } from '../deploy-facts.js';
import { runHttpCheck } from './http-check.js';
import { runMetricCheck } from './metric-check.js';

export interface CheckRunnerDeps {
  /** The connector of a backend id (prometheus or sandbox), for metric checks. */
  connector(backendId: string): Connector | undefined;
  now(): number;
}

/** Runs the post-deploy checks of an environment's slot, all at once; every result says what was seen. */
export function createCheckRunner(deps: CheckRunnerDeps): RunChecks {
  return ({ environmentId, version, slot, checks, signal }) =>
    Promise.all(
      checks.map((check) =>
        check.type === 'http'
          ? runHttpCheck(check, { version, slot, signal }, deps.now)
          : runMetricCheck(check, { environmentId, slot, signal }, deps.connector(check.from), deps.now),
      ),
    );
}

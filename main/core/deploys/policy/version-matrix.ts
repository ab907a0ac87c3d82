import type { Drift, MatrixRow } from '../../../../shared/contract/deploys.js';
import type { DeployFacts } from '../deploy-facts.js';
import type { DeploymentIndex } from './deployment-index.js';
import type { EnvEntry, FleetIndex } from './fleet-index.js';
import type { CompletedStage } from './stage-views.js';

interface Expectation {
  version: string;
  /** Who runs it, for the drift sentence: "its ring (production in APAC)". */
  source: string;
}

/** The newer of two versions by their place in the release list; unlisted ones rank below listed, then by text. */
function newer(a: string, b: string, index: FleetIndex): string {
  const pa = index.releases.get(a)?.position ?? -1;
  const pb = index.releases.get(b)?.position ?? -1;
  if (pa !== pb) return pa > pb ? a : b;
  return a > b ? a : b;
}

/**
 * Who an environment is compared with: its ring in its region (model A), or, for customer
 * environments outside the rings (model B), the customers' environments of the same kind
 * in its region.
 */
function peerGroup(entry: EnvEntry): { key: string; source: string } {
  const ring = entry.definition.ring;
  if (ring !== undefined) return { key: `ring:${ring}|${entry.tenant.region}`, source: `its ring (${ring} in ${entry.region.name}) runs` };
  return { key: `kind:${entry.definition.kind}|${entry.tenant.region}`, source: `most ${entry.definition.kind} environments of customers in ${entry.region.name} run` };
}

/** The version most environments of each peer group run (ties go to the newer release). */
function peerVersions(environments: readonly EnvEntry[], versions: DeployFacts['versions'], index: FleetIndex): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const entry of environments) {
    const version = versions.get(entry.definition.id)?.version;
    if (version === undefined) continue;
    const { key } = peerGroup(entry);
    let tally = counts.get(key);
    if (!tally) counts.set(key, (tally = new Map()));
    tally.set(version, (tally.get(version) ?? 0) + 1);
  }
  const result = new Map<string, string>();
  for (const [key, tally] of counts) {
    let best: [string, number] | null = null;
    for (const [version, count] of tally) {
      if (!best || count > best[1] || (count === best[1] && newer(version, best[0], index) === version)) best = [version, count];
    }
    if (best) result.set(key, best[0]);
  }
  return result;
}

function driftOf(version: string | null, expected: Expectation | null, index: FleetIndex): { drift: Drift; reason: string | null } {
  if (version === null) return { drift: 'unknown', reason: 'the version it runs is not known: its deploy backend did not say and the console has not deployed it' };
  if (expected === null || expected.version === version) return { drift: 'none', reason: null };
  const runs = `runs ${version}; ${expected.source} ${expected.version}`;
  const mine = index.releases.get(version)?.position;
  const theirs = index.releases.get(expected.version)?.position;
  if (mine === undefined || theirs === undefined) return { drift: 'differs', reason: `${runs}, and ${mine === undefined ? version : expected.version} is not a listed release` };
  return mine < theirs ? { drift: 'behind', reason: runs } : { drift: 'ahead', reason: runs };
}

/**
 * One row per environment: the version it runs, the version it should run (what its
 * completed rollout stage took, else what most of its peers run: its ring in its region, or
 * customers' environments of its kind in its region) and the drift between them in words.
 * An environment that already runs the release of a rollout it takes part in is where the
 * plan puts it, not drifting. Names, kind, ring, customer and region are not repeated: the
 * renderer has them from the fleet snapshot. Decommissioned environments have no row.
 */
export function versionMatrix(
  facts: DeployFacts,
  index: FleetIndex,
  deployments: DeploymentIndex,
  completed: readonly CompletedStage[],
  rolling: ReadonlyMap<string, ReadonlySet<string>>,
): MatrixRow[] {
  const fromStage = new Map<string, Expectation>();
  for (const stage of completed) {
    for (const id of stage.environmentIds) {
      const seen = fromStage.get(id);
      if (!seen || newer(seen.version, stage.release, index) === stage.release) {
        fromStage.set(id, { version: stage.release, source: `its rollout stage ${stage.stageName} completed` });
      }
    }
  }
  // A decommissioned environment runs nothing any more: no row, and no say in what its peers should run.
  const live = index.environments.filter((entry) => facts.lifecycle(entry.definition.id).decommissioned === null);
  const peers = peerVersions(live, facts.versions, index);
  const expectation = (entry: EnvEntry, version: string | null): Expectation | null => {
    const staged = fromStage.get(entry.definition.id);
    if (staged) return staged;
    if (version !== null && rolling.get(version)?.has(entry.definition.id)) return { version, source: 'its rollout plan takes it to' };
    const group = peerGroup(entry);
    const expected = peers.get(group.key);
    return expected === undefined ? null : { version: expected, source: group.source };
  };
  return live.map((entry) => {
    const id = entry.definition.id;
    const running = facts.versions.get(id);
    const version = running?.version ?? null;
    const expected = expectation(entry, version);
    const { drift, reason } = driftOf(version, expected, index);
    const latest = deployments.latest.get(id);
    const succeeded = deployments.latestSucceeded.get(id);
    return {
      environmentId: id,
      backendId: entry.definition.deployedBy ?? null,
      version,
      expected: expected?.version ?? null,
      drift,
      driftReason: reason,
      deployedAt: running?.at ?? succeeded?.finishedAt ?? null,
      lastState: latest?.state ?? null,
    };
  });
}

import {
  FINISHED_STATES,
  type DeploymentLogLine,
  type DeploymentState,
  type DeploymentView,
  type DeploysOverview,
  type Drift,
  type MatrixRow,
} from '../../../../shared/contract/deploys.js';
import type { LinkState } from '../../state/connection-store.js';
import type { FleetRow } from '../fleet/fleet-model.js';

/** The Deploys view's pure rules: what is still moving, what a filter keeps, how a log grows. */

export function isActive(state: DeploymentState): boolean {
  return !FINISHED_STATES.includes(state);
}

/** Why nothing may be deployed or rolled back from this console now; null when it may. The core refuses the same. */
export function deployBlockedReason(link: LinkState, readOnly: boolean): string | null {
  if (readOnly) return 'read-only: this console was started with --read-only';
  if (link !== 'live') return 'offline: deploys are never queued';
  return null;
}

/** Newest request first: a deployment keeps its place as it moves on or finishes, so no row jumps under live updates. */
export function orderDeployments(deployments: readonly DeploymentView[]): DeploymentView[] {
  return deployments.toSorted((a, b) => b.requestedAt - a.requestedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The overview with one deployment as an event reported it: replaced in place, or added when new. */
export function withDeployment(overview: DeploysOverview, deployment: DeploymentView): DeploysOverview {
  const at = overview.deployments.findIndex((candidate) => candidate.id === deployment.id);
  const deployments = at < 0 ? [deployment, ...overview.deployments] : overview.deployments.with(at, deployment);
  return { ...overview, deployments };
}

/** A deployment as an event brought it, with when it arrived (the viewer's clock, like a fetch's start). */
export interface PushedDeployment {
  receivedAt: number;
  deployment: DeploymentView;
}

/**
 * A fetched overview may be older than an event that arrived while it was out: those deployments are
 * put back, so a progress bar never steps back for a moment.
 */
export function withNewerPushed(overview: DeploysOverview, pushed: Iterable<PushedDeployment>, fetchStartedAt: number): DeploysOverview {
  let result = overview;
  for (const entry of pushed) if (entry.receivedAt >= fetchStartedAt) result = withDeployment(result, entry.deployment);
  return result;
}

/** The lines kept before `after`, then the ones fetched from there: a poll asks only for what it has not seen. */
export function mergeLog(previous: readonly DeploymentLogLine[], after: number, fresh: readonly DeploymentLogLine[]): DeploymentLogLine[] {
  return [...previous.slice(0, after), ...fresh];
}

export type DriftFilter = 'all' | 'drifted' | Drift;

export interface MatrixFilter {
  text: string;
  drift: DriftFilter;
}

function driftMatches(drift: Drift, filter: DriftFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'drifted') return drift !== 'none';
  return drift === filter;
}

/** A matrix row with its environment as the fleet snapshot describes it: name, kind, ring, customer and region. */
export interface MatrixEntry {
  row: MatrixRow;
  environment: FleetRow;
}

/**
 * Each row with its environment from the snapshot. A row the snapshot does not know (the fleet
 * definition changed and its new snapshot is on its way) is left out until it comes.
 */
export function joinMatrix(rows: readonly MatrixRow[], environmentOf: (id: string) => FleetRow | undefined): MatrixEntry[] {
  const entries: MatrixEntry[] = [];
  for (const row of rows) {
    const environment = environmentOf(row.environmentId);
    if (environment !== undefined) entries.push({ row, environment });
  }
  return entries;
}

/** Rows whose environment, customer, region or version contain every word typed, and whose drift matches. */
export function filterMatrix(entries: readonly MatrixEntry[], filter: MatrixFilter): readonly MatrixEntry[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter((word) => word !== '');
  if (words.length === 0 && filter.drift === 'all') return entries;
  return entries.filter(({ row, environment }) => {
    if (!driftMatches(row.drift, filter.drift)) return false;
    if (words.length === 0) return true;
    const text = `${row.environmentId} ${environment.env.name} ${environment.tenantName} ${environment.env.regionId} ${row.version ?? ''} ${row.expected ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
}

/** "2026.10.1 → 2026.11.2", or the new version alone where nothing ran before. */
export function versionChange(from: string | null, to: string | null): string {
  const target = to ?? 'its previous version';
  return from === null ? target : `${from} → ${target}`;
}

/** "42 %"; a deployment that reports no progress says so instead of showing an empty bar. */
export function progressText(progress: number | null): string {
  return progress === null ? 'No progress reported' : `${Math.round(progress)} %`;
}

/** "25 min of soak left", rounded up so a gate never reads "0 min" before it passes. */
export function soakText(remainingMs: number): string {
  if (remainingMs <= 0) return 'soak served';
  const minutes = Math.ceil(remainingMs / 60_000);
  return minutes < 120 ? `${minutes} min of soak left` : `${Math.floor(minutes / 60)} h ${minutes % 60} min of soak left`;
}

export interface NamedOption {
  id: string;
  name: string;
}

/** The customer groups and regions the matrix names, for the dialog's choosers, in name order. */
export function choicesOf(entries: readonly MatrixEntry[]): { tenants: NamedOption[]; regions: string[] } {
  const tenants = new Map<string, string>();
  const regions = new Set<string>();
  for (const { environment } of entries) {
    tenants.set(environment.env.tenantId, environment.tenantName);
    regions.add(environment.env.regionId);
  }
  return {
    tenants: [...tenants].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    regions: [...regions].sort(),
  };
}

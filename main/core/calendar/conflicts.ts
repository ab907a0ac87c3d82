import type { Conflict } from '../../../shared/contract/calendar.js';
import type { WindowKind } from '../../../shared/fleet-definition/calendar.js';
import type { OpenIncident } from '../alerts/open-incidents.js';

export interface PlacedOccurrence {
  key: string;
  kind: WindowKind;
  title: string;
  start: number;
  end: number;
  environments: ReadonlySet<string>;
}

/** A deployment as the calendar weighs it: when it runs (or is scheduled to) and on what. */
export interface PlacedDeployment {
  environmentId: string;
  /** When it starts: its scheduled start, else when it was requested. */
  at: number;
  /** e.g. "deploy 2026.11.1 to eu-prod (scheduled)". */
  description: string;
  /** The written reason its freeze guard was overridden with, if it was. */
  override: string | null;
}

/** An open incident is expected to be over within this; windows further out are not flagged for it. */
export const INCIDENT_HORIZON_MS = 48 * 3_600_000;

const MAINTENANCE: ReadonlySet<WindowKind> = new Set(['planned-maintenance', 'emergency-maintenance']);

function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  const result: string[] = [];
  for (const id of small) if (large.has(id)) result.push(id);
  return result;
}

function listed(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

/**
 * Conflicts between occurrences that overlap in time on the same environments: an upgrade slot
 * inside a deploy freeze, two maintenance windows at once, a window over an open incident,
 * and a deployment inside a freeze (let through with a written override, or scheduled before
 * the freeze was added).
 */
export function findConflicts(
  occurrences: readonly PlacedOccurrence[],
  incidents: readonly OpenIncident[],
  now: number,
  deployments: readonly PlacedDeployment[] = [],
): Map<string, Conflict[]> {
  const result = new Map<string, Conflict[]>();
  const add = (key: string, conflict: Conflict) => {
    const list = result.get(key);
    if (list) list.push(conflict);
    else result.set(key, [conflict]);
  };
  const sorted = [...occurrences].sort((a, b) => a.start - b.start);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    if (!a) continue;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (!b || b.start >= a.end) break;
      const pairs: Array<[PlacedOccurrence, PlacedOccurrence]> = [
        [a, b],
        [b, a],
      ];
      for (const [slot, freeze] of pairs) {
        if (slot.kind !== 'upgrade-slot' || freeze.kind !== 'deploy-freeze') continue;
        const envs = shared(slot.environments, freeze.environments);
        if (envs.length === 0) continue;
        add(slot.key, { kind: 'inside-freeze', message: `Inside the freeze "${freeze.title}" for ${listed(envs)}`, otherKey: freeze.key, environments: envs });
        add(freeze.key, { kind: 'inside-freeze', message: `Upgrade slot "${slot.title}" falls inside this freeze for ${listed(envs)}`, otherKey: slot.key, environments: envs });
      }
      if (MAINTENANCE.has(a.kind) && MAINTENANCE.has(b.kind)) {
        const envs = shared(a.environments, b.environments);
        if (envs.length > 0) {
          add(a.key, { kind: 'double-maintenance', message: `Overlaps maintenance "${b.title}" on ${listed(envs)}`, otherKey: b.key, environments: envs });
          add(b.key, { kind: 'double-maintenance', message: `Overlaps maintenance "${a.title}" on ${listed(envs)}`, otherKey: a.key, environments: envs });
        }
      }
    }
  }
  if (incidents.length > 0) {
    for (const occurrence of occurrences) {
      if (occurrence.end <= now || occurrence.start > now + INCIDENT_HORIZON_MS) continue;
      const hit = incidents.filter((incident) => occurrence.environments.has(incident.environmentId) && incident.startsAt < occurrence.end);
      if (hit.length === 0) continue;
      const envs = [...new Set(hit.map((incident) => incident.environmentId))];
      const first = hit[0];
      add(occurrence.key, {
        kind: 'open-incident',
        message: `Open incident on ${listed(envs)}${first ? `: ${first.summary}` : ''}`,
        otherKey: null,
        environments: envs,
      });
    }
  }
  if (deployments.length > 0) {
    for (const freeze of occurrences) {
      if (freeze.kind !== 'deploy-freeze') continue;
      const inside = deployments.filter((deployment) => deployment.at >= freeze.start && deployment.at < freeze.end && freeze.environments.has(deployment.environmentId));
      for (const deployment of inside) {
        const override = deployment.override === null ? '' : `; the freeze was overridden: "${deployment.override}"`;
        add(freeze.key, { kind: 'deploy-in-freeze', message: `${deployment.description} inside this freeze${override}`, otherKey: null, environments: [deployment.environmentId] });
      }
    }
  }
  return result;
}

import type { ViewId } from '../state/view-store.js';
import type { FleetModel } from '../views/fleet/fleet-model.js';
import { KIND_LABELS } from '../components/labels.js';
import { fuzzyScore } from './fuzzy.js';

/** Where an entry of the palette takes the operator, or which dialog it opens. */
export type PaletteTarget =
  | { kind: 'view'; view: ViewId }
  | { kind: 'environment'; id: string }
  | { kind: 'tenant'; name: string }
  | { kind: 'region'; id: string }
  | { kind: 'incident'; id: string }
  | { kind: 'deployment'; id: string }
  | { kind: 'declare'; environmentId: string | null }
  | { kind: 'deploy'; action: 'deploy' | 'rollback'; environmentId: string | null };

export interface PaletteItem {
  key: string;
  target: PaletteTarget;
  label: string;
  detail: string;
}

/** A small-list entry with the lower-cased text it is found by. */
export interface PaletteCandidate {
  item: PaletteItem;
  text: string;
}

export interface PaletteSources {
  /** Views, actions, regions, tenants, incidents and deployments: few enough to score every one. */
  candidates: readonly PaletteCandidate[];
  /** Environments, found by the fleet model's own search text and made into entries only when shown. */
  fleet: FleetModel | null;
  /** Commands are refused (read-only host): no action entries. */
  readOnly: boolean;
}

export function candidate(item: PaletteItem, ...words: readonly string[]): PaletteCandidate {
  return { item, text: [item.label, ...words].join(' ').toLowerCase() };
}

/** Entries after an environment that is among the first shown: its actions, each through its usual dialog. */
const ACTIONS_FOR_TOP = 3;

interface Scored {
  score: number;
  /** An index into the candidates, or an environment's position (negated, minus one). */
  ref: number;
}

/** Keeps the `limit` best in score order: one pass, whatever the number of matches. */
function keepBest(best: Scored[], next: Scored, limit: number): void {
  const last = best.at(-1);
  if (best.length >= limit && last !== undefined && last.score >= next.score) return;
  let at = best.length;
  while (at > 0 && (best[at - 1]?.score ?? 0) < next.score) at -= 1;
  best.splice(at, 0, next);
  if (best.length > limit) best.pop();
}

function environmentItem(fleet: FleetModel, position: number): PaletteItem {
  const row = fleet.row(position);
  return {
    key: `environment:${row.env.id}`,
    target: { kind: 'environment', id: row.env.id },
    label: row.env.id,
    detail: `${row.tenantName} · ${KIND_LABELS[row.env.kind]} · ${row.regionName}`,
  };
}

function environmentActions(id: string): PaletteItem[] {
  return [
    { key: `deploy:${id}`, target: { kind: 'deploy', action: 'deploy', environmentId: id }, label: `Deploy to ${id}…`, detail: 'Opens the deploy dialog' },
    { key: `declare:${id}`, target: { kind: 'declare', environmentId: id }, label: `Declare an incident on ${id}…`, detail: 'Opens the declare dialog' },
  ];
}

/**
 * The entries for what was typed, best first: with nothing typed, the views and the actions; else
 * every candidate and environment scored by fuzzyScore, and the first environments' own actions.
 */
export function searchPalette(query: string, sources: PaletteSources, limit = 30): PaletteItem[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') {
    return sources.candidates.filter(({ item }) => item.target.kind === 'view' || item.target.kind === 'deploy' || item.target.kind === 'declare').map(({ item }) => item);
  }
  const best: Scored[] = [];
  sources.candidates.forEach(({ text }, index) => {
    const score = fuzzyScore(needle, text);
    if (score !== null) keepBest(best, { score, ref: index }, limit);
  });
  const { fleet } = sources;
  if (fleet !== null) {
    fleet.searchText().forEach((text, position) => {
      const score = fuzzyScore(needle, text);
      if (score !== null) keepBest(best, { score, ref: -position - 1 }, limit);
    });
  }
  const items: PaletteItem[] = [];
  let environments = 0;
  for (const { ref } of best) {
    const item = ref >= 0 ? sources.candidates[ref]?.item : fleet === null ? undefined : environmentItem(fleet, -ref - 1);
    if (item === undefined) continue;
    items.push(item);
    if (item.target.kind === 'environment' && !sources.readOnly && environments++ < ACTIONS_FOR_TOP) items.push(...environmentActions(item.target.id));
  }
  return items;
}

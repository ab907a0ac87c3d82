import type { WindowDefinition } from '../../../../shared/fleet-definition/calendar.js';
import type { FleetDefinition } from '../../../../shared/fleet-definition/schema.js';
import { expandWindow, nextOccurrence, type ExpandedOccurrence } from '../../calendar/recurrence/expand.js';
import { resolveScope } from '../../calendar/scope.js';

/** The calendar windows a deploy looks at, by the environments their scopes reach; resolved once per definition. */
export interface WindowIndex {
  upgradeSlots(environmentId: string): readonly WindowDefinition[];
  freezes(environmentId: string): readonly WindowDefinition[];
  byId: ReadonlyMap<string, WindowDefinition>;
}

const NONE: readonly WindowDefinition[] = [];
const cache = new WeakMap<FleetDefinition, WindowIndex>();

export function windowIndex(definition: FleetDefinition): WindowIndex {
  let index = cache.get(definition);
  if (index) return index;
  const slots = new Map<string, WindowDefinition[]>();
  const freezes = new Map<string, WindowDefinition[]>();
  for (const window of definition.calendar.windows) {
    const target = window.kind === 'upgrade-slot' ? slots : window.kind === 'deploy-freeze' ? freezes : null;
    if (!target) continue;
    for (const env of resolveScope(definition, window.scope).environments) {
      const list = target.get(env);
      if (list) list.push(window);
      else target.set(env, [window]);
    }
  }
  index = {
    upgradeSlots: (env) => slots.get(env) ?? NONE,
    freezes: (env) => freezes.get(env) ?? NONE,
    byId: new Map(definition.calendar.windows.map((window) => [window.id, window])),
  };
  cache.set(definition, index);
  return index;
}

/** Occurrence lookups memoised for one call: many environments share a window and an instant. */
export class OccurrenceLookup {
  private readonly covering = new Map<string, ExpandedOccurrence | null>();
  private readonly upcoming = new Map<string, ExpandedOccurrence | null>();

  /** The occurrence of the window in progress at the instant, if any. */
  at(window: WindowDefinition, instant: number): ExpandedOccurrence | null {
    const key = `${window.id}@${instant}`;
    let found = this.covering.get(key);
    if (found === undefined) {
      found = expandWindow(window, { from: instant, to: instant + 1 }, 1)[0] ?? null;
      this.covering.set(key, found);
    }
    return found;
  }

  /** The occurrence in progress at the instant, else the next one to start. */
  currentOrNext(window: WindowDefinition, instant: number): ExpandedOccurrence | null {
    const key = `${window.id}@${instant}`;
    let found = this.upcoming.get(key);
    if (found === undefined) {
      found = this.at(window, instant) ?? nextOccurrence(window, instant);
      this.upcoming.set(key, found);
    }
    return found;
  }
}

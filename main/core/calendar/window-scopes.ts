import type { WindowDefinition } from '../../../shared/fleet-definition/calendar.js';
import type { FleetDefinition } from '../../../shared/fleet-definition/schema.js';
import type { WatchedEnvironment } from '../connectors/capabilities.js';
import type { CoreContext } from '../core-context.js';
import { scopeDigest } from './publish/maintenance-item.js';
import { resolveScope, type ResolvedScope } from './scope.js';

/** What a window reaches in the fleet, with what publishing needs of it. */
export interface Scoped {
  scope: ResolvedScope;
  environments: ReadonlySet<string>;
  watched: WatchedEnvironment[];
  digest: string;
}

/** Each window's scope resolved once per definition: a region-wide window reaches thousands of environments. */
export class WindowScopes {
  private scoped = new WeakMap<FleetDefinition, WeakMap<WindowDefinition, Scoped>>();

  constructor(private readonly ctx: CoreContext) {}

  of(window: WindowDefinition): Scoped {
    const definition = this.ctx.definition();
    let byWindow = this.scoped.get(definition);
    if (!byWindow) {
      byWindow = new WeakMap();
      this.scoped.set(definition, byWindow);
    }
    let scoped = byWindow.get(window);
    if (!scoped) {
      const scope = resolveScope(definition, window.scope);
      const environments = new Set(scope.environments);
      const watched = this.ctx.view().watched.filter((env) => environments.has(env.view.id));
      scoped = { scope, environments, watched, digest: scopeDigest(scope) };
      byWindow.set(window, scoped);
    }
    return scoped;
  }

  /** The definition was read again: the watched environments may differ even where the definition object is kept. */
  clear(): void {
    this.scoped = new WeakMap();
  }
}

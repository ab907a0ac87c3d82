import { parseRoute } from '../../shared/routes/deep-link.js';

export interface PopOutSpec {
  /** Window-state key: pop-outs of one kind share a place on screen. */
  key: 'fleet-wall' | 'incident' | 'deployment-log';
  title: string;
  route: string;
}

/** The pop-outs a second monitor can hold; any other route of our page stays in the console. */
export function popOutFor(fragment: string): PopOutSpec | null {
  if (fragment === '/fleet') return { key: 'fleet-wall', title: 'Watchfloor: fleet wall', route: '/fleet' };
  const link = parseRoute(fragment);
  if (!link.ok) return null;
  if (link.value.kind === 'incident') return { key: 'incident', title: `Watchfloor: incident ${link.value.id}`, route: fragment };
  if (link.value.kind === 'deployment') return { key: 'deployment-log', title: `Watchfloor: deployment ${link.value.id}`, route: fragment };
  return null;
}

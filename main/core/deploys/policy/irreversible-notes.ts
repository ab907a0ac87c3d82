import type { ReleaseDefinition } from '../../../../shared/fleet-definition/deploys.js';
import type { FleetIndex } from './fleet-index.js';

/** What a later rollback of this release cannot undo, from the release's own list. */
export function deployIrreversible(release: ReleaseDefinition): string[] {
  return release.irreversible.map((note) => `${release.version}: ${note} (a rollback later cannot undo it)`);
}

/**
 * What this rollback cannot undo: the notes of every release it goes back over, from the
 * version each environment runs down to (not including) the one it returns to, newest first.
 */
export function rollbackIrreversible(moves: ReadonlyArray<{ from: string | null; to: string }>, index: FleetIndex): string[] {
  const over = new Set<number>();
  for (const { from, to } of moves) {
    const top = from === null ? undefined : index.releases.get(from)?.position;
    if (top === undefined) continue;
    const bottom = index.releases.get(to)?.position ?? -1;
    for (let position = top; position > bottom; position--) over.add(position);
  }
  const releases = [...index.releases.values()].filter((entry) => over.has(entry.position)).sort((a, b) => b.position - a.position);
  return releases.flatMap(({ release }) => release.irreversible.map((note) => `${release.version}: ${note} (this rollback cannot undo it)`));
}

import type { ReleaseView } from '../../../../shared/contract/deploys.js';
import type { ReleaseDefinition } from '../../../../shared/fleet-definition/deploys.js';

/** A release as the console shows it; previous is the release listed before it, of any type. */
export function releaseView(release: ReleaseDefinition, previous: ReleaseDefinition | undefined): ReleaseView {
  return {
    version: release.version,
    type: release.type,
    notes: release.notes,
    irreversible: release.irreversible,
    incident: release.incident ?? null,
    previous: previous?.version ?? null,
  };
}

export function releaseViews(releases: readonly ReleaseDefinition[]): ReleaseView[] {
  return releases.map((release, position) => releaseView(release, releases[position - 1]));
}

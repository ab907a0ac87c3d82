import { useId } from 'react';
import type { ReleaseView } from '../../../../shared/contract/deploys.js';
import { ReleaseTypeBadge } from './ReleaseTypeBadge.js';
import { ActionsHeader } from '../../components/ActionsHeader.js';

interface ReleasesTableProps {
  releases: readonly ReleaseView[];
  blocked: string | null;
  onDeploy: (release: ReleaseView) => void;
}

/** Every release the fleet file lists, with what a rollback of it cannot undo. */
/** The fleet file lists releases oldest first (each after the one it replaces); an operator reads the newest first. */
export function newestFirst<T>(releases: readonly T[]): T[] {
  return [...releases].reverse();
}

export function ReleasesTable({ releases, blocked, onDeploy }: ReleasesTableProps) {
  const headingId = useId();
  return (
    <section className="deploys-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Releases</h2>
      {releases.length === 0 ? (
        <p className="muted">The fleet file lists no release.</p>
      ) : (
        <table className="data-table releases-table" aria-labelledby={headingId}>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Type</th>
              <th scope="col">Notes</th>
              <th scope="col">A rollback cannot undo</th>
              <ActionsHeader />
            </tr>
          </thead>
          <tbody>
            {newestFirst(releases).map((release) => (
              <tr key={release.version}>
                <th scope="row" className="env-id">
                  {release.version}
                </th>
                <td>
                  <ReleaseTypeBadge type={release.type} />
                  {release.incident !== null && <span className="muted cell-line">answers {release.incident}</span>}
                </td>
                <td>{release.notes === '' ? <span className="muted">No notes</span> : release.notes}</td>
                <td>{release.irreversible.length === 0 ? <span className="muted">Nothing listed</span> : release.irreversible.join('; ')}</td>
                <td>
                  <button type="button" aria-label={`Deploy ${release.version}…`} disabled={blocked !== null} title={blocked ?? undefined} onClick={() => onDeploy(release)}>
                    Deploy…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

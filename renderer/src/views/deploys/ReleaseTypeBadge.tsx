import type { ReleaseType } from '../../../../shared/contract/deploys.js';
import { RELEASE_TYPE_LABELS } from './deploys-labels.js';

/** A shape per release type, so types read without colour: a star, a plaster, a lightning bolt. */
function Shape({ type }: { type: ReleaseType }) {
  switch (type) {
    case 'enhancement':
      return <path className="release-fill" d="M8 .8l2.1 4.6 5 .5-3.8 3.4 1.1 4.9L8 11.7l-4.4 2.5 1.1-4.9L.9 5.9l5-.5z" />;
    case 'service-patch':
      return (
        <>
          <path className="release-fill" d="M1.8 10.4 10.4 1.8a2.6 2.6 0 0 1 3.8 3.8l-8.6 8.6a2.6 2.6 0 0 1-3.8-3.8z" />
          <path className="release-glyph" d="M6.2 6.8h1v1h-1zM8.8 6.8h1v1h-1zM6.2 8.2h1v1h-1zM8.8 8.2h1v1h-1z" />
        </>
      );
    case 'hotfix':
      return <path className="release-fill" d="M9.6.8 2.6 9.2h4.3L5.8 15.2l7.6-8.9H9z" />;
  }
}

export function ReleaseTypeBadge({ type }: { type: ReleaseType }) {
  return (
    <span className={`release-type release-${type}`}>
      <svg className="release-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <Shape type={type} />
      </svg>
      {RELEASE_TYPE_LABELS[type]}
    </span>
  );
}

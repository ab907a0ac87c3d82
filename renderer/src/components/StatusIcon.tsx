import type { HealthStatus } from '../../../shared/contract/index.js';

/** A distinct shape per status, so it reads without colour: octagon, triangle, circle-?, clock, wrench, check. */
function Shape({ status }: { status: HealthStatus }) {
  switch (status) {
    case 'critical':
      return (
        <>
          <path className="icon-fill" d="M5.1 1h5.8L15 5.1v5.8L10.9 15H5.1L1 10.9V5.1z" />
          <path className="icon-glyph" d="M7 3.8h2v5.4H7zM7 10.6h2v2H7z" />
        </>
      );
    case 'warning':
      return (
        <>
          <path className="icon-fill" d="M8 1.2 15.3 14.4H.7z" />
          <path className="icon-glyph icon-glyph-dark" d="M7.1 5.6h1.8v4.6H7.1zM7.1 11.3h1.8v1.8H7.1z" />
        </>
      );
    case 'unknown':
      return (
        <>
          <circle className="icon-fill" cx="8" cy="8" r="7" />
          <path
            className="icon-stroke-glyph"
            d="M5.9 6.2a2.1 2.1 0 1 1 3.1 1.8c-.7.4-1 .8-1 1.6v.4"
            fill="none"
            strokeWidth="1.7"
            strokeLinecap="round"
          />
          <circle className="icon-glyph" cx="8" cy="12" r="1" />
        </>
      );
    case 'stale':
      return (
        <>
          <circle className="icon-ring" cx="8" cy="8" r="6.2" fill="none" strokeWidth="2" />
          <path className="icon-ring" d="M8 4.2V8.4l2.8 1.8" fill="none" strokeWidth="1.8" strokeLinecap="round" />
        </>
      );
    case 'maintenance':
      return (
        <path
          className="icon-fill"
          d="M11.6 1a3.6 3.6 0 0 0-3.4 4.7L1.6 12.3a1.5 1.5 0 0 0 2.1 2.1l6.6-6.6A3.6 3.6 0 0 0 15 4.4l-2.2 2.2-2-.5-.5-2L12.5 1.9A3.6 3.6 0 0 0 11.6 1z"
        />
      );
    case 'ok':
      return (
        <>
          <circle className="icon-fill" cx="8" cy="8" r="7" />
          <path className="icon-stroke-glyph" d="M4.6 8.3 7 10.6l4.4-4.9" fill="none" strokeWidth="1.9" strokeLinecap="round" strokeLinejoin="round" />
        </>
      );
  }
}

export function StatusIcon({ status }: { status: HealthStatus }) {
  return (
    <svg className={`status-icon status-${status}`} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <Shape status={status} />
    </svg>
  );
}

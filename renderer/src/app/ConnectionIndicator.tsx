import { useSystemInfo } from '../api/queries.js';
import { StatusIcon } from '../components/StatusIcon.js';
import { useConnectionStore, type LinkState } from '../state/connection-store.js';

const LINK_TEXT: Readonly<Record<LinkState, string>> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
};

const LINK_ICON = { live: 'ok', connecting: 'unknown', reconnecting: 'warning' } as const;

export function ConnectionIndicator() {
  const link = useConnectionStore((state) => state.link);
  const readOnly = useSystemInfo().data?.readOnly === true;
  return (
    <div className="connection">
      <span className={`connection-link link-${link}`} role="status">
        <StatusIcon status={LINK_ICON[link]} />
        {LINK_TEXT[link]}
      </span>
      {readOnly && (
        <span className="read-only-badge" title="Commands are turned off in this console">
          <svg className="status-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
            <path className="lock-shackle" d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" strokeWidth="1.8" />
            <rect className="lock-body" x="3" y="7" width="10" height="8" rx="1.5" />
          </svg>
          Read-only
        </span>
      )}
    </div>
  );
}

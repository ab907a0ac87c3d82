import type { ReactNode } from 'react';
import { formatCount } from '../../time/format.js';
import { anyPending, type PendingCounts } from './held-rows.js';
import type { ListHoldHandlers } from './use-list-hold.js';

function describePending({ added, changed, gone }: PendingCounts): string {
  const parts = [added > 0 && `${formatCount(added)} new`, changed > 0 && `${formatCount(changed)} changed`, gone > 0 && `${formatCount(gone)} gone`];
  return parts.filter((part) => part !== false).join(' · ');
}

interface HeldListBarProps {
  pending: PendingCounts;
  onShow: () => void;
  /** Names the list in the button's name, where a view has more than one list. */
  listName: string;
}

/**
 * What waits while a list holds still, and "Show" to put it in order. It must stand inside the held
 * area, so that reaching for "Show" does not release the list; it keeps its size when empty.
 */
export function HeldListBar({ pending, onShow, listName }: HeldListBarProps) {
  const waiting = anyPending(pending);
  return (
    <div className="held-list-bar" title={waiting ? 'The list holds still while the pointer or focus is in it' : undefined}>
      <p aria-live="polite">{waiting && describePending(pending)}</p>
      {waiting && (
        <button type="button" className="link-button" aria-label={`Show the changes in the ${listName}`} onClick={onShow}>
          Show
        </button>
      )}
    </div>
  );
}

interface HeldListProps extends HeldListBarProps {
  hold: ListHoldHandlers;
  className?: string;
  children: ReactNode;
}

/** A live list that holds still under the pointer and focus, with its bar on one reserved line above it. */
export function HeldList({ hold, className, children, ...bar }: HeldListProps) {
  return (
    <div className={`held-list${className === undefined ? '' : ` ${className}`}`} {...hold}>
      <HeldListBar {...bar} />
      {children}
    </div>
  );
}

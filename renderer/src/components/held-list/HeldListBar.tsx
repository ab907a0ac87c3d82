import type { ReactNode } from 'react';
import { formatCount } from '../../time/format.js';
import { anyPending, type PendingCounts } from './held-rows.js';
import type { ListHoldHandlers } from './use-list-hold.js';

function describePending({ added, changed, gone }: PendingCounts): string {
  const parts = [added > 0 && `${formatCount(added)} new`, changed > 0 && `${formatCount(changed)} changed`, gone > 0 && `${formatCount(gone)} gone`];
  return parts.filter((part) => part !== false).join(' · ');
}

interface HeldListProps {
  hold: ListHoldHandlers;
  pending: PendingCounts;
  onShow: () => void;
  /** Names the list in the bar's button, where a view has more than one list. */
  listName: string;
  className?: string;
  children: ReactNode;
}

/**
 * A live list that holds still under the pointer and focus, with its bar on one reserved line above
 * it (inside the held area, so reaching "Show" does not release the list): what waits is counted
 * there, and "Show" puts it in order.
 */
export function HeldList({ hold, pending, onShow, listName, className, children }: HeldListProps) {
  const waiting = anyPending(pending);
  return (
    <div className={`held-list${className === undefined ? '' : ` ${className}`}`} {...hold}>
      <div className="held-list-bar">
        <p aria-live="polite">{waiting && <>{describePending(pending)}; held still while you work in the list</>}</p>
        {waiting && (
          <button type="button" className="link-button" aria-label={`Show the changes in the ${listName}`} onClick={onShow}>
            Show
          </button>
        )}
      </div>
      {children}
    </div>
  );
}

import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DetailPanelProps {
  title: string;
  /** The heading takes focus again whenever this changes: another item is shown. */
  itemKey: string;
  className?: string;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A non-modal side panel named by its heading: the heading takes focus when an item is shown, and
 * Escape closes it unless something inside already handled the key.
 */
export function DetailPanel({ title, itemKey, className, onClose, children }: DetailPanelProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, [itemKey]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onClose();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [onClose]);

  return (
    <aside className={`detail-panel${className === undefined ? '' : ` ${className}`}`} role="dialog" aria-modal="false" aria-labelledby={headingId}>
      <div className="detail-head">
        <h2 id={headingId} ref={headingRef} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </aside>
  );
}

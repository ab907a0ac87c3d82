import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ModalDialogProps {
  title: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}

/**
 * The platform's modal <dialog>: it traps focus, closes on Escape and gives the dialog role with
 * the heading as its name. Mounted only while open; closing is the parent's decision, and focus
 * goes back to the control that opened it.
 */
export function ModalDialog({ title, onClose, className, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  useEffect(() => {
    const dialog = ref.current;
    const opener = dialog?.ownerDocument.activeElement;
    if (dialog !== null && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // The dialog is unmounted, not closed in place, so the platform cannot give focus back to what opened it.
      if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog
      ref={ref}
      className={`modal-dialog${className === undefined ? '' : ` ${className}`}`}
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={headingId}>{title}</h2>
      {children}
    </dialog>
  );
}

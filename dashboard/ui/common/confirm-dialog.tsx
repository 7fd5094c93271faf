'use client';
/**
 * A modal confirmation built on <dialog>: showModal() makes the rest of the page inert and keeps
 * focus inside, Esc closes it, and focus starts on Cancel so Enter never confirms by accident.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';

/** Props of ConfirmDialog; onConfirm is called once when the confirm button is pressed. */
export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  tone?: 'danger' | 'primary';
  children?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks the user to confirm an action; closes on Cancel, Esc or a click on the backdrop. */
export function ConfirmDialog({
  open,
  title,
  confirmLabel,
  tone = 'primary',
  children,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (open && !dialog.open) {
      dialog.showModal();
      cancelRef.current?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onCancel();
      }}
    >
      <div className="confirm-body">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
      <div className="confirm-actions">
        <button ref={cancelRef} type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={tone === 'danger' ? 'btn btn-danger' : 'btn btn-primary'} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

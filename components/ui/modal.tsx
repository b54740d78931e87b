'use client';

import { useEffect, useRef, type ReactNode } from 'react';

export interface ModalProps {
  open: boolean;
  onClose: () => void;
  title: string;
  titleId: string;
  children: ReactNode;
  tone?: 'default' | 'warning';
  /** Replace the dialog's and the title's classes, for a dialog styled by its own page. */
  className?: string;
  titleClassName?: string;
}

/** A native modal dialog: focus stays inside, Escape closes it, and the page behind is inert. */
export function Modal({ open, onClose, title, titleId, children, tone = 'default', className, titleClassName = 'modal-title' }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={className ?? `modal modal-${tone}`}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId} className={titleClassName}>
            {title}
          </h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}

/**
 * Asking again before something that is hard to take back (deactivating an
 * agent, deleting a channel or a contact for good): what will happen, Cancel,
 * and the danger button that makes the hub call — off while it runs, so one
 * click is one call. A refusal stays in the dialog in words; on success the
 * caller closes it.
 */
import type { ReactNode } from 'react';
import { CallFailure } from './call-failure.js';
import { Modal } from './modal.js';
import { useHubCall } from './use-hub-call.js';
import { useT } from './use-t.js';

export function ConfirmDialog({
  title,
  confirmLabel,
  onCancel,
  onConfirm,
  className,
  children,
}: {
  title: string;
  confirmLabel: string;
  onCancel: () => void;
  /** Makes the call and, once it is done, closes the dialog; a throw is shown as the refusal. */
  onConfirm: () => Promise<void>;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useT();
  const { busy, failure, run } = useHubCall();

  return (
    <Modal title={title} onClose={onCancel} className={className}>
      {children}
      <CallFailure failure={failure} />
      <footer className="modal-footer">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void run(onConfirm)}>
          {confirmLabel}
        </button>
      </footer>
    </Modal>
  );
}

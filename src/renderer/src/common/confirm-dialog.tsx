/**
 * Asking again before something that is hard to take back (deactivating an
 * agent, deleting a channel or a contact for good): what will happen, Cancel,
 * and the danger button that makes the hub call — off while it runs, so one
 * click is one call. A refusal stays in the dialog in words; on success the
 * caller closes it.
 */
import { useState, type ReactNode } from 'react';
import { CallFailure, failureOf, type Failure } from './call-failure.js';
import { Modal } from './modal.js';
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
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function confirm() {
    setBusy(true);
    setFailure(null);
    try {
      await onConfirm();
    } catch (error) {
      setFailure(failureOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal title={title} onClose={onCancel} className={className}>
      {children}
      <CallFailure failure={failure} />
      <footer className="modal-footer">
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy} onClick={() => void confirm()}>
          {confirmLabel}
        </button>
      </footer>
    </Modal>
  );
}

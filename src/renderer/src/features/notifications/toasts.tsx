/**
 * In-app notices: new messages (clicking opens the conversation; one per conversation, the newest
 * replacing the older), window warnings, "Resolved · Undo", errors in words. They sit at the bottom
 * left, over the inbox list, so they never cover the composer's Send button (toasts.css). Each is
 * announced once: its own status or alert role is the live region, the list around them is not.
 * Notices and errors dismiss themselves; an error that offers an action stays until used or dismissed.
 */
import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { useAppStore, useInbox, useUi } from '../../stores/store-context.js';
import type { StatusUndo, Toast } from '../../stores/ui-slice.js';
import { useT } from '../../common/use-t.js';
import { formatDateTime } from '../../i18n/translate.js';
import './toasts.css';

/** Long enough to read a sentence. */
const TOAST_MS = 8000;
/** An error without an action, and the undo offer: a few seconds. */
export const ERROR_TOAST_MS = 6000;
export const UNDO_TOAST_MS = 6000;

function lifetimeOf(toast: Toast): number | null {
  if (toast.kind === 'error') return toast.undo ? null : ERROR_TOAST_MS;
  return toast.kind === 'undo' ? UNDO_TOAST_MS : TOAST_MS;
}

function ToastItem({ toast }: { toast: Toast }) {
  const { t, lang } = useT();
  const dismiss = useUi((s) => s.dismissToast);
  const pushToast = useUi((s) => s.pushToast);
  const restoreStatus = useAppStore((s) => s.restoreStatus);
  const selectConversation = useInbox((s) => s.selectConversation);
  useEffect(() => {
    const ms = lifetimeOf(toast);
    if (ms === null) return;
    const timer = setTimeout(() => dismiss(toast.id), ms);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);

  async function undo(what: StatusUndo) {
    dismiss(toast.id);
    const code = await restoreStatus(what.conversationId, what.status, what.snoozedUntil);
    // Refused (offline, or no longer allowed): the error says why and keeps the Undo to try again.
    if (code !== null) pushToast({ kind: 'error', code, undo: what });
  }

  const conversationId = toast.kind === 'error' || toast.kind === 'undo' ? null : toast.conversationId;
  const undoable = toast.kind === 'undo' ? toast : toast.kind === 'error' ? (toast.undo ?? null) : null;
  const content =
    toast.kind === 'notification' ? (
      <>
        <strong>{toast.title}</strong>
        <span>{toast.body}</span>
      </>
    ) : toast.kind === 'window-warning' ? (
      <span>{t('toast.windowWarning', { name: toast.contactName, time: formatDateTime(lang, toast.closesAt) })}</span>
    ) : toast.kind === 'undo' ? (
      <span>{t('toast.resolved', { name: toast.contactName })}</span>
    ) : (
      <span>{describeError(toast.code, lang)}</span>
    );

  return (
    // The role sits inside the <li>: a role on the item itself would leave the list without items (axe "list").
    <li className="toast-item">
      <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'}>
        {conversationId ? (
          <button
            type="button"
            className="toast-body"
            onClick={() => {
              selectConversation(conversationId);
              dismiss(toast.id);
            }}
          >
            {content}
          </button>
        ) : (
          <div className="toast-body">{content}</div>
        )}
        {undoable && (
          <button type="button" className="toast-action" onClick={() => void undo(undoable)}>
            {t('toast.undo')}
          </button>
        )}
        <button type="button" className="icon-button" aria-label={t('toast.dismiss')} onClick={() => dismiss(toast.id)}>
          ×
        </button>
      </div>
    </li>
  );
}

export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  if (toasts.length === 0) return null;
  return (
    <ul className="toasts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ul>
  );
}

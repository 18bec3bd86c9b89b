/** In-app notices: new messages (clicking opens the conversation), window warnings, errors in words. */
import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { useInbox, useUi } from '../../stores/store-context.js';
import type { Toast } from '../../stores/ui-slice.js';
import { useT } from '../../common/use-t.js';
import { formatDateTime } from '../../i18n/translate.js';

/** Long enough to read a sentence; errors stay until dismissed. */
const TOAST_MS = 8000;

function ToastItem({ toast }: { toast: Toast }) {
  const { t, lang } = useT();
  const dismiss = useUi((s) => s.dismissToast);
  const selectConversation = useInbox((s) => s.selectConversation);
  useEffect(() => {
    if (toast.kind === 'error') return;
    const timer = setTimeout(() => dismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);

  const conversationId = toast.kind === 'error' ? null : toast.conversationId;
  const content =
    toast.kind === 'notification' ? (
      <>
        <strong>{toast.title}</strong>
        <span>{toast.body}</span>
      </>
    ) : toast.kind === 'window-warning' ? (
      <span>{t('toast.windowWarning', { name: toast.contactName, time: formatDateTime(lang, toast.closesAt) })}</span>
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
    <ul className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ul>
  );
}

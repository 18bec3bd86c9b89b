/** Where an outbound message is: queued, sent, delivered, read, failed (with the provider's reason in words). */
import type { ClientMessage } from '../../../../shared/api.js';
import { describeError } from '../../../../shared/errors.js';
import { useConversation } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { usePermission } from '../../common/use-permission.js';

const TICKS: Readonly<Record<string, string>> = {
  queued: '🕓',
  sending: '🕓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
  held: '⏸',
};

function failureText(message: ClientMessage, lang: 'ja' | 'en'): string | null {
  const outbox = message.outbox;
  if (outbox?.reasonCode) return describeError(outbox.reasonCode, lang);
  if (outbox?.reason) return outbox.reason;
  if (message.failureCode) return describeError(message.failureCode, lang);
  return message.failureReason;
}

export function DeliveryState({ message }: { message: ClientMessage }) {
  const { t, lang } = useT();
  const decideHeldReply = useConversation((s) => s.decideHeldReply);
  const retryMessage = useConversation((s) => s.retryMessage);
  // Sending again is a send: without "create" the hub refuses it, so it is not offered.
  const maySend = usePermission('reply');
  if (message.direction === 'in' || message.kind === 'note') return null;
  const outbox = message.outbox;
  const state = outbox ? outbox.state : message.state;
  const label = outbox?.state === 'queued' ? t('message.outbox.queued') : t(`message.state.${state}`);
  const reason = state === 'failed' || state === 'held' ? failureText(message, lang) : null;
  const clientId = message.clientId;

  return (
    <span className={`delivery delivery-${state}`} data-state={state}>
      <span className="delivery-label" title={label}>
        <span aria-hidden="true">{TICKS[state] ?? ''}</span> {label}
      </span>
      {outbox?.windowWillClose && <span className="delivery-warning">{t('message.windowWillClose')}</span>}
      {state === 'held' && (
        <span className="held-reply" role="group">
          <span>{t('message.held', { reason: reason ?? describeError('REPLY_HELD', lang) })}</span>
          {clientId && (
            <>
              {maySend.allowed ? (
                <button type="button" onClick={() => void decideHeldReply(clientId, 'send')}>
                  {t('message.sendAnyway')}
                </button>
              ) : (
                <span className="permission-hint">{t('agents.needs.resend')}</span>
              )}
              <button type="button" onClick={() => void decideHeldReply(clientId, 'discard')}>
                {t('message.discard')}
              </button>
            </>
          )}
        </span>
      )}
      {state === 'failed' && (
        <span className="delivery-failure" role="note">
          {reason}
          {outbox && clientId && maySend.allowed && (
            <button type="button" onClick={() => void retryMessage(clientId)}>
              {t('common.retry')}
            </button>
          )}
          {outbox && clientId && !maySend.allowed && (
            <span className="permission-hint">{t('agents.needs.resend')}</span>
          )}
        </span>
      )}
    </span>
  );
}

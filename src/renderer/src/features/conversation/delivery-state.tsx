/**
 * Where an outbound message is: queued, sent, delivered, read, failed (with the provider's reason in
 * words and its code on a details line), and what the agent can still do. A reply the session window
 * stopped can go as a template (the picker opens with its text), be sent once the channel allows it
 * again, or be discarded; a failed reply of the agent's own can be sent again as a new reply (the
 * failed one then says "Sent again" and offers nothing more) or discarded.
 */
import type { ClientMessage } from '../../../../shared/api.js';
import { CHANNEL_RULES } from '../../../../shared/channel-rules.js';
import { describeError } from '../../../../shared/errors.js';
import { useConversation, useSession } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { usePermission } from '../../common/use-permission.js';
import { setTemplateSeed } from '../composer/template-seed.js';
import { providerCodeOf } from '../../../../shared/failure-details.js';

const TICKS: Readonly<Record<string, string>> = {
  queued: '🕓',
  sending: '🕓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  failed: '!',
  held: '⏸',
};

const WINDOW_CODES: ReadonlySet<string> = new Set(['SESSION_WINDOW_CLOSED', 'SESSION_WINDOW_CLOSED_NO_SEND']);

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
  const channelKind = useConversation((s) => s.detail?.row.channelKind ?? null);
  const me = useSession((s) => s.session?.agent.id ?? null);
  // Sending again is a send: without "create" the hub refuses it, so it is not offered.
  const maySend = usePermission('reply');
  if (message.direction === 'in' || message.kind === 'note') return null;
  const outbox = message.outbox;
  const state = outbox ? outbox.state : message.state;
  const label = outbox?.state === 'queued' ? t('message.outbox.queued') : t(`message.state.${state}`);
  const reason = state === 'failed' || state === 'held' ? failureText(message, lang) : null;
  const clientId = message.clientId;
  const mine = outbox !== null || (me !== null && message.senderAgentId === me);
  const windowHeld = state === 'held' && WINDOW_CODES.has(outbox?.reasonCode ?? '');
  const code = state === 'failed' ? providerCodeOf(outbox?.reason ?? message.failureReason) : null;
  const stoppedByWindow = windowHeld || (state === 'failed' && WINDOW_CODES.has(message.failureCode ?? ''));
  const asTemplate =
    stoppedByWindow &&
    message.text !== null &&
    message.attachments.length === 0 &&
    channelKind !== null &&
    CHANNEL_RULES[channelKind].supportsTemplates &&
    (outbox === null || outbox.canSendAsTemplate === true);
  // The core sends a hub-stored failed reply again only without files (they are attached again).
  const mayRetry = !stoppedByWindow && (outbox !== null || message.attachments.length === 0);

  function sendAsTemplate() {
    if (!clientId || message.text === null) return;
    setTemplateSeed({ conversationId: message.conversationId, text: message.text, clientId });
  }

  const templateButton = asTemplate && clientId && maySend.allowed && (
    <button type="button" onClick={sendAsTemplate}>
      {t('message.sendAsTemplate')}
    </button>
  );
  const discardButton = clientId && (
    <button type="button" onClick={() => void decideHeldReply(clientId, 'discard')}>
      {t('message.discard')}
    </button>
  );

  return (
    <span className={`delivery delivery-${state}`} data-state={state}>
      <span className="delivery-label" title={label}>
        <span aria-hidden="true">{TICKS[state] ?? ''}</span> {label}
      </span>
      {outbox?.windowWillClose && <span className="delivery-warning">{t('message.windowWillClose')}</span>}
      {state === 'held' && !windowHeld && (
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
              {discardButton}
            </>
          )}
        </span>
      )}
      {windowHeld && (
        <span className="held-reply" role="group">
          <span>{t('message.windowStopped', { reason: reason ?? describeError('SESSION_WINDOW_CLOSED', lang) })}</span>
          {templateButton}
          {clientId && outbox?.canSendAnyway === true && maySend.allowed && (
            <button type="button" onClick={() => void decideHeldReply(clientId, 'send')}>
              {t('message.sendAnyway')}
            </button>
          )}
          {discardButton}
        </span>
      )}
      {state === 'failed' && (
        <span className="delivery-failure" role="note">
          {reason}
          {message.retried === true && <span className="delivery-retried">{t('message.retried')}</span>}
          {message.retried !== true && mine && clientId && (
            <>
              {mayRetry && maySend.allowed && (
                <button type="button" onClick={() => void retryMessage(clientId)}>
                  {t('common.retry')}
                </button>
              )}
              {templateButton}
              {!maySend.allowed && <span className="permission-hint">{t('agents.needs.resend')}</span>}
              {discardButton}
            </>
          )}
        </span>
      )}
      {code !== null && <span className="delivery-details">{t('message.providerCode', { code })}</span>}
    </span>
  );
}

import { describeError } from '../../../../shared/errors.js';
import { useConversation, useInbox, useUi } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { usePermission } from '../../common/use-permission.js';
import { Composer } from '../composer/composer.js';
import { ContactPanel } from '../contact/contact-panel.js';
import { ChannelHealthNotice } from '../admin/health/channel-health-notice.js';
import { ConversationDetails } from './conversation-details.js';
import { ConversationHeader, SIDE_PANEL_ID } from './conversation-header.js';
import { MessageList } from './message-list.js';
import { TypingIndicator } from './typing-indicator.js';

export function ConversationPane() {
  const { t, lang } = useT();
  const selectedId = useInbox((s) => s.selectedId);
  const hasDetail = useConversation((s) => s.detail !== null);
  const errorCode = useConversation((s) => s.detailErrorCode);
  const mayReply = usePermission('reply');
  const sidePanelOpen = useUi((s) => s.sidePanelOpen);
  if (!selectedId) {
    return (
      <main className="conversation-pane empty">
        <p className="empty-state">{t('conversation.none')}</p>
      </main>
    );
  }
  return (
    <>
      <main className="conversation-pane" aria-busy={!hasDetail}>
        {errorCode && !hasDetail && <p className="form-error">{describeError(errorCode, lang)}</p>}
        {!errorCode && !hasDetail && <p className="empty-state">{t('common.loading')}</p>}
        {hasDetail && (
          <>
            <ConversationHeader />
            <ChannelHealthNotice />
            <MessageList />
            <TypingIndicator />
            {mayReply.allowed ? (
              <Composer />
            ) : (
              <p role="note" className="composer-read-only">
                {mayReply.reason}
              </p>
            )}
          </>
        )}
      </main>
      {hasDetail && (
        <div className="side-panel" id={SIDE_PANEL_ID} hidden={!sidePanelOpen}>
          <ConversationDetails />
          <ContactPanel />
        </div>
      )}
    </>
  );
}

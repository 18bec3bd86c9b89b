/** One conversation in the list: channel, contact, preview, time, unread, assignee, window time left, snooze. */
import { memo } from 'react';
import type { ConversationRow } from '../../../../shared/api.js';
import { previewWords } from '../../../../shared/preview-words.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { useCountdownNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { formatDateTime, formatDuration, formatTime } from '../../i18n/translate.js';
import { windowMsLeft } from '../../stores/composer-mode.js';

interface InboxRowProps {
  row: ConversationRow;
  selected: boolean;
  now: number;
  onSelect: (id: string) => void;
}

function WindowChip({ row, now: slowNow }: { row: ConversationRow; now: number }) {
  const { t, lang } = useT();
  const now = useCountdownNow(row.window.applies ? row.window.closesAt : null, slowNow);
  if (!row.window.applies) return null;
  const left = windowMsLeft(row.window, now);
  if (left === null || left <= 0) return <span className="window-chip closed">{t('inbox.windowClosed')}</span>;
  const urgent = left < 60 * 60 * 1000;
  return (
    <span className={`window-chip ${urgent ? 'urgent' : ''}`}>
      {t('inbox.windowLeft', { time: formatDuration(lang, left) })}
    </span>
  );
}

export const InboxRow = memo(function InboxRow({ row, selected, now, onSelect }: InboxRowProps) {
  const { t, lang } = useT();
  const { conversation, contact, unreadCount } = row;
  return (
    <button
      type="button"
      className={`inbox-row ${selected ? 'selected' : ''} ${unreadCount > 0 ? 'unread' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-conversation-id={conversation.id}
      onClick={() => onSelect(conversation.id)}
    >
      <ChannelIcon kind={row.channelKind} />
      <span className="inbox-row-main">
        <span className="inbox-row-top">
          <span className="inbox-row-contact">{contact.name || contact.identity.externalId}</span>
          <time className="inbox-row-time" dateTime={new Date(conversation.lastMessageAt).toISOString()}>
            {formatTime(lang, conversation.lastMessageAt, now)}
          </time>
        </span>
        <span className="inbox-row-preview">{previewWords(conversation, lang)}</span>
        <span className="inbox-row-bottom">
          <span className="inbox-row-assignee">{row.assigneeName ?? t('inbox.unassigned')}</span>
          <WindowChip row={row} now={now} />
          {conversation.snoozedUntil !== null && conversation.snoozedUntil > now && (
            <span className="snooze-chip">
              {t('conversation.snoozedUntil', { time: formatDateTime(lang, conversation.snoozedUntil) })}
            </span>
          )}
          {unreadCount > 0 && (
            <span className="unread-badge" aria-label={t('inbox.unread', { count: unreadCount })}>
              {unreadCount}
            </span>
          )}
        </span>
      </span>
    </button>
  );
});

export function InboxRowPlaceholder() {
  return (
    <div className="inbox-row placeholder" aria-hidden="true">
      <span className="placeholder-dot" />
      <span className="inbox-row-main">
        <span className="placeholder-line" />
        <span className="placeholder-line short" />
      </span>
    </div>
  );
}

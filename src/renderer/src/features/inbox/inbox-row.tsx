/**
 * One conversation in the list: channel, contact (and the channel's own name when two channels of
 * one kind exist), time, preview (or who is typing), a failed send and a draft, assignee, status,
 * labels, window time left, snooze and unread. The open button is in the tab order only for the
 * list's roving row (inbox-list.tsx); the tick box is reached by mouse or by the row's keys (space/x).
 */
import { memo } from 'react';
import type { ConversationRow } from '../../../../shared/api.js';
import { contactDisplayName } from '../../../../shared/contact-name.js';
import { previewWords } from '../../../../shared/preview-words.js';
import { Avatar } from '../../common/avatar.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { useCountdownNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { formatDateTime, formatDuration, formatTime } from '../../i18n/translate.js';
import { windowMsLeft } from '../../stores/composer-mode.js';
import { QueueChip } from './queue-summary.js';

/** Labels shown on a row; the rest are counted ("+2"). */
const LABELS_SHOWN = 2;

export interface InboxRowProps {
  row: ConversationRow;
  selected: boolean;
  now: number;
  onSelect: (id: string) => void;
  /** Position in the list (the keyboard's and the range tick's). */
  index?: number;
  checked?: boolean;
  /** This row's open button is the list's one stop in the tab order. */
  tabbable?: boolean;
  /** Two channels of this kind exist: say which one. */
  showChannelName?: boolean;
  showWaiting?: boolean;
  typingNames?: readonly string[];
  /** Other agents who have it open now. */
  viewingNames?: readonly string[];
  /** Given when ticking rows for bulk actions is offered (the agent may change conversations). */
  onCheck?: (index: number, range: boolean) => void;
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

export const InboxRow = memo(function InboxRow(props: InboxRowProps) {
  const {
    row,
    selected,
    now,
    index = 0,
    checked = false,
    tabbable = true,
    typingNames = [],
    viewingNames = [],
  } = props;
  const { onCheck } = props;
  const { t, lang } = useT();
  const { conversation, contact, unreadCount } = row;
  const name = contactDisplayName(contact, row.channelKind, lang);
  const snoozed = conversation.snoozedUntil !== null && conversation.snoozedUntil > now;
  const assignee = row.assigneeName ?? t('inbox.unassigned');
  const labels = conversation.labels;
  return (
    <div
      className={`inbox-row ${selected ? 'selected' : ''} ${checked ? 'checked' : ''} ${unreadCount > 0 ? 'unread' : ''}`}
      data-conversation-id={conversation.id}
    >
      {onCheck && (
        <input
          type="checkbox"
          className="inbox-row-check"
          tabIndex={-1}
          checked={checked}
          aria-label={t('triage.select', { name })}
          onClick={(e) => onCheck(index, e.shiftKey)}
          onChange={() => undefined}
        />
      )}
      <button
        type="button"
        className="inbox-row-open"
        tabIndex={tabbable ? 0 : -1}
        aria-current={selected ? 'true' : undefined}
        data-row-index={index}
        onClick={() => props.onSelect(conversation.id)}
      >
        <ChannelIcon kind={row.channelKind} />
        <Avatar contact={contact} name={name} />
        <span className="inbox-row-main">
          <span className="inbox-row-top">
            <span className="inbox-row-contact" title={name}>
              {name}
            </span>
            {viewingNames.length > 0 && (
              <span className="viewing-chip" title={t('triage.viewing', { name: viewingNames.join(', ') })}>
                {t('triage.viewing', { name: viewingNames.join(', ') })}
              </span>
            )}
            {props.showChannelName && (
              <span className="inbox-row-channel" title={row.channelName}>
                {row.channelName}
              </span>
            )}
            <time
              className="inbox-row-time"
              dateTime={new Date(conversation.lastMessageAt).toISOString()}
              title={formatDateTime(lang, conversation.lastMessageAt)}
            >
              {formatTime(lang, conversation.lastMessageAt, now)}
            </time>
          </span>
          <span className="inbox-row-middle">
            {row.lastSendFailed && <span className="failed-marker">{t('triage.failed')}</span>}
            {row.hasDraft && <span className="draft-marker">{t('triage.draft')}</span>}
            {typingNames.length > 0 ? (
              <span className="inbox-row-preview typing">
                {t('conversation.typing', { name: typingNames.join(', ') })}
              </span>
            ) : (
              <span className="inbox-row-preview">{previewWords(conversation, lang)}</span>
            )}
          </span>
          <span className="inbox-row-bottom">
            <span className="inbox-row-assignee" title={assignee}>
              {assignee}
            </span>
            {conversation.status !== 'open' && !snoozed && (
              <span className={`status-chip status-${conversation.status}`}>{t(`status.${conversation.status}`)}</span>
            )}
            {labels.slice(0, LABELS_SHOWN).map((label) => (
              <span key={label} className="label-chip" title={label}>
                {label}
              </span>
            ))}
            {labels.length > LABELS_SHOWN && (
              <span className="label-chip more" title={labels.slice(LABELS_SHOWN).join(', ')}>
                +{labels.length - LABELS_SHOWN}
              </span>
            )}
            {props.showWaiting && row.waitingSince !== null && (
              <span className="waiting-chip">
                {t('triage.waiting', { time: formatDuration(lang, Math.max(0, now - row.waitingSince)) })}
              </span>
            )}
            {conversation.queuedAt != null && <QueueChip queuedAt={conversation.queuedAt} now={now} />}
            <WindowChip row={row} now={now} />
            {snoozed && conversation.snoozedUntil !== null && (
              <span
                className="snooze-chip"
                title={t('conversation.snoozedUntil', { time: formatDateTime(lang, conversation.snoozedUntil) })}
              >
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
    </div>
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

/** Status (open / pending / resolved) and snooze for the open conversation. */
import { ConversationStatus } from '../../../../shared/domain.js';
import { useConversation } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { formatDateTime } from '../../i18n/translate.js';
import { useNow } from '../../common/use-now.js';
import { usePermission } from '../../common/use-permission.js';

const HOUR = 60 * 60 * 1000;
/** The hour "tomorrow" snoozes until: the start of a working day. */
const MORNING_HOUR = 9;

export function snoozeUntil(choice: string, now: number): number | null {
  if (choice === '1h') return now + HOUR;
  if (choice === '4h') return now + 4 * HOUR;
  if (choice === 'tomorrow') {
    const date = new Date(now);
    date.setDate(date.getDate() + 1);
    date.setHours(MORNING_HOUR, 0, 0, 0);
    return date.getTime();
  }
  return null;
}

export function StatusControls() {
  const { t, lang } = useT();
  const conversation = useConversation((s) => s.detail?.row.conversation ?? null);
  const changeStatus = useConversation((s) => s.changeStatus);
  const now = useNow();
  const may = usePermission('status');
  if (!conversation) return null;
  const snoozed = conversation.snoozedUntil !== null && conversation.snoozedUntil > now;
  // Without "update" the hub refuses status and snooze: show where the conversation stands, and why no buttons.
  if (!may.allowed) {
    return (
      <div className="status-controls read-only">
        <span className={`status-badge status-${conversation.status}`}>
          {t(`status.${conversation.status}`)}
          {snoozed && conversation.snoozedUntil !== null
            ? ` · ${t('conversation.snoozedUntil', { time: formatDateTime(lang, conversation.snoozedUntil) })}`
            : ''}
        </span>
        <span className="permission-hint">{may.reason}</span>
      </div>
    );
  }
  return (
    <div className="status-controls">
      <div className="segmented" role="radiogroup" aria-label={t('conversation.status')}>
        {ConversationStatus.options.map((status) => (
          <button
            key={status}
            type="button"
            role="radio"
            aria-checked={conversation.status === status}
            className={`status-${status} ${conversation.status === status ? 'active' : ''}`}
            onClick={() => void changeStatus(status, conversation.snoozedUntil)}
          >
            {t(`status.${status}`)}
          </button>
        ))}
      </div>
      <select
        data-shortcut="snooze"
        aria-label={t('conversation.snooze')}
        value=""
        onChange={(e) => {
          const until = snoozeUntil(e.target.value, Date.now());
          void changeStatus(until === null ? conversation.status : 'pending', until);
        }}
      >
        <option value="" disabled>
          {snoozed && conversation.snoozedUntil !== null
            ? t('conversation.snoozedUntil', { time: formatDateTime(lang, conversation.snoozedUntil) })
            : t('conversation.snooze')}
        </option>
        <option value="1h">{t('conversation.snooze1h')}</option>
        <option value="4h">{t('conversation.snooze4h')}</option>
        <option value="tomorrow">{t('conversation.snoozeTomorrow')}</option>
        <option value="off">{t('conversation.snoozeOff')}</option>
      </select>
    </div>
  );
}

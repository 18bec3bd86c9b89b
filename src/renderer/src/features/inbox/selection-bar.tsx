/**
 * The selection bar: how many rows are ticked and what can be done to all of
 * them (assign, status, snooze, labels), each one `conversation.bulk` the hub
 * authorizes per conversation. What it refused is said in words with its
 * reason ("2 of 12 could not be changed: not linked to channel"). Mark read
 * and Mark unread work on the ticked rows too. Escape or Clear drops the ticks.
 */
import { useEffect, useState } from 'react';
import { mayDo } from '../../../../shared/agent-permissions.js';
import { ConversationStatus } from '../../../../shared/domain.js';
import { describeError } from '../../../../shared/errors.js';
import { BULK_MAX, type BulkAction } from '../../../../shared/protocol.js';
import type { BulkReport } from '../../stores/inbox-slice.js';
import { useAppStore, useInbox } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { triageEn } from '../../i18n/agent/triage.js';

const HOUR = 60 * 60 * 1000;
const SNOOZES = { hour: HOUR, tomorrow: 24 * HOUR, week: 7 * 24 * HOUR } as const;
type SnoozeChoice = keyof typeof SNOOZES;
const SNOOZE_CHOICES: readonly SnoozeChoice[] = ['hour', 'tomorrow', 'week'];
const isSnoozeChoice = (value: string): value is SnoozeChoice => Object.hasOwn(SNOOZES, value);

function useReportWords(report: BulkReport | null, errorCode: string | null): string | null {
  const { t, lang } = useT();
  if (errorCode === 'BULK_TOO_LARGE') return t('triage.tooMany', { max: BULK_MAX });
  if (errorCode) return describeError(errorCode, lang);
  if (!report) return null;
  const refused = report.total - report.changed;
  if (refused === 0) return t('triage.changed', { count: report.changed });
  const reasons = report.refusals
    .map(({ code, count }) => {
      const key = `triage.reason.${code}`;
      const words = isReasonKey(key) ? t(key) : describeError(code, lang);
      return report.refusals.length > 1 ? `${words} (${count})` : words;
    })
    .join(', ');
  return t('triage.refused', { refused, total: report.total, reasons });
}

/** Refusal codes with words of their own in the triage strings; others are said as the error catalog says them. */
const isReasonKey = (key: string): key is keyof typeof triageEn => Object.hasOwn(triageEn, key);

export function SelectionBar() {
  const { t } = useT();
  const count = useInbox((s) => Object.keys(s.checked).length);
  const busy = useInbox((s) => s.bulkBusy);
  const report = useInbox((s) => s.bulkReport);
  const errorCode = useInbox((s) => s.bulkErrorCode);
  const agents = useInbox((s) => s.bulkAgents);
  const runBulk = useInbox((s) => s.runBulk);
  const clearChecked = useInbox((s) => s.clearChecked);
  const loadBulkAgents = useInbox((s) => s.loadBulkAgents);
  const dismiss = useInbox((s) => s.dismissBulkReport);
  const markCheckedRead = useInbox((s) => s.markCheckedRead);
  const me = useAppStore((s) => s.session?.agent ?? null);
  const [label, setLabel] = useState('');
  const words = useReportWords(report, errorCode);

  const hasSelection = count > 0;
  useEffect(() => {
    if (hasSelection) void loadBulkAgents();
  }, [hasSelection, loadBulkAgents]);

  if (count === 0 && words === null) return null;
  const may = (action: 'assign' | 'status' | 'snooze' | 'labels') => me !== null && mayDo(me, action);
  const run = (action: BulkAction) => void runBulk(action);
  const others = agents.filter((a) => a.agent.id !== me?.id);
  return (
    <section
      className="selection-bar"
      aria-label={t('triage.selection')}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          clearChecked();
          dismiss();
        }
      }}
    >
      {count > 0 && (
        <>
          <div className="selection-bar-head">
            <strong className="selection-count">{t('triage.selected', { count })}</strong>
            <button type="button" disabled={busy} onClick={() => void markCheckedRead(true)}>
              {t('triage.markRead')}
            </button>
            <button type="button" disabled={busy} onClick={() => void markCheckedRead(false)}>
              {t('triage.markUnread')}
            </button>
            {/* Short on screen; the name says what is cleared (and contains the visible word). */}
            <button type="button" aria-label={t('triage.clear')} onClick={clearChecked}>
              {t('triage.clearShort')}
            </button>
          </div>
          <div className="selection-actions">
            {may('assign') && (
              <select
                aria-label={t('triage.assignTo')}
                value=""
                disabled={busy}
                onChange={(e) => {
                  const value = e.target.value;
                  if (value === '') return;
                  run({ type: 'assign', assigneeId: value === 'none' ? null : value });
                }}
              >
                <option value="">{t('triage.assignTo')}</option>
                {me && <option value={me.id}>{t('triage.assignMe')}</option>}
                {others.map((a) => (
                  <option key={a.agent.id} value={a.agent.id}>
                    {a.agent.name}
                  </option>
                ))}
                <option value="none">{t('triage.unassign')}</option>
              </select>
            )}
            {may('status') && (
              <select
                aria-label={t('triage.status')}
                value=""
                disabled={busy}
                onChange={(e) => {
                  const parsed = ConversationStatus.safeParse(e.target.value);
                  if (parsed.success) run({ type: 'status', status: parsed.data });
                }}
              >
                <option value="">{t('triage.status')}</option>
                {ConversationStatus.options.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
            {may('snooze') && (
              <select
                aria-label={t('triage.snooze')}
                value=""
                disabled={busy}
                onChange={(e) => {
                  const choice = e.target.value;
                  if (isSnoozeChoice(choice)) run({ type: 'snooze', until: Date.now() + SNOOZES[choice] });
                }}
              >
                <option value="">{t('triage.snooze')}</option>
                {SNOOZE_CHOICES.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`triage.snooze.${choice}`)}
                  </option>
                ))}
              </select>
            )}
          </div>
          {may('labels') && (
            <div className="selection-labels">
              <input
                type="text"
                aria-label={t('triage.label')}
                placeholder={t('triage.label')}
                maxLength={50}
                value={label}
                onChange={(e) => setLabel(e.target.value)}
              />
              <button
                type="button"
                disabled={busy || label.trim() === ''}
                onClick={() => run({ type: 'labels', add: [label.trim()], remove: [] })}
              >
                {t('triage.addLabel')}
              </button>
              <button
                type="button"
                disabled={busy || label.trim() === ''}
                onClick={() => run({ type: 'labels', add: [], remove: [label.trim()] })}
              >
                {t('triage.removeLabel')}
              </button>
            </div>
          )}
        </>
      )}
      {words !== null && (
        <p
          className={`selection-report ${errorCode || (report && report.changed < report.total) ? 'refused' : ''}`}
          role="status"
        >
          {words}
        </p>
      )}
    </section>
  );
}

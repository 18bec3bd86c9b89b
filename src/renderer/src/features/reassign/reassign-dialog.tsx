/**
 * Reassignment offers only the agents linked to the conversation's channel
 * (SPEC §3, FAQ 39), with presence and open-conversation count; the hub refuses
 * anyone else regardless, and the refusal is shown in words.
 */
import { useEffect } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { useConversation, useUi } from '../../stores/store-context.js';
import { Modal } from '../../common/modal.js';
import { useT } from '../../common/use-t.js';

export function ReassignDialog() {
  const { t, lang } = useT();
  const detail = useConversation((s) => s.detail);
  const assignable = useConversation((s) => s.assignable);
  const errorCode = useConversation((s) => s.assignErrorCode);
  const loadAssignable = useConversation((s) => s.loadAssignable);
  const assignTo = useConversation((s) => s.assignTo);
  const closeDialog = useUi((s) => s.closeDialog);

  useEffect(() => {
    void loadAssignable();
  }, [loadAssignable]);

  if (!detail) return null;
  const channelName = detail.channel.name;
  const hasAssignee = detail.row.conversation.assigneeId !== null;

  async function choose(agentId: string | null) {
    if (await assignTo(agentId)) closeDialog();
  }

  return (
    <Modal title={t('reassign.title')} onClose={closeDialog} className="reassign-dialog">
      <p className="dialog-hint">{t('reassign.hint', { channel: channelName })}</p>
      {assignable === null && !errorCode && <p>{t('common.loading')}</p>}
      {assignable !== null && assignable.length === 0 && <p>{t('reassign.none')}</p>}
      {assignable !== null && assignable.length > 0 && (
        <ul className="agent-list" aria-label={t('reassign.title')}>
          {assignable.map(({ agent, presence, openCount, isCurrent }) => (
            <li key={agent.id} className={isCurrent ? 'current' : ''}>
              <button
                type="button"
                className="agent-choice"
                aria-label={t('reassign.assign', { name: agent.name })}
                aria-current={isCurrent ? 'true' : undefined}
                disabled={isCurrent}
                onClick={() => void choose(agent.id)}
              >
                <span className={`presence-dot presence-${presence}`} aria-hidden="true" />
                <span className="agent-name">{agent.name}</span>
                <span className="agent-presence">{t(`presence.${presence}`)}</span>
                <span className="agent-open">{t('reassign.open', { count: openCount })}</span>
                {isCurrent && <span className="current-tag">{t('reassign.current')}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
      {errorCode && (
        <p role="alert" className="form-error">
          {describeError(errorCode, lang)}
        </p>
      )}
      <footer className="modal-footer">
        {hasAssignee && (
          <button type="button" onClick={() => void choose(null)}>
            {t('reassign.unassign')}
          </button>
        )}
        <button type="button" onClick={closeDialog}>
          {t('common.cancel')}
        </button>
      </footer>
    </Modal>
  );
}

/**
 * The conversation's details in the side panel, beside the contact: who it is assigned to (with
 * Assign… for agents who may) and its labels. They live here rather than in the header so the
 * header stays one line and the thread keeps its height.
 */
import { useConversation, useUi } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { usePermission } from '../../common/use-permission.js';
import { LabelEditor } from './label-editor.js';

export function ConversationDetails() {
  const { t } = useT();
  const assigneeName = useConversation((s) => s.detail?.row.assigneeName ?? null);
  const hasDetail = useConversation((s) => s.detail !== null);
  const openDialog = useUi((s) => s.openDialog);
  const mayAssign = usePermission('assign');
  if (!hasDetail) return null;
  const assignee = assigneeName ? t('conversation.assignee', { name: assigneeName }) : t('conversation.noAssignee');
  return (
    <section className="conversation-details" aria-label={t('details.title')}>
      {mayAssign.allowed ? (
        <button type="button" className="assign-button" onClick={() => openDialog('reassign')}>
          {assignee}
          <span className="muted"> · {t('conversation.assign')}</span>
        </button>
      ) : (
        <p className="assign-button read-only" title={mayAssign.reason ?? undefined}>
          {assignee}
          <span className="sr-only"> · {mayAssign.reason}</span>
        </p>
      )}
      <h3>{t('labels.title')}</h3>
      <LabelEditor />
    </section>
  );
}

import { useConversation, useUi } from '../../stores/store-context.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { useT } from '../../common/use-t.js';
import { usePermission } from '../../common/use-permission.js';
import { StatusControls } from '../reassign/status-controls.js';
import { LabelEditor } from './label-editor.js';

/** Hands a transcript to the browser as a download; the renderer has no file system. */
function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}

export function ConversationHeader() {
  const { t } = useT();
  const row = useConversation((s) => s.detail?.row ?? null);
  const channelName = useConversation((s) => s.detail?.channel.name ?? '');
  const exportTranscript = useConversation((s) => s.exportTranscript);
  const openDialog = useUi((s) => s.openDialog);
  const mayAssign = usePermission('assign');
  if (!row) return null;
  const { contact, conversation } = row;

  async function onExport() {
    const transcript = await exportTranscript();
    if (transcript) downloadText(transcript.fileName, transcript.text);
  }

  return (
    <header className="conversation-header">
      <ChannelIcon kind={row.channelKind} />
      <div className="conversation-title">
        <h2>{contact.name || contact.identity.externalId}</h2>
        <span className="muted">
          {channelName}
          {conversation.ticket ? ` · ${t('conversation.ticket', { number: conversation.ticket.number })}` : ''}
        </span>
        <LabelEditor />
      </div>
      <StatusControls />
      {mayAssign.allowed ? (
        <button type="button" className="assign-button" onClick={() => openDialog('reassign')}>
          {row.assigneeName ? t('conversation.assignee', { name: row.assigneeName }) : t('conversation.noAssignee')}
          <span className="muted"> · {t('conversation.assign')}</span>
        </button>
      ) : (
        <span className="assign-button read-only" title={mayAssign.reason ?? undefined}>
          {row.assigneeName ? t('conversation.assignee', { name: row.assigneeName }) : t('conversation.noAssignee')}
          <span className="sr-only"> · {mayAssign.reason}</span>
        </span>
      )}
      <button type="button" className="icon-button" title={t('conversation.export')} onClick={() => void onExport()}>
        ⤓<span className="sr-only">{t('conversation.export')}</span>
      </button>
    </header>
  );
}

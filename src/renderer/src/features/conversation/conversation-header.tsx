/**
 * The conversation's header, one line: channel mark, the contact's name with the channel and
 * ticket, status and snooze, export, and the toggle of the side panel (assignment, labels,
 * contact). Whatever does not fit is cut with an ellipsis, never wrapped, so the thread keeps
 * its height (docs/renderer.md, "Layout").
 */
import { contactDisplayName } from '../../../../shared/contact-name.js';
import { useConversation, useUi } from '../../stores/store-context.js';
import { Avatar } from '../../common/avatar.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { useT } from '../../common/use-t.js';
import { StatusControls } from '../reassign/status-controls.js';
import { TranscriptExport } from './transcript-export.js';

/** The id of the side panel, which the header's toggle controls. */
export const SIDE_PANEL_ID = 'conversation-side-panel';

export function ConversationHeader() {
  const { t, lang } = useT();
  const row = useConversation((s) => s.detail?.row ?? null);
  const channelName = useConversation((s) => s.detail?.channel.name ?? '');
  const sidePanelOpen = useUi((s) => s.sidePanelOpen);
  const setSidePanelOpen = useUi((s) => s.setSidePanelOpen);
  if (!row) return null;
  const { contact, conversation } = row;
  const name = contactDisplayName(contact, row.channelKind, lang);
  const where = conversation.ticket
    ? `${channelName} · ${t('conversation.ticket', { number: conversation.ticket.number })}`
    : channelName;

  return (
    <header className="conversation-header">
      <ChannelIcon kind={row.channelKind} />
      <Avatar contact={contact} name={name} size={32} />
      <div className="conversation-title">
        <h2 title={name}>{name}</h2>
        <span className="muted conversation-where" title={where}>
          {where}
        </span>
      </div>
      <StatusControls />
      <TranscriptExport />
      <button
        type="button"
        className="side-panel-toggle"
        aria-expanded={sidePanelOpen}
        aria-controls={SIDE_PANEL_ID}
        onClick={() => setSidePanelOpen(!sidePanelOpen)}
      >
        {t('details.toggle')}
      </button>
    </header>
  );
}

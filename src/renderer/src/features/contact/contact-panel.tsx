/**
 * Who the customer is: name (agents with "update" rename it), how the channel identifies them, the
 * ticket, the agents' notes, earlier conversations.
 */
import type { Channel, ChannelKind } from '../../../../shared/domain.js';
import { contactDisplayName } from '../../../../shared/contact-name.js';
import { previewWords } from '../../../../shared/preview-words.js';
import { useConversation, useInbox } from '../../stores/store-context.js';
import { Avatar } from '../../common/avatar.js';
import { ChannelIcon } from '../../common/channel-icon.js';
import { useT } from '../../common/use-t.js';
import type { MessageKey } from '../../i18n/en.js';
import { formatDateTime } from '../../i18n/translate.js';
import { ContactDetails, ContactName, ContactNotes } from './contact-edit.js';
import { ContactLink } from './contact-link.js';
import { WriteToCustomerButton } from '../new-conversation/new-conversation-dialog.js';
import { newerConversationOf } from '../conversation/ended-conversation.js';
import { TicketField } from './ticket-field.js';

/** What the provider's sender id is called, per kind; WhatsApp ids are phone numbers. */
const IDENTITY_LABEL: Readonly<Record<ChannelKind, MessageKey>> = {
  whatsapp: 'contact.phone',
  twilio: 'contact.phone',
  telegram: 'contact.telegramUser',
  line: 'contact.lineUser',
  wechat: 'contact.wechatOpenId',
};

export function ContactPanel() {
  const { t, lang } = useT();
  const detail = useConversation((s) => s.detail);
  const selectConversation = useInbox((s) => s.selectConversation);
  const channels = useInbox((s) => s.channels);
  if (!detail) return null;
  const { contact, conversation, channelKind } = detail.row;
  const identity = contact.identity;
  const shownId = identity.phone ?? identity.externalId;
  return (
    <aside className="contact-panel" aria-label={t('contact.title')}>
      <Avatar contact={contact} name={contactDisplayName(contact, channelKind, lang)} size={48} />
      <ContactName
        key={contact.id}
        contact={contact}
        kind={channelKind}
        shown={contactDisplayName(contact, channelKind, lang)}
      />
      <dl>
        <dt>{t('contact.channel')}</dt>
        <dd className="contact-channel">
          <ChannelIcon kind={channelKind} size={18} /> {detail.channel.name}
        </dd>
        <dt>{t(IDENTITY_LABEL[channelKind])}</dt>
        <dd className="contact-identity">{shownId}</dd>
        {identity.username && (
          <>
            <dt>{t('contact.username')}</dt>
            <dd>@{identity.username}</dd>
          </>
        )}
        <dt>{t('contact.ticket')}</dt>
        <TicketField
          key={conversation.id}
          conversation={conversation}
          readOnly={newerConversationOf(detail) !== null}
        />
      </dl>
      <ContactNotes key={contact.id} contact={contact} />
      <ContactDetails
        key={`details-${contact.id}`}
        contact={contact}
        shown={contactDisplayName(contact, channelKind, lang)}
      />
      <ContactLink key={`link-${contact.id}`} contact={contact} refresh={detail.pastConversations} />
      <WriteToCustomerButton
        start={{
          hit: {
            contact,
            channelId: detail.channel.id,
            channelKind,
            channelName: detail.channel.name,
            lastMessageAt: null,
          },
          latest: conversation,
        }}
      />
      <h3>{t('contact.past')}</h3>
      {detail.pastConversations.length === 0 ? (
        <p className="muted">{t('contact.noPast')}</p>
      ) : (
        <ul className="past-conversations">
          {detail.pastConversations.map((past) => (
            <li key={past.id}>
              <button type="button" className="link-button" onClick={() => selectConversation(past.id)}>
                <span>{formatDateTime(lang, past.lastMessageAt)}</span>
                {past.channelId !== conversation.channelId && (
                  <PastChannel channel={channels.find((c) => c.id === past.channelId)} />
                )}
                <span className="muted">
                  {t(`status.${past.status}`)}
                  {past.ticket ? ` · #${past.ticket.number}` : ''}
                </span>
                <span className="past-preview">{previewWords(past, lang)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}

/** A merged person's conversation on another channel: which channel (issue 14 §4). */
function PastChannel({ channel }: { channel: Channel | undefined }) {
  const { t } = useT();
  if (!channel) return null;
  return (
    <span className="past-channel">
      <ChannelIcon kind={channel.kind} size={14} /> {t('contactLink.pastChannel', { channel: channel.name })}
    </span>
  );
}

/** A message's content by kind: text, media, location, sticker, contacts, template, event, unsupported. */
import type { ClientMessage } from '../../../../shared/api.js';
import { useT } from '../../common/use-t.js';
import { useUi } from '../../stores/store-context.js';
import { AttachmentPreview } from './attachments/attachment-preview.js';
import { MessageText } from './message-text.js';

function mapLink(latitude: number, longitude: number): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=16/${latitude}/${longitude}`;
}

function Text({ text, terms }: { text: string | null; terms: readonly string[] }) {
  if (!text) return null;
  return <MessageText text={text} terms={terms} />;
}

function Location({ message }: { message: ClientMessage }) {
  const { t } = useT();
  const openLink = useUi((s) => s.openLink);
  const location = message.meta.location;
  if (!location) return null;
  const map = mapLink(location.latitude, location.longitude);
  return (
    <div className="message-location">
      <strong>{location.name ?? t('message.location')}</strong>
      {location.address && <span>{location.address}</span>}
      <span className="coordinates">
        {location.latitude.toFixed(5)}, {location.longitude.toFixed(5)}
      </span>
      <a
        href={map}
        rel="noopener noreferrer"
        onClick={(event) => {
          event.preventDefault();
          void openLink(map);
        }}
      >
        {t('message.openMap')}
      </a>
    </div>
  );
}

function Sticker({ message }: { message: ClientMessage }) {
  const { t } = useT();
  const attachment = message.attachments[0];
  if (attachment) return <AttachmentPreview attachment={attachment} compact />;
  return (
    <span className="message-sticker" role="img" aria-label={t('message.sticker')}>
      🏷 {t('message.sticker')} {message.meta.sticker?.id ?? ''}
    </span>
  );
}

function Contacts({ message }: { message: ClientMessage }) {
  const { t } = useT();
  return (
    <ul className="message-contacts" aria-label={t('message.contacts')}>
      {(message.meta.contacts ?? []).map((c, i) => (
        <li key={i}>
          <strong>{c.name}</strong> {c.phones.join(', ')}
        </li>
      ))}
    </ul>
  );
}

export function MessageBody({ message, terms }: { message: ClientMessage; terms: readonly string[] }) {
  const { t } = useT();
  const { meta } = message;
  if (meta.unsentAt) return <p className="message-unsent">{t('message.unsent')}</p>;
  switch (message.kind) {
    case 'location':
      return <Location message={message} />;
    case 'sticker':
      return <Sticker message={message} />;
    case 'contacts':
      return <Contacts message={message} />;
    case 'reaction':
      return <p className="message-text">{t('message.reaction', { emoji: meta.reaction?.emoji ?? '' })}</p>;
    case 'interactive':
      return (
        <p className="message-text">
          {t('message.interactive', { title: meta.interactive?.title ?? message.text ?? '' })}
        </p>
      );
    case 'event':
      return (
        <p className="message-event">
          {t('message.event', { name: meta.event?.name ?? '' })} {meta.event?.detail ?? ''}
        </p>
      );
    case 'unsupported':
      return <p className="message-unsupported">{t('message.unsupported', { type: meta.providerType ?? '?' })}</p>;
    case 'template':
      return (
        <>
          <p className="message-template-name">{t('message.template', { name: meta.template?.name ?? '' })}</p>
          <Text text={message.text} terms={terms} />
        </>
      );
    default:
      return (
        <>
          {message.attachments.map((a, i) => (
            <AttachmentPreview
              key={a.id}
              attachment={a}
              ownCopyId={message.clientId === null ? undefined : `${message.clientId}-${i}`}
            />
          ))}
          <Text text={message.text} terms={terms} />
        </>
      );
  }
}

/** One message: who wrote it, when, what it quotes, its reactions and its delivery state. */
import { memo } from 'react';
import type { ClientMessage } from '../../../../shared/api.js';
import { useT } from '../../common/use-t.js';
import { FileName } from './attachments/file-name.js';
import { DeliveryState } from './delivery-state.js';
import { MessageBody } from './message-body.js';
import { MessageTime } from './message-time.js';

interface MessageBubbleProps {
  message: ClientMessage;
  senderName: string | null;
  quoted: ClientMessage | null;
  reactions: readonly string[];
  terms: readonly string[];
  focused: boolean;
  onReply: (message: ClientMessage) => void;
}

function QuotedContent({ quoted }: { quoted: ClientMessage }) {
  if (quoted.text !== null) return quoted.text;
  const fileName = quoted.attachments[0]?.fileName;
  return fileName ? <FileName name={fileName} /> : quoted.kind;
}

function Quote({ quoted }: { quoted: ClientMessage | null }) {
  const { t } = useT();
  return (
    <blockquote className="message-quote" aria-label={t('message.quoted')}>
      {quoted ? <QuotedContent quoted={quoted} /> : t('message.quoted')}
    </blockquote>
  );
}

export const MessageBubble = memo(function MessageBubble(props: MessageBubbleProps) {
  const { message, senderName, quoted, reactions, terms, focused, onReply } = props;
  const { t } = useT();
  const isNote = message.kind === 'note';
  const isEvent = message.kind === 'event';
  const classes = [
    'message',
    `message-${message.direction}`,
    isNote ? 'message-note' : '',
    isEvent ? 'message-system' : '',
    focused ? 'message-focused' : '',
  ];
  const author = isNote
    ? `${t('message.note')} · ${senderName ?? ''}`
    : message.meta.automatic
      ? t('message.automatic')
      : (senderName ?? message.meta.groupSender ?? null);
  return (
    <article className={classes.join(' ')} data-message-id={message.id} aria-current={focused ? 'true' : undefined}>
      {message.meta.replyToProviderMessageId && <Quote quoted={quoted} />}
      <MessageBody message={message} terms={terms} />
      {reactions.length > 0 && <span className="message-reactions">{reactions.join(' ')}</span>}
      <footer className="message-footer">
        {author && <span className="message-sender">{author}</span>}
        <MessageTime at={message.createdAt} />
        {message.meta.editedAt && <span className="message-edited">{t('message.edited')}</span>}
        {message.meta.clipped && message.meta.clipped.length > 0 && (
          <span className="message-edited" title={t('message.clippedHint')}>
            {t('message.clipped')}
          </span>
        )}
        <DeliveryState message={message} />
        {!isEvent && !isNote && message.providerMessageId && (
          <button type="button" className="link-button" onClick={() => onReply(message)}>
            {t('message.reply')}
          </button>
        )}
      </footer>
    </article>
  );
});

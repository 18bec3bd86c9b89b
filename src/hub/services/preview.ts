/**
 * The one-line preview a conversation list shows for its last message: its words, or, for a
 * message without words, the hub's English label of its kind together with the kind itself
 * (Conversation.lastMessageLabel), so each client shows that kind in its agent's language.
 */
import type { Conversation, MessageKind, MessageMeta } from '../../shared/domain.js';
import { clipText } from '../../shared/text.js';

const PREVIEW_MAX = 200;

const KIND_LABEL: Readonly<Record<MessageKind, string>> = {
  text: 'Message',
  image: '[Image]',
  video: '[Video]',
  audio: '[Audio]',
  voice: '[Voice message]',
  document: '[Document]',
  sticker: '[Sticker]',
  location: '[Location]',
  contacts: '[Contact card]',
  reaction: '[Reaction]',
  interactive: '[Reply]',
  template: '[Template]',
  event: '[Event]',
  note: '[Note]',
  unsupported: '[Unsupported message]',
};

export type PreviewFields = Pick<Conversation, 'lastMessagePreview' | 'lastMessageLabel'>;

export function previewOf(kind: MessageKind, text: string | null, meta: MessageMeta = {}): PreviewFields {
  const line = text?.replace(/\s+/g, ' ').trim() ?? '';
  if (line !== '') return { lastMessagePreview: clipText(line, PREVIEW_MAX), lastMessageLabel: null };
  const event = kind === 'event' ? meta.event?.name : undefined;
  return {
    lastMessagePreview: event === undefined ? KIND_LABEL[kind] : `${KIND_LABEL.event.slice(0, -1)}: ${event}]`,
    lastMessageLabel: event === undefined ? { kind } : { kind, event },
  };
}

/** The one-line preview a conversation list shows for its last message. */
import type { MessageKind } from '../../shared/domain.js';
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

export function previewOf(kind: MessageKind, text: string | null): string {
  const line = text?.replace(/\s+/g, ' ').trim() ?? '';
  return clipText(line || KIND_LABEL[kind], PREVIEW_MAX);
}

/**
 * A LINE `message` object as one of our message kinds. Media sent from the
 * LINE app (`contentProvider.type: line`) is fetched later by message id from
 * the content API; media an external provider hosts is fetched from its URL.
 */
import { extensionOf, mimeTypeForExtension } from '../../../shared/channel-rules.js';
import type { MessageKind, MessageMeta } from '../../../shared/domain.js';
import { clip } from '../provider-call.js';
import type { InboundEvent, MediaRef } from '../types.js';
import type { LineMessage } from './payload.js';

/** The content part of a message event. */
export type LineContent = Pick<Extract<InboundEvent, { type: 'message' }>, 'kind' | 'text' | 'media' | 'meta'>;

/** The content API serves LINE app images as JPEG, video as MP4 and audio as M4A. */
const MEDIA_KINDS: Readonly<Record<string, { kind: MessageKind; mimeType: string }>> = {
  image: { kind: 'image', mimeType: 'image/jpeg' },
  video: { kind: 'video', mimeType: 'video/mp4' },
  audio: { kind: 'audio', mimeType: 'audio/mp4' },
};

function mediaSource(m: LineMessage): string {
  const provider = m.contentProvider;
  if (provider?.type === 'external' && provider.originalContentUrl !== undefined) return provider.originalContentUrl;
  return m.id;
}

function base(m: LineMessage): MessageMeta {
  return m.quotedMessageId === undefined ? {} : { replyToProviderMessageId: clip(m.quotedMessageId, 256) };
}

export function lineMessageContent(m: LineMessage): LineContent {
  const media = MEDIA_KINDS[m.type];
  if (media) {
    const ref: MediaRef = { ref: mediaSource(m), mimeType: media.mimeType, fileName: null, size: null };
    return { kind: media.kind, text: null, media: [ref], meta: base(m) };
  }
  switch (m.type) {
    case 'text':
      return { kind: 'text', text: m.text ?? '', media: [], meta: base(m) };
    case 'file': {
      const fileName = m.fileName ?? null;
      const mimeType = fileName === null ? 'application/octet-stream' : mimeTypeForExtension(extensionOf(fileName));
      const ref: MediaRef = { ref: m.id, mimeType, fileName, size: m.fileSize ?? null };
      return { kind: 'document', text: null, media: [ref], meta: base(m) };
    }
    case 'sticker': {
      const sticker = {
        id: clip(m.stickerId ?? '', 256),
        ...(m.packageId === undefined ? {} : { packId: clip(m.packageId, 256) }),
      };
      // Message stickers carry the words the customer typed on them in `text`.
      return { kind: 'sticker', text: m.text ?? null, media: [], meta: { ...base(m), sticker } };
    }
    case 'location': {
      if (m.latitude === undefined || m.longitude === undefined) break;
      const location = {
        latitude: m.latitude,
        longitude: m.longitude,
        ...(m.title ? { name: clip(m.title, 500) } : {}),
        ...(m.address ? { address: clip(m.address, 1000) } : {}),
      };
      return { kind: 'location', text: null, media: [], meta: { ...base(m), location } };
    }
    default:
      break;
  }
  return { kind: 'unsupported', text: m.text ?? null, media: [], meta: { ...base(m), providerType: clip(m.type, 64) } };
}

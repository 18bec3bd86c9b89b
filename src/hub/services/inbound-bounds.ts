/**
 * Bounds every value a provider sent before the hub stores any of it: the
 * InboundEvents an adapter parsed are fitted to the same domain schemas the
 * log is read back with (Message, Contact, Attachment, MessageMeta), once,
 * here. Providers are careless as often as attackers are hostile: a 300-char
 * file name, a timestamp of 1e300 or of -5, a 1,500-char button id.
 *
 * - Text, names, captions, interactive ids: cleaned (one normal form) and cut
 *   to the schema's limit; the message records what was cut in `meta.clipped`.
 * - Timestamps: outside [2000-01-01, now + 5 min] the hub's receive time is
 *   used instead (and recorded as clipped `at`).
 * - Provider message ids longer than the schema allows become a digest, so
 *   dedup, receipts, replies and reactions still match them.
 * - Mime types that are not `type/subtype` become application/octet-stream;
 *   file names lose paths and control characters.
 * - Coordinates out of range drop the location; a sender or group id that
 *   does not fit refuses that one event (a contact we could never answer).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Attachment, Contact, ContactIdentity, Message, MessageMeta } from '../../shared/domain.js';
import { conformTo, describeIssues } from '../../shared/conform.js';
import { FILE_NAME_MAX, safeFileName, safeMimeType } from '../../shared/file-names.js';
import { cleanLine, cleanText, clipText } from '../../shared/text.js';
import type { InboundEvent, MediaRef } from '../channels/types.js';

/** Nothing a provider sends predates this (WhatsApp, LINE, Telegram and WeChat all started later). */
export const EARLIEST_PROVIDER_TIME = Date.UTC(2000, 0, 1);
/** How far ahead of the hub's clock a provider's clock may run before we use our own. */
export const PROVIDER_CLOCK_SKEW_MS = 5 * 60 * 1000;
const PROVIDER_ID_MAX = 256;
const MEDIA_REF_MAX = 4096;
const REPLY_TOKEN_MAX = 256;
const MESSAGE_TEXT_MAX = Message.shape.text.unwrap().maxLength ?? 65536;
const FAILURE_REASON_MAX = Message.shape.failureReason.unwrap().maxLength ?? 1000;

export type Bounded =
  | { readonly ok: true; readonly event: InboundEvent }
  | { readonly ok: false; readonly providerMessageId: string; readonly reason: string };

/** A provider id that fits our columns: kept as-is, or replaced by a stable digest when too long. */
export function boundProviderId(id: string): string {
  const clean = cleanLine(id);
  if (clean !== '' && clean.length <= PROVIDER_ID_MAX) return clean;
  return `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

/** The provider's time when it is plausible, else the hub's. */
export function boundTimestamp(at: number, now: number): { readonly at: number; readonly clipped: boolean } {
  if (!Number.isFinite(at) || at < EARLIEST_PROVIDER_TIME || at > now + PROVIDER_CLOCK_SKEW_MS) {
    return { at: now, clipped: true };
  }
  return { at: Math.min(Math.round(at), now), clipped: false };
}

const MediaRefBounds = z.object({
  ref: z.string().min(1).max(MEDIA_REF_MAX),
  mimeType: Attachment.shape.mimeType.nullable(),
  fileName: Attachment.shape.fileName,
  size: Attachment.shape.size,
});
const MessageBounds = z.object({
  text: Message.shape.text,
  meta: MessageMeta,
  media: z.array(MediaRefBounds).max(10),
  sender: z.object({
    externalId: ContactIdentity.shape.externalId,
    name: Contact.shape.name.nullable(),
    phone: ContactIdentity.shape.phone,
    username: ContactIdentity.shape.username,
    language: Contact.shape.language,
  }),
  threadKey: z.string().min(1).max(PROVIDER_ID_MAX).nullable(),
});

type MessageEvent = Extract<InboundEvent, { type: 'message' }>;

function boundMedia(media: MediaRef, index: number, clipped: string[]): MediaRef {
  const fileName = media.fileName === null ? null : safeFileName(media.fileName);
  if (
    fileName !== null &&
    fileName.length === FILE_NAME_MAX &&
    cleanLine(media.fileName ?? '').length > FILE_NAME_MAX
  ) {
    clipped.push(`media.${index}.fileName`);
  }
  return {
    ref: media.ref,
    mimeType: media.mimeType === null ? null : safeMimeType(media.mimeType),
    fileName,
    size: media.size,
  };
}

/** Ids inside meta that point at other provider messages are bounded like those messages' ids. */
function boundMetaIds(meta: MessageMeta, clipped: string[]): MessageMeta {
  const next: MessageMeta = { ...meta };
  if (next.replyToProviderMessageId !== undefined) {
    next.replyToProviderMessageId = boundProviderId(next.replyToProviderMessageId);
  }
  if (next.reaction) {
    next.reaction = {
      ...next.reaction,
      targetProviderMessageId: boundProviderId(next.reaction.targetProviderMessageId),
    };
  }
  const location = next.location;
  if (location && !(Math.abs(location.latitude) <= 90 && Math.abs(location.longitude) <= 180)) {
    delete next.location;
    clipped.push('meta.location');
  }
  return next;
}

function boundMessage(event: MessageEvent, now: number): Bounded {
  const clipped: string[] = [];
  const time = boundTimestamp(event.at, now);
  if (time.clipped) clipped.push('at');
  const draft = {
    text: event.text,
    meta: boundMetaIds(event.meta, clipped),
    media: event.media.map((media, index) => boundMedia(media, index, clipped)),
    sender: { ...event.sender, externalId: cleanLine(event.sender.externalId) },
    threadKey: event.threadKey === null ? null : cleanLine(event.threadKey),
  };
  const conformed = conformTo(MessageBounds, draft);
  const parsed = MessageBounds.safeParse(conformed.value);
  const providerMessageId = boundProviderId(event.providerMessageId);
  if (!parsed.success) return { ok: false, providerMessageId, reason: describeIssues(parsed.error) };
  clipped.push(...conformed.clipped);
  const { meta, ...rest } = parsed.data;
  const marks = [...new Set([...(meta.clipped ?? []), ...clipped])].map((p) => clipText(p, 100)).slice(0, 20);
  const token = event.replyToken;
  return {
    ok: true,
    event: {
      ...event,
      ...rest,
      providerMessageId,
      meta: marks.length > 0 ? { ...meta, clipped: marks } : meta,
      at: time.at,
      replyToken:
        token && token.token.length <= REPLY_TOKEN_MAX
          ? { token: token.token, expiresAt: boundTimestamp(token.expiresAt, now + 24 * 60 * 60 * 1000).at }
          : null,
    },
  };
}

/** Fits one adapter event to what the hub stores, or says why it cannot be stored. */
export function boundInboundEvent(event: InboundEvent, now: number): Bounded {
  switch (event.type) {
    case 'message':
      return boundMessage(event, now);
    case 'edit': {
      const text = event.text === null ? null : clipText(cleanText(event.text), MESSAGE_TEXT_MAX);
      return {
        ok: true,
        event: {
          ...event,
          providerMessageId: boundProviderId(event.providerMessageId),
          text,
          at: boundTimestamp(event.at, now).at,
        },
      };
    }
    case 'unsend':
      return {
        ok: true,
        event: {
          ...event,
          providerMessageId: boundProviderId(event.providerMessageId),
          at: boundTimestamp(event.at, now).at,
        },
      };
    case 'status':
      return {
        ok: true,
        event: {
          ...event,
          providerMessageId: boundProviderId(event.providerMessageId),
          providerError:
            event.providerError === null ? null : clipText(cleanLine(event.providerError), FAILURE_REASON_MAX),
          at: boundTimestamp(event.at, now).at,
        },
      };
  }
}

/**
 * What each channel kind allows: session windows (FAQ 47), attachment types
 * (FAQ 27) and provider size limits. The hub refuses by these rules and the
 * client checks the same rules before upload, so both say the same thing.
 */
import type { ChannelKind, Conversation } from './domain.js';

export const HOUR_MS = 60 * 60 * 1000;
export const WHATSAPP_SESSION_WINDOW_MS = 24 * HOUR_MS;
export const WECHAT_SESSION_WINDOW_MS = 48 * HOUR_MS;
/** A template body is at most 1,024 characters (FAQ 56). */
export const TEMPLATE_BODY_MAX = 1024;
/** A window closing within this time on a conversation assigned to me warns the agent. */
export const WINDOW_WARNING_MS = 60 * 60 * 1000;

/** What may be sent outside the window: WhatsApp allows templates, WeChat nothing. */
export type OutsideWindowPolicy = 'templates-only' | 'nothing';

export interface ChannelRules {
  readonly sessionWindowMs: number | null;
  readonly outsideWindow: OutsideWindowPolicy | null;
  /** Lower-case file extensions the channel accepts (SPEC §1). */
  readonly allowedExtensions: readonly string[];
  /** Provider size limit in bytes per media class. */
  readonly maxBytes: Readonly<Record<MediaClass, number>>;
  readonly supportsTemplates: boolean;
  readonly chargesCredits: boolean;
}

export type MediaClass = 'image' | 'video' | 'audio' | 'document';

const MB = 1024 * 1024;

export const CHANNEL_RULES: Readonly<Record<ChannelKind, ChannelRules>> = {
  // WhatsApp Cloud API media limits: images 5 MB, video and audio 16 MB, documents 100 MB.
  whatsapp: {
    sessionWindowMs: WHATSAPP_SESSION_WINDOW_MS,
    outsideWindow: 'templates-only',
    allowedExtensions: ['pdf', 'mp4', 'mp3', 'ogg', 'amr', 'jpg', 'jpeg', 'png'],
    maxBytes: { image: 5 * MB, video: 16 * MB, audio: 16 * MB, document: 100 * MB },
    supportsTemplates: true,
    chargesCredits: true,
  },
  // Twilio WhatsApp media: 16 MB per message.
  twilio: {
    sessionWindowMs: WHATSAPP_SESSION_WINDOW_MS,
    outsideWindow: 'templates-only',
    allowedExtensions: ['pdf', 'mp4', 'mp3', 'ogg', 'amr', 'jpg', 'jpeg', 'png'],
    maxBytes: { image: 5 * MB, video: 16 * MB, audio: 16 * MB, document: 16 * MB },
    supportsTemplates: true,
    chargesCredits: false,
  },
  // Telegram Bot API: photos 10 MB, other files 50 MB by upload.
  telegram: {
    sessionWindowMs: null,
    outsideWindow: null,
    allowedExtensions: ['pdf', 'gif', 'zip', 'mp4', 'mp3', 'm4a', 'jpg', 'jpeg', 'png'],
    maxBytes: { image: 10 * MB, video: 50 * MB, audio: 50 * MB, document: 50 * MB },
    supportsTemplates: false,
    chargesCredits: false,
  },
  // LINE Messaging API: images 10 MB, video 200 MB, audio 200 MB (sent by URL).
  line: {
    sessionWindowMs: null,
    outsideWindow: null,
    allowedExtensions: ['mp4', 'm4a', 'jpg', 'jpeg', 'png'],
    maxBytes: { image: 10 * MB, video: 200 * MB, audio: 200 * MB, document: 0 },
    supportsTemplates: false,
    chargesCredits: false,
  },
  // WeChat temporary media: images 10 MB, voice 2 MB, video 10 MB.
  wechat: {
    sessionWindowMs: WECHAT_SESSION_WINDOW_MS,
    outsideWindow: 'nothing',
    allowedExtensions: ['gif', 'mp4', 'mp3', 'amr', 'jpg', 'jpeg', 'png'],
    maxBytes: { image: 10 * MB, video: 10 * MB, audio: 2 * MB, document: 0 },
    supportsTemplates: false,
    chargesCredits: false,
  },
};

const EXTENSION_MIME: Readonly<Record<string, string>> = {
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  amr: 'audio/amr',
  m4a: 'audio/mp4',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  zip: 'application/zip',
};

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export function mimeTypeForExtension(ext: string): string {
  return EXTENSION_MIME[ext.toLowerCase()] ?? 'application/octet-stream';
}

export function extensionForMimeType(mimeType: string): string | null {
  const base = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  for (const [ext, mime] of Object.entries(EXTENSION_MIME)) if (mime === base) return ext;
  return null;
}

export function mediaClassOf(mimeType: string): MediaClass {
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'document';
}

export type AttachmentCheck =
  | { ok: true; mimeType: string; mediaClass: MediaClass }
  | { ok: false; code: 'ATTACHMENT_TYPE_NOT_ALLOWED' | 'ATTACHMENT_TOO_LARGE'; limitBytes?: number };

/** Checks a file against the channel's allowed types and the provider's size limit. */
export function checkAttachment(kind: ChannelKind, fileName: string, size: number): AttachmentCheck {
  const rules = CHANNEL_RULES[kind];
  const ext = extensionOf(fileName);
  if (!rules.allowedExtensions.includes(ext)) return { ok: false, code: 'ATTACHMENT_TYPE_NOT_ALLOWED' };
  const mimeType = mimeTypeForExtension(ext);
  const mediaClass = mediaClassOf(mimeType);
  const limit = rules.maxBytes[mediaClass];
  if (size > limit) return { ok: false, code: 'ATTACHMENT_TOO_LARGE', limitBytes: limit };
  return { ok: true, mimeType, mediaClass };
}

export interface SessionWindow {
  /** False for kinds without a window. */
  readonly applies: boolean;
  readonly isOpen: boolean;
  /** When the window closes (ms), or null when it does not apply or never opened. */
  readonly closesAt: number | null;
  readonly msLeft: number | null;
  readonly outsideWindow: OutsideWindowPolicy | null;
}

/** The session window of a conversation at `now`, from the customer's last inbound message. */
export function sessionWindow(
  kind: ChannelKind,
  conversation: Pick<Conversation, 'lastInboundAt'>,
  now: number,
): SessionWindow {
  const rules = CHANNEL_RULES[kind];
  if (rules.sessionWindowMs === null) {
    return { applies: false, isOpen: true, closesAt: null, msLeft: null, outsideWindow: null };
  }
  if (conversation.lastInboundAt === null) {
    return { applies: true, isOpen: false, closesAt: null, msLeft: 0, outsideWindow: rules.outsideWindow };
  }
  const closesAt = conversation.lastInboundAt + rules.sessionWindowMs;
  const msLeft = Math.max(0, closesAt - now);
  return { applies: true, isOpen: msLeft > 0, closesAt, msLeft, outsideWindow: rules.outsideWindow };
}

const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** The placeholder numbers used in a template body, e.g. [1, 2]. */
export function templatePlaceholders(body: string): number[] {
  const seen = new Set<number>();
  for (const m of body.matchAll(PLACEHOLDER)) seen.add(Number(m[1]));
  return [...seen].sort((a, b) => a - b);
}

/** Fills {{n}} with params[n-1]; returns null when a placeholder has no non-empty value. */
export function renderTemplate(body: string, params: readonly string[]): string | null {
  let missing = false;
  const out = body.replace(PLACEHOLDER, (_all, n: string) => {
    const value = params[Number(n) - 1];
    if (value === undefined || value.trim() === '') missing = true;
    return value ?? '';
  });
  return missing ? null : out;
}

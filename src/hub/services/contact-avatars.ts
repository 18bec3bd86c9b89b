/**
 * Contact avatars (docs/hub.md, "Contact profiles"). When a LINE or WeChat profile names a picture, the
 * hub downloads it after the profile answer (never inside a webhook's request) through the guarded
 * transfer: https to the provider's documented picture hosts, or the channel's configured `apiBaseUrl`
 * origin (test and demo providers). Only PNG, JPEG, WebP and GIF, told by their bytes, up to 1 MB, kept
 * in the content-addressed blob store. A failure leaves the contact as it was and is logged; the next
 * profile refresh tries again, so a broken picture is never retried in a storm.
 */
import type { Logger } from 'pino';
import type { ChannelKind, ContactAvatar } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { declaredLength, discardBody, openMedia } from '../channels/media-download.js';
import { configuredOrigins, LINE_AVATAR_HOSTS, WECHAT_AVATAR_HOSTS } from '../channels/media-hosts.js';
import type { FetchRules, MediaTransfer } from '../channels/safe-fetch.js';
import { blobTooLarge, type BlobStore } from '../store/ports/blobs.js';
import type { ContactService } from './contacts.js';
import type { ContactRepository } from '../store/ports/contacts.js';

/** The largest picture kept: profile pictures are a few tens of kilobytes. */
export const AVATAR_MAX_BYTES = 1024 * 1024;

const AVATAR_HOSTS: Partial<Record<ChannelKind, readonly string[]>> = {
  line: LINE_AVATAR_HOSTS,
  wechat: WECHAT_AVATAR_HOSTS,
};

/** The image type the bytes say they are (magic numbers), or null for anything else. */
export function sniffImage(bytes: Buffer): ContactAvatar['mimeType'] | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const head = bytes.subarray(0, 12).toString('latin1');
  if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'image/gif';
  if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return 'image/webp';
  return null;
}

function apiBaseUrlOf(credentials: unknown): string | undefined {
  if (typeof credentials !== 'object' || credentials === null) return undefined;
  const value = (credentials as { apiBaseUrl?: unknown }).apiBaseUrl;
  return typeof value === 'string' ? value : undefined;
}

/** Where the picture may be fetched from; a documented host named over http is asked over https. */
export function avatarRequest(
  kind: ChannelKind,
  pictureUrl: string,
  credentials: unknown,
): { url: string; rules: FetchRules } {
  const hosts = AVATAR_HOSTS[kind] ?? [];
  let url = pictureUrl;
  try {
    const parsed = new URL(pictureUrl);
    if (parsed.protocol === 'http:' && hosts.includes(parsed.hostname)) {
      parsed.protocol = 'https:';
      url = parsed.toString();
    }
  } catch {
    // Left as it is: the transfer refuses a URL that does not parse, in its own words.
  }
  return { url, rules: { configuredOrigins: configuredOrigins(apiBaseUrlOf(credentials)), hosts } };
}

function avatarFailed(reason: string): AppError {
  return new AppError('MEDIA_DOWNLOAD_FAILED', `avatar: ${reason}`, { retryable: false });
}

/** The body, refused as soon as it grows past `max` bytes. */
async function readBounded(body: AsyncIterable<unknown> & { destroy(): void }, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += piece.length;
      if (size > max) throw blobTooLarge(max);
      chunks.push(piece);
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks);
}

export interface AvatarDeps {
  readonly blobs: Pick<BlobStore, 'put'>;
  readonly transfer: MediaTransfer;
  readonly contacts: Pick<ContactRepository, 'avatarSourceOf'>;
  readonly service: Pick<ContactService, 'applyAvatar'>;
  readonly log: Pick<Logger, 'warn'>;
  readonly maxBytes?: number;
}

export class AvatarDownloader {
  constructor(private readonly deps: AvatarDeps) {}

  /**
   * The profile answer named `pictureUrl` (or no picture): downloads it unless it is the one the contact
   * already has, and keeps it on the contact. Never throws: a failure is logged and changes nothing.
   */
  async refresh(contactId: string, kind: ChannelKind, credentials: unknown, pictureUrl: string | null): Promise<void> {
    try {
      if (pictureUrl === null) {
        if ((await this.deps.contacts.avatarSourceOf(contactId)) !== null)
          await this.deps.service.applyAvatar(contactId, null, null);
        return;
      }
      if ((await this.deps.contacts.avatarSourceOf(contactId)) === pictureUrl) return;
      const avatar = await this.download(kind, pictureUrl, credentials);
      await this.deps.service.applyAvatar(contactId, avatar, pictureUrl);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.deps.log.warn({ contactId, reason }, 'contact avatar not downloaded');
    }
  }

  private async download(kind: ChannelKind, pictureUrl: string, credentials: unknown): Promise<ContactAvatar> {
    const max = this.deps.maxBytes ?? AVATAR_MAX_BYTES;
    const { url, rules } = avatarRequest(kind, pictureUrl, credentials);
    const res = await openMedia(this.deps.transfer, url, rules, 'avatar');
    if (res.status < 200 || res.status >= 300) {
      discardBody(res);
      throw avatarFailed(`the picture host answered ${res.status}`);
    }
    const announced = declaredLength(res.headers);
    if (announced !== null && announced > max) {
      discardBody(res);
      throw blobTooLarge(max, announced);
    }
    const bytes = await readBounded(res.body, max);
    const mimeType = sniffImage(bytes);
    if (mimeType === null) throw avatarFailed('the picture is not a PNG, JPEG, WebP or GIF image');
    const stored = await this.deps.blobs.put(bytes);
    return { sha256: stored.sha256, mimeType, size: stored.size };
  }
}

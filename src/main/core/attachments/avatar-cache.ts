/**
 * Contact pictures on disk (docs/desktop.md, "Attachments"): fetched once per sha256 from the hub's
 * `GET /api/contacts/:id/avatar`, checked against that sha256, kept in the attachment cache folder
 * (`attachments/avatars/<sha256>`) and served to the renderer through the same `sbmedia:` URLs as
 * attachments (`mediaUrlFor('avatar.<sha256>.<png|jpeg|webp|gif>')`), so a picture seen once shows
 * offline and the page never sees a path or the token.
 */
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContactAvatar } from '../../../shared/domain.js';
import { AppError } from '../../../shared/errors.js';
import { errorMessage, type Logger } from '../logger.js';
import { ensureOk, hubRequest, hubUrlOf, type FetchLike } from '../session/hub-http.js';

/** The hub keeps pictures up to 1 MB; a bigger answer is not one of them. */
const AVATAR_MAX_BYTES = 1024 * 1024;
const MEDIA_ID = /^avatar\.([0-9a-f]{64})\.(png|jpeg|webp|gif)$/;

export interface AvatarCacheDeps {
  readonly folder: string;
  readonly fetch: FetchLike;
  readonly hubUrl: string;
  readonly token: () => string | null;
  readonly isOnline: () => boolean;
  readonly mediaUrlFor: (mediaId: string) => string;
  readonly logger: Logger;
}

/** The media id of a picture (what `mediaUrlFor` gets). */
export function avatarMediaId(avatar: ContactAvatar): string {
  return `avatar.${avatar.sha256}.${avatar.mimeType.slice('image/'.length)}`;
}

export class AvatarCache {
  private readonly dir: string;
  private readonly inFlight = new Map<string, Promise<boolean>>();

  constructor(private readonly deps: AvatarCacheDeps) {
    this.dir = join(deps.folder, 'attachments', 'avatars');
  }

  /**
   * The renderer's URL of the contact's picture: at once when it is on disk, after one download
   * otherwise (concurrent callers share it); null offline or when the hub has no such picture.
   */
  async url(contactId: string, avatar: ContactAvatar): Promise<string | null> {
    const path = join(this.dir, avatar.sha256);
    if (!(await exists(path))) {
      if (!this.deps.isOnline()) return null;
      let running = this.inFlight.get(avatar.sha256);
      if (!running) {
        running = this.download(contactId, avatar.sha256, path)
          .then(() => true)
          .catch((error: unknown) => {
            this.deps.logger.warn({ contactId, error: errorMessage(error) }, 'contact picture download failed');
            return false;
          })
          .finally(() => this.inFlight.delete(avatar.sha256));
        this.inFlight.set(avatar.sha256, running);
      }
      if (!(await running)) return null;
    }
    return this.deps.mediaUrlFor(avatarMediaId(avatar));
  }

  /** The file behind an avatar media id, for the shell's protocol handler; null for other ids or none on disk. */
  async file(mediaId: string): Promise<{ path: string; mimeType: string } | null> {
    const match = MEDIA_ID.exec(mediaId);
    if (!match?.[1] || !match[2]) return null;
    const path = join(this.dir, match[1]);
    return (await exists(path)) ? { path, mimeType: `image/${match[2]}` } : null;
  }

  private async download(contactId: string, sha256: string, path: string): Promise<void> {
    const token = this.deps.token();
    if (!token) throw new AppError('UNAUTHENTICATED');
    const url = hubUrlOf(this.deps.hubUrl, `api/contacts/${encodeURIComponent(contactId)}/avatar`);
    const response = await ensureOk(
      await hubRequest(this.deps.fetch, url, { headers: { authorization: `Bearer ${token}` } }),
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > AVATAR_MAX_BYTES) throw new Error('the picture is larger than 1 MB');
    // The name is the content's hash: bytes that do not match it are never kept under it.
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new Error('the picture has changed');
    await mkdir(this.dir, { recursive: true });
    const partial = `${path}.part`;
    await writeFile(partial, bytes);
    try {
      await rename(partial, path);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

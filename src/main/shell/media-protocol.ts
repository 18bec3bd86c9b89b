/**
 * `sbmedia://attachment/<id>`: serves attachments from the offline cache to
 * the renderer, so previews work with no network and the page never sees a
 * file path or the hub token. Also opens or shows (with the OS) and saves
 * (with a save dialog) a cached file when the renderer follows an
 * attachment's link; what *Open* may do is decided in the core
 * (src/main/core/attachments/open-decision.ts), never here.
 */
import { dialog, protocol, shell, type BrowserWindow } from 'electron';
import { createReadStream } from 'node:fs';
import { copyFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AttachmentOpening } from '../../shared/api.js';
import { copyForOpening } from '../core/attachments/open-copy.js';
import { parseByteRange } from './media-range.js';
import { MEDIA_SCHEME } from './content-security-policy.js';

export interface CachedAttachment {
  readonly path: string;
  readonly mimeType: string;
}
export type AttachmentFileLookup = (attachmentId: string) => Promise<CachedAttachment | null>;

export interface OpenableAttachment {
  readonly path: string;
  readonly opening: AttachmentOpening;
}
export type OpenableAttachmentLookup = (attachmentId: string) => Promise<OpenableAttachment | null>;

export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

export function mediaUrlFor(attachmentId: string): string {
  return `${MEDIA_SCHEME}://attachment/${encodeURIComponent(attachmentId)}`;
}

function attachmentIdOf(url: URL): string | null {
  const id = decodeURIComponent(url.pathname.replace(/^\//, ''));
  return url.hostname === 'attachment' && id ? id : null;
}

export function handleMediaProtocol(lookup: AttachmentFileLookup): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const id = attachmentIdOf(new URL(request.url));
    const file = id ? await lookup(id) : null;
    if (!file) return new Response('not found', { status: 404 });
    const { size } = await stat(file.path);
    const headers = new Headers({
      'Content-Type': file.mimeType,
      'Accept-Ranges': 'bytes',
      // An attachment is data, never a document that could run script.
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    const range = parseByteRange(request.headers.get('range'), size);
    if (range === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${size}`);
      return new Response(null, { status: 416, headers });
    }
    const { start, end } = range ?? { start: 0, end: size - 1 };
    headers.set('Content-Length', String(Math.max(0, end - start + 1)));
    if (range) headers.set('Content-Range', `bytes ${start}-${end}/${size}`);
    const body = size === 0 ? null : (Readable.toWeb(createReadStream(file.path, { start, end })) as ReadableStream);
    return new Response(body, { status: range ? 206 : 200, headers });
  });
}

/** The renderer followed an attachment's Open (`sbmedia://attachment/<id>`) or Save (`…?download=1`) link. */
export async function openOrSaveMedia(
  link: string,
  lookup: OpenableAttachmentLookup,
  win: BrowserWindow | null,
): Promise<void> {
  const url = new URL(link);
  const id = attachmentIdOf(url);
  const file = id ? await lookup(id) : null;
  if (!id || !file) return;
  if (url.searchParams.get('download') === '1') {
    // The safe name: what the agent sees in the dialog is what the file really is (no bidi tricks).
    const options = { defaultPath: file.opening.fileName };
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (!choice.canceled && choice.filePath) await copyFile(file.path, choice.filePath);
    return;
  }
  // A copy under its safe name, so the OS sees what the file is and the cache stays untouched.
  const target = await copyForOpening(file.path, id, file.opening, join(tmpdir(), 'switchboard-open'));
  if (target.action === 'reveal') {
    shell.showItemInFolder(target.path);
    return;
  }
  const failure = await shell.openPath(target.path);
  if (failure) throw new Error(failure);
}

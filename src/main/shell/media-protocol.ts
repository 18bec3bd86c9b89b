/**
 * `sbmedia://attachment/<id>`: serves attachments from the offline cache to
 * the renderer, so previews work with no network and the page never sees a
 * file path or the hub token. Also opens (with the OS) and saves (with a save
 * dialog) a cached file when the renderer follows an attachment's link.
 */
import { dialog, protocol, shell, type BrowserWindow } from 'electron';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { parseByteRange } from './media-range.js';
import { MEDIA_SCHEME } from './window.js';

export interface CachedAttachment {
  readonly path: string;
  readonly mimeType: string;
  readonly fileName: string | null;
}
export type AttachmentFileLookup = (attachmentId: string) => Promise<CachedAttachment | null>;

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
  lookup: AttachmentFileLookup,
  win: BrowserWindow | null,
): Promise<void> {
  const url = new URL(link);
  const id = attachmentIdOf(url);
  const file = id ? await lookup(id) : null;
  if (!id || !file) return;
  const name = basename(file.fileName ?? `${id}`);
  if (url.searchParams.get('download') === '1') {
    const options = { defaultPath: name };
    const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (!choice.canceled && choice.filePath) await copyFile(file.path, choice.filePath);
    return;
  }
  // Open a copy under its own name, so the OS picks the right program and the cache stays untouched.
  const folder = join(tmpdir(), 'switchboard-open', id);
  await mkdir(folder, { recursive: true });
  const copy = join(folder, name);
  await copyFile(file.path, copy);
  const failure = await shell.openPath(copy);
  if (failure) throw new Error(failure);
}

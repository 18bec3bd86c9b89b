/**
 * `sbmedia://attachment/<id>`: serves attachments from the offline cache to
 * the renderer, so previews work with no network and the page never sees a
 * file path or the hub token.
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { MEDIA_SCHEME } from './window.js';

export type AttachmentFileLookup = (attachmentId: string) => Promise<{ path: string; mimeType: string } | null>;

export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } },
  ]);
}

export function mediaUrlFor(attachmentId: string): string {
  return `${MEDIA_SCHEME}://attachment/${encodeURIComponent(attachmentId)}`;
}

export function handleMediaProtocol(lookup: AttachmentFileLookup): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const id = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (url.hostname !== 'attachment' || !id) return new Response('not found', { status: 404 });
    const file = await lookup(id);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file.path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Type', file.mimeType);
    // An attachment is data, never a document that could run script.
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Content-Security-Policy', "default-src 'none'; sandbox");
    return new Response(response.body, { status: response.status, headers });
  });
}

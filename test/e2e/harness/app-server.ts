/**
 * Serves the built renderer and the client's cached attachments from one
 * loopback origin, the way Electron serves the app and `sbmedia:`. The page
 * keeps the shipped CSP with one change: this server's `/media/` path stands
 * in for `sbmedia:` (Chromium outside Electron has no such scheme), so an
 * attachment loads and anything else the app should not reach is refused.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { MEDIA_SCHEME } from '../../../src/main/shell/content-security-policy.js';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

export type AttachmentLookup = (attachmentId: string) => Promise<{ path: string; mimeType: string } | null>;

export interface AppServer {
  readonly url: string;
  mediaUrlFor(attachmentId: string): string;
  close(): Promise<void>;
}

async function sendFile(res: ServerResponse, path: string, type: string): Promise<void> {
  const info = await stat(path);
  res.writeHead(200, { 'content-type': type, 'content-length': info.size, 'x-content-type-options': 'nosniff' });
  createReadStream(path).pipe(res);
}

const CSP_META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/;

/** The page's policy with `mediaSource` wherever it names the attachment protocol; throws when there is none. */
function withMediaSource(html: string, mediaSource: string): string {
  const rewritten = html.replace(
    CSP_META,
    (_all, start: string, policy: string) => `${start}${policy.replaceAll(`${MEDIA_SCHEME}:`, mediaSource)}"`,
  );
  if (rewritten === html) throw new Error(`index.html has no CSP meta naming ${MEDIA_SCHEME}:`);
  return rewritten;
}

/** `lookup` is read per request, so the client service can be swapped between tests. */
export async function startAppServer(rendererDir: string, lookup: () => AttachmentLookup | null): Promise<AppServer> {
  const root = normalize(rendererDir) + sep;
  let mediaSource = '';
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const respond = async (): Promise<void> => {
      if (path.startsWith('/media/')) {
        const file = await lookup()?.(path.slice('/media/'.length));
        if (!file) return void res.writeHead(404).end();
        return sendFile(res, file.path, file.mimeType);
      }
      const target = normalize(join(root, path === '/' ? 'index.html' : path));
      if (!target.startsWith(root)) return void res.writeHead(403).end();
      if (target === join(root, 'index.html')) {
        const html = withMediaSource(await readFile(target, 'utf8'), mediaSource);
        return void res.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' }).end(html);
      }
      await sendFile(res, target, TYPES[extname(target)] ?? 'application/octet-stream');
    };
    // A path with no file behind it (a stale asset name, an evicted attachment) is a plain 404.
    respond().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(404, { 'x-error': error instanceof Error ? error.name : 'error' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('app server has no TCP address');
  const url = `http://127.0.0.1:${address.port}`;
  mediaSource = `${url}/media/`;
  return {
    url,
    mediaUrlFor: (id) => `${url}/media/${encodeURIComponent(id)}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

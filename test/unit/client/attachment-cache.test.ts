import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Attachment } from '../../../src/shared/domain.js';
import { AttachmentCache, type AttachmentProgress } from '../../../src/main/core/attachments/attachment-cache.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { silentLogger } from '../../../src/main/core/logger.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import {
  T0,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
} from '../../helpers/client.js';

const attachment = (id: string, size: number, status: Attachment['status'] = 'ready'): Attachment => ({
  id,
  mimeType: 'image/jpeg',
  fileName: `${id}.jpg`,
  size,
  sha256: null,
  status,
  error: status === 'failed' ? 'The provider deleted the file' : null,
});

describe('attachment cache', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let files: AttachmentCache;
  let online: boolean;
  let clock: number;
  let fetched: string[];
  let ready: string[];
  let progress: AttachmentProgress[];
  const bodies = new Map<string, Uint8Array>();

  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const id = decodeURIComponent(url.pathname.split('/').pop() ?? '');
    fetched.push(id);
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer tok');
    const body = bodies.get(id);
    if (!body) return new Response(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'gone' } }), { status: 404 });
    return new Response(body, { headers: { 'content-length': String(body.byteLength) } });
  };

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    online = true;
    clock = T0;
    fetched = [];
    ready = [];
    progress = [];
    for (const [id, size] of [
      ['a', 40],
      ['b', 40],
      ['c', 40],
      ['big', 3 * 1024 * 1024],
    ] as const) {
      bodies.set(id, new Uint8Array(size).fill(id.charCodeAt(0)));
    }
    new EventApplier(cache).applyEvents(
      numberEvents([
        { type: 'channel.upsert', channel: makeChannel({ id: 'ch', linkedAgentIds: ['me'] }) },
        { type: 'contact.upsert', contact: makeContact({ id: 'k', channelId: 'ch' }) },
        {
          type: 'conversation.upsert',
          conversation: makeConversation({ id: 'c1', channelId: 'ch', contactId: 'k', assigneeId: 'me' }),
        },
        {
          type: 'message.upsert',
          message: makeMessage({
            id: 'm1',
            conversationId: 'c1',
            kind: 'image',
            attachments: [
              attachment('a', 40),
              attachment('b', 40),
              attachment('c', 40),
              attachment('big', 3 * 1024 * 1024),
            ],
          }),
        },
        {
          type: 'message.upsert',
          message: makeMessage({
            id: 'm2',
            conversationId: 'c1',
            kind: 'image',
            attachments: [attachment('lost', 10, 'failed')],
          }),
        },
      ]),
    );
    files = new AttachmentCache({
      cache,
      fetch: fakeFetch,
      hubUrl: 'http://hub.test',
      token: () => 'tok',
      isOnline: () => online,
      mediaUrlFor: (id) => `sbmedia://attachment/${id}`,
      capBytes: 100,
      now: () => (clock += 1000),
      logger: silentLogger,
      onReady: (_conversationId, id) => ready.push(id),
      onProgress: (p) => progress.push(p),
    });
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  it('opens an attachment offline once it was seen', async () => {
    expect((await files.view('a')).status).toBe('downloading');
    await files.download('a');
    online = false;
    const view = await files.view('a');
    expect(view).toMatchObject({ status: 'ready', url: 'sbmedia://attachment/a' });
    const file = await files.file('a');
    expect(readFileSync(file?.path ?? '')).toEqual(Buffer.from(bodies.get('a') ?? []));
    expect(file?.mimeType).toBe('image/jpeg');
    expect(ready).toEqual(['a']);
  });

  it('says why an attachment cannot be shown', async () => {
    online = false;
    expect(await files.view('b')).toMatchObject({ status: 'unavailable', url: null });
    expect((await files.view('b')).error).toContain('offline');
    expect(await files.view('lost')).toMatchObject({ status: 'unavailable', error: 'The provider deleted the file' });
    await expect(files.view('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('downloads once when opened twice at the same time', async () => {
    await Promise.all([files.download('a'), files.download('a'), files.view('a')]);
    expect(fetched).toEqual(['a']);
  });

  it('evicts the least recently used files to stay under the size cap', async () => {
    await files.download('a');
    await files.download('b');
    await files.file('a'); // used again: now b is the least recent
    await files.download('c');
    expect(cache.attachmentFiles.totalBytes()).toBe(80);
    expect(await files.file('b')).toBeNull();
    expect(await files.file('a')).not.toBeNull();
    expect(await files.file('c')).not.toBeNull();
    expect(existsSync(`${cache.folder}/attachments/${Buffer.from('b').toString('base64url')}`)).toBe(false);
  });

  it('reports progress of a large download', async () => {
    await files.download('big');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ attachmentId: 'big', received: 3 * 1024 * 1024, total: 3 * 1024 * 1024 });
    // Larger than the whole cap: kept (it was just opened), everything else evicted.
    expect(await files.file('big')).not.toBeNull();
  });

  it('prefetches the newest attachments of my conversations', async () => {
    await files.prefetch();
    expect(fetched.sort()).toEqual(['a', 'b', 'c']);
  });
});

/**
 * Files leave the hub with a Content-Disposition a browser or the desktop
 * client can trust (RFC 6266 with an RFC 5987 `filename*`): whatever the
 * customer called the file, the header parses back to a plain base name, the
 * ASCII fallback is a clean quoted string, and the file is never sniffed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { rawRequest, type RawAnswer } from '../../helpers/raw-http.js';

/** RFC 5987 §3.2.1 attr-char: what may stand unencoded in an ext-value. */
const EXT_VALUE = /^UTF-8'[A-Za-z0-9-]*'((?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-Fa-f]{2})*)$/i;
/** A quoted-string without quotes, backslashes or anything outside printable ASCII. */
const PLAIN_QUOTED = /^"([\x20\x21\x23-\x5b\x5d-\x7e]*)"$/;
const UNSAFE = /[/\\\p{Cc}\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

interface Disposition {
  readonly type: string;
  readonly fallback: string;
  readonly name: string;
}

/** Splits `type; a=b; c="d"` on semicolons outside quoted strings. */
function splitParams(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    if (ch === ';' && !quoted) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** Reads a Content-Disposition strictly: both file-name parameters present and well-formed, decoded. */
function parseDisposition(header: string): Disposition {
  const [type = '', ...params] = splitParams(header);
  const values = new Map(
    params.map((p) => {
      const eq = p.indexOf('=');
      return [p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim()];
    }),
  );
  const fallback = PLAIN_QUOTED.exec(values.get('filename') ?? '');
  const extended = EXT_VALUE.exec(values.get('filename*') ?? '');
  if (!fallback || !extended) throw new Error(`not a well-formed RFC 6266 header: ${header}`);
  return { type, fallback: fallback[1] ?? '', name: decodeURIComponent(extended[1] ?? '') };
}

function expectSafeFile(answer: RawAnswer): Disposition {
  expect(answer.status).toBe(200);
  expect(answer.headers['x-content-type-options']).toBe('nosniff');
  expect(answer.headers['set-cookie']).toBeUndefined();
  const header = answer.headers['content-disposition'] ?? '';
  const parsed = parseDisposition(header);
  expect(parsed.name).not.toMatch(UNSAFE);
  expect(parsed.name).not.toMatch(/^\.*$/);
  expect(parsed.fallback).not.toMatch(/^\.*$/);
  return parsed;
}

describe('Content-Disposition of served files', () => {
  let t: TestHub;
  let aiko: TestAgent;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko' });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('an uploaded file’s name comes back as a safe base name, exact where it was already one', async () => {
    const names: [string, string | RegExp][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\boot.ini', 'boot.ini'],
      ['a"b;c.txt', 'a"b;c.txt'],
      ['line\r\nSet-Cookie: x=1.txt', /^line\s*Set-Cookie: x=1\.txt$/],
      ['invoice\u202Efdp.exe', /^invoice.?fdp\.exe$/],
      ['請求書 2024年.pdf', '請求書 2024年.pdf'],
      ['📎 メモ 🎉.txt', '📎 メモ 🎉.txt'],
      ["it's (final) 100% *done*.pdf", "it's (final) 100% *done*.pdf"],
    ];
    for (const [name, expected] of names) {
      const upload = await t.api('POST', '/api/media', {
        token: aiko.token,
        body: Buffer.from('file body'),
        headers: { 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(name) },
      });
      expect(upload.status).toBe(201);
      const { mediaId } = MediaUploadResponse.parse(upload.body);
      const answer = await rawRequest(`${t.url}/api/attachments/${mediaId}`, 'GET', {
        authorization: `Bearer ${aiko.token}`,
      });
      const served = expectSafeFile(answer);
      expect(served.type).toBe('attachment');
      if (typeof expected === 'string') expect(served.name).toBe(expected);
      else expect(served.name).toMatch(expected);
    }
  });

  it('a file name stored raw by an older hub is still served as a safe, well-formed header', async () => {
    const channel = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const raw = ['../../etc/passwd', 'bad\r\nname.pdf', 'x\u202Egnp.js', '"; filename=evil.exe', '..'];
    for (const fileName of raw) {
      const ingested = await t.ingestText(channel.id, {
        from: 'c1',
        kind: 'document',
        text: null,
        media: [{ ref: `file-${raw.indexOf(fileName)}`, mimeType: 'application/pdf', fileName: 'x.pdf', size: 4 }],
      });
      const message = await t.hub.store.messages.findById(ingested.messageIds[0] ?? '');
      const attachment = message?.message.attachments[0];
      if (!attachment) throw new Error('no attachment ingested');
      const blob = await t.hub.blobs.put(Buffer.from('%PDF'));
      // What an older hub kept: the provider's name as it came.
      await t.hub.store.attachments.update(
        { ...attachment, status: 'ready', sha256: blob.sha256, size: blob.size, fileName },
        0,
        Date.now(),
      );
      const answer = await rawRequest(`${t.url}/api/attachments/${attachment.id}`, 'GET', {
        authorization: `Bearer ${aiko.token}`,
      });
      const served = expectSafeFile(answer);
      expect(served.type).toBe('inline');
      expect(answer.headers['content-type']).toBe('application/pdf');
    }
  });
});

/**
 * The nginx example of docs/hub.md ("Running behind a reverse proxy") works:
 * this test runs deploy/nginx/switchboard.conf — the very file the docs show,
 * checked to be the same text — with only its ports and certificate paths
 * replaced, in front of a real hub started as the docs say
 * (SWITCHBOARD_TRUST_PROXY=127.0.0.1, SWITCHBOARD_PUBLIC_URL=https://…), and
 * talks to it over TLS the way providers and the desktop app do. nginx and
 * openssl must be installed (.ci/run installs them): without them this test
 * fails saying so, it never skips.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { SIGN_IN_LIMIT } from '../../../src/hub/http/rate-limits.js';
import { blobTooLarge } from '../../../src/hub/store/ports/blobs.js';
import { defaultConfig } from '../../../src/hub/config.js';
import { HubEvent, HealthResponse, MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { clientAnnounce, clientRequest, clientUpload, type ClientAnswer } from '../../helpers/client-request.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import { freePort, selfSignedCertificate, startNginx, type Certificate, type Nginx } from '../../helpers/nginx.js';
import { twilioHeaders, whatsappHeaders } from '../channels/harness.js';
import { TW, WA, twilioInbound, whatsappText } from '../channels/provider-bodies.js';

const EXAMPLE_FILE = path.resolve('deploy/nginx/switchboard.conf');
const DOCS_FILE = path.resolve('docs/hub.md');
const MAX_UPLOAD_BYTES = defaultConfig('.').maxUploadBytes;

interface Ports {
  readonly http: number;
  readonly https: number;
  readonly hub: number;
}

/** The example with this machine's ports and certificate; each placeholder must be there exactly once. */
function siteFor(example: string, ports: Ports, cert: Certificate): string {
  const replacements: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${ports.http};`],
    ['listen 443 ssl;', `listen 127.0.0.1:${ports.https} ssl;`],
    ['/etc/letsencrypt/live/hub.example.com/fullchain.pem', cert.certFile],
    ['/etc/letsencrypt/live/hub.example.com/privkey.pem', cert.keyFile],
    ['server 127.0.0.1:8787;', `server 127.0.0.1:${ports.hub};`],
  ];
  let site = example;
  for (const [from, to] of replacements) {
    const count = site.split(from).length - 1;
    if (count !== 1)
      throw new Error(`${EXAMPLE_FILE} should contain "${from}" once (found ${count}): update this test`);
    site = site.replace(from, to);
  }
  return site;
}

/** nginx's size syntax as client_max_body_size uses it: bytes, k or m (KiB, MiB). */
function nginxBytes(value: string): number {
  const match = /^(\d+)([kKmM]?)$/.exec(value);
  if (!match) throw new Error(`unexpected nginx size "${value}"`);
  const unit = match[2]?.toLowerCase();
  return Number(match[1]) * (unit === 'm' ? 1024 * 1024 : unit === 'k' ? 1024 : 1);
}

/** A socket.io client as the desktop app opens it (docs/protocol.md §5), trusting the test certificate. */
function connectThrough(url: string, token: string, ca: string, transports: string[]): Promise<Socket> {
  const socket = io(url, { auth: { token, batchEvents: true }, transports, reconnection: false, forceNew: true, ca });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

function nextEvent(socket: Socket, match: (event: HubEvent) => boolean, timeoutMs = 10_000): Promise<HubEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a live event')), timeoutMs);
    const onEvent = (raw: unknown) => {
      // Live events arrive batched (an array).
      for (const item of Array.isArray(raw) ? raw : []) {
        const parsed = HubEvent.safeParse(item);
        if (parsed.success && match(parsed.data)) {
          clearTimeout(timer);
          socket.off('events', onEvent);
          resolve(parsed.data);
          return;
        }
      }
    };
    socket.on('events', onEvent);
  });
}

function errorCodeOf(answer: ClientAnswer): unknown {
  const body = answer.json;
  return typeof body === 'object' && body !== null && 'error' in body ? body.error : null;
}

describe('the hub behind the nginx example of docs/hub.md', () => {
  let base: string;
  let cert: Certificate;
  let ports: Ports;
  let t: TestHub;
  let fake: FakeProvider;
  let nginx: Nginx;
  let agent: TestAgent;
  let publicUrl: string;
  const sockets: Socket[] = [];
  const channels: { whatsapp?: string; twilio?: string } = {};

  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-proxy-'));
    cert = selfSignedCertificate(base);
    const [http, https] = [await freePort(), await freePort()];
    publicUrl = `https://127.0.0.1:${https}`;
    fake = await startFakeProvider();
    t = await startHub({
      config: { publicUrl, trustProxy: ['127.0.0.1'] },
      extensions: [createProviderExtension({ pollTimeoutSeconds: 1 })],
    });
    ports = { http, https, hub: Number(new URL(t.url).port) };
    const site = siteFor(fs.readFileSync(EXAMPLE_FILE, 'utf8'), ports, cert);
    nginx = await startNginx(base, site, async () => {
      const health = await clientRequest(`${publicUrl}/health`, { ca: cert.pem });
      return health.status === 200;
    });
    agent = await t.createAgent({ name: 'Aiko' });
    const whatsapp = await t.createChannel({
      kind: 'whatsapp',
      credentials: { ...WA, apiBaseUrl: fake.baseUrlFor('whatsapp') },
      linkAgentIds: [agent.agent.id],
    });
    const twilio = await t.createChannel({
      kind: 'twilio',
      credentials: { ...TW, apiBaseUrl: fake.baseUrlFor('twilio') },
      linkAgentIds: [agent.agent.id],
    });
    channels.whatsapp = whatsapp.id;
    channels.twilio = twilio.id;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await nginx?.stop();
    await t?.stop();
    await fake?.close();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('docs/hub.md shows deploy/nginx/switchboard.conf as it is, and its body limit is the hub’s upload limit', () => {
    const example = fs.readFileSync(EXAMPLE_FILE, 'utf8');
    expect(fs.readFileSync(DOCS_FILE, 'utf8')).toContain('```nginx\n' + example + '```\n');
    const limit = /client_max_body_size\s+(\S+);/.exec(example)?.[1] ?? '';
    expect(nginxBytes(limit)).toBe(MAX_UPLOAD_BYTES);
  });

  it('answers /health over TLS and redirects plain http to https', async () => {
    const health = await clientRequest(`${publicUrl}/health`, { ca: cert.pem });
    expect(health.status).toBe(200);
    expect(HealthResponse.parse(health.json).status).toBe('ok');
    const plain = await clientRequest(`http://127.0.0.1:${ports.http}/health`, {});
    expect(plain.status).toBe(301);
    expect(plain.headers.location).toBe('https://127.0.0.1/health');
  });

  it('a signed WhatsApp webhook is accepted and reaches a linked agent live over a WebSocket through the proxy', async () => {
    const socket = await connectThrough(publicUrl, agent.token, cert.pem, ['websocket']);
    sockets.push(socket);
    expect(socket.io.engine.transport.name).toBe('websocket');
    const body = whatsappText('15551230001', 'wamid.proxy-1', 'こんにちは、注文の件です', Date.now());
    const arrived = nextEvent(
      socket,
      (e) => e.type === 'message.upsert' && e.message.providerMessageId === 'wamid.proxy-1',
    );
    const answer = await clientRequest(`${publicUrl}/webhooks/${channels.whatsapp}`, {
      ca: cert.pem,
      method: 'POST',
      headers: whatsappHeaders(WA.appSecret, body),
      body,
    });
    expect(answer.status).toBe(200);
    const event = await arrived;
    expect(event.type === 'message.upsert' && event.message.text).toBe('こんにちは、注文の件です');
  });

  it('a browser-style socket.io client starts on long polling and upgrades to a WebSocket through the proxy', async () => {
    const socket = await connectThrough(publicUrl, agent.token, cert.pem, ['polling', 'websocket']);
    sockets.push(socket);
    const engine = socket.io.engine;
    if (engine.transport.name !== 'websocket') await new Promise((resolve) => engine.once('upgrade', resolve));
    expect(engine.transport.name).toBe('websocket');
  });

  it('a Twilio webhook signed over the https SWITCHBOARD_PUBLIC_URL is accepted through the proxy', async () => {
    const url = `${publicUrl}/webhooks/${channels.twilio}`;
    const form = twilioInbound('SM' + 'b'.repeat(32), '+15551230002', 'Hello through nginx');
    const answer = await clientRequest(url, {
      ca: cert.pem,
      method: 'POST',
      headers: twilioHeaders(TW.authToken, url, form),
      body: form.toString(),
    });
    expect(answer.status).toBe(200);
    const forged = await clientRequest(url, {
      ca: cert.pem,
      method: 'POST',
      headers: twilioHeaders(TW.authToken, `http://127.0.0.1:${ports.hub}/webhooks/${channels.twilio}`, form),
      body: form.toString(),
    });
    expect(forged.status).toBe(401);
  });

  it('an upload as large as the hub accepts passes the proxy byte for byte; one byte more is refused with the hub’s own error body', async () => {
    const headers = {
      authorization: `Bearer ${agent.token}`,
      'content-type': 'application/octet-stream',
      'x-file-name': 'scan.bin',
    };
    const { answer, sha256 } = await clientUpload(`${publicUrl}/api/media`, MAX_UPLOAD_BYTES, {
      ca: cert.pem,
      headers,
    });
    expect(answer.status).toBe(201);
    expect(MediaUploadResponse.parse(answer.json)).toMatchObject({ size: MAX_UPLOAD_BYTES, sha256 });

    const refused = await clientAnnounce(`${publicUrl}/api/media`, MAX_UPLOAD_BYTES + 1, { ca: cert.pem, headers });
    expect(refused.status).toBe(413);
    expect(errorCodeOf(refused)).toEqual(blobTooLarge(MAX_UPLOAD_BYTES).toBody());
  }, 120_000);

  it('sign-ins are limited per client address behind the proxy: one address over the limit locks out no other, and a forged X-Forwarded-For does not help', async () => {
    const signIn = (localAddress: string, i: number, forwardedFor?: string) =>
      clientRequest(`${publicUrl}/api/auth/login`, {
        ca: cert.pem,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
        body: JSON.stringify({ email: `guess-${i}@example.com`, password: 'wrong-password' }),
      });
    const office = await Promise.all(Array.from({ length: SIGN_IN_LIMIT.max }, (_, i) => signIn('127.0.0.2', i)));
    expect(office.map((a) => a.status)).toEqual(office.map(() => 401));
    expect((await signIn('127.0.0.2', 100)).status).toBe(429);
    expect((await signIn('127.0.0.2', 101, '198.51.100.7')).status).toBe(429);
    const elsewhere = await signIn('127.0.0.3', 102);
    expect(elsewhere.status).toBe(401);
  }, 60_000);
});

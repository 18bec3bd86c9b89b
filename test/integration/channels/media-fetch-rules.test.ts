import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, Channel } from '../../../src/shared/domain.js';
import { startFakeMediaHost, type FakeMediaHost } from '../../../src/fake-provider/media-host.js';
import { lineHeaders, startHarness, twilioHeaders, waitFor, type AgentSession, type Harness } from './harness.js';
import { LINE, TW, lineExternalBody, twilioMediaForm } from './provider-bodies.js';

/**
 * The hub fetches media only from the provider: signed webhooks whose media
 * URLs point inside the network, redirect there, or name a look-alike host end
 * as failed attachments with the reason, and the internal host is never asked.
 * `cdn` is an operator media host (SWITCHBOARD_MEDIA_HOSTS); `internal` stands
 * for a service inside the network that no one listed.
 */
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);

let h: Harness;
let agent: AgentSession;
let tw: Channel;
let line: Channel;
let cdn: FakeMediaHost;
let internal: FakeMediaHost;
let counter = 0;

beforeAll(async () => {
  [cdn, internal] = await Promise.all([startFakeMediaHost(), startFakeMediaHost()]);
  h = await startHarness({ mediaHosts: [cdn.url] });
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') });
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  internal.route('/latest/meta-data/', { body: Buffer.from('iam-role-secret') });
  internal.route('/secret.jpg', { body: JPEG, headers: { 'content-type': 'image/jpeg' } });
  agent = await h.linkedAgent(tw.id, line.id);
});
afterAll(async () => {
  await h.stop();
  await Promise.all([cdn.close(), internal.close()]);
});

function nextSid(prefix: 'MM' | 'ME'): string {
  counter += 1;
  return `${prefix}${counter.toString(16).padStart(32, '0')}`;
}

/** A signed Twilio webhook with one image at `mediaUrl`; returns the message SID. */
async function twilioImage(mediaUrl: string): Promise<string> {
  const sid = nextSid('MM');
  const form = twilioMediaForm(sid, mediaUrl, 'image/jpeg', 'image');
  const url = `https://hub.example.com/webhooks/${tw.id}`;
  const res = await h.webhook(tw.id, form.toString(), twilioHeaders(TW.authToken, url, form));
  expect(res.status).toBe(200);
  return sid;
}

/** A signed LINE webhook with an image an external provider hosts at `url`; returns the message id. */
async function lineExternalImage(url: string): Promise<string> {
  counter += 1;
  const id = String(700000000000 + counter);
  const body = lineExternalBody(id, 'image', url);
  const res = await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body));
  expect(res.status).toBe(200);
  return id;
}

function attachmentOf(providerMessageId: string, status: Attachment['status']): Attachment | undefined {
  return agent.message((m) => m.providerMessageId === providerMessageId && m.attachments[0]?.status === status)
    ?.attachments[0];
}

/** Waits for the attachment to fail and checks it failed at once: no retry was ever announced. */
async function failedAtOnce(providerMessageId: string): Promise<Attachment> {
  const failed = await waitFor(`${providerMessageId} failed`, () => attachmentOf(providerMessageId, 'failed'));
  const retried = agent.events.some(
    (e) =>
      e.type === 'message.upsert' &&
      e.message.providerMessageId === providerMessageId &&
      e.message.attachments[0]?.status === 'pending' &&
      e.message.attachments[0]?.error !== null,
  );
  expect(retried).toBe(false);
  return failed;
}

async function download(attachment: Attachment): Promise<Buffer> {
  const res = await h.api('GET', `/api/attachments/${attachment.id}`, undefined, agent.token, { connection: 'close' });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

describe('a Twilio MediaUrl inside the network is never fetched', () => {
  it.each([
    () => `http://127.0.0.1:${internal.port}/secret.jpg`,
    () => `http://localhost:${internal.port}/secret.jpg`,
    () => `http://2130706433:${internal.port}/secret.jpg`,
    () => `http://[::ffff:127.0.0.1]:${internal.port}/secret.jpg`,
    () => 'http://169.254.169.254/latest/meta-data/',
  ])(
    'a signed MediaUrl %# on a loopback, link-local or unlisted host fails the attachment with the reason',
    async (url) => {
      const before = internal.requests.length;
      const sid = await twilioImage(url());
      const failed = await failedAtOnce(sid);
      expect(failed.error).toMatch(/^Twilio media: refused to fetch: /);
      expect(internal.requests.length).toBe(before);
    },
  );

  it('a Media resource that redirects to an internal address is refused without asking it', async () => {
    const mediaSid = nextSid('ME');
    h.fake.state.script('twilio', `/Media/${mediaSid}`, {
      status: 302,
      body: '',
      headers: { location: `http://127.0.0.1:${internal.port}/latest/meta-data/` },
    });
    const before = internal.requests.length;
    const sid = await twilioImage(
      `https://api.twilio.com/2010-04-01/Accounts/${TW.accountSid}/Messages/MM1/Media/${mediaSid}`,
    );
    const failed = await failedAtOnce(sid);
    expect(failed.error).toContain('refused to fetch: 127.0.0.1 is a loopback address');
    expect(internal.requests.length).toBe(before);
  });

  it('a MediaUrl on api.twilio.com.attacker.example is refused before any request, so the credentials stay home', async () => {
    const sid = await twilioImage(
      `https://api.twilio.com.attacker.example/2010-04-01/Accounts/${TW.accountSid}/Messages/MM1/Media/ME1`,
    );
    const failed = await failedAtOnce(sid);
    expect(failed.error).toBe(
      "Twilio media: refused to fetch: api.twilio.com.attacker.example is not a media host of this channel's provider",
    );
  });

  it('Twilio’s redirect is followed to an allowed CDN without the credentials, and to no other host', async () => {
    const mediaSid = nextSid('ME');
    cdn.route(`/cdn/${mediaSid}`, { body: JPEG, headers: { 'content-type': 'image/jpeg' } });
    h.fake.state.script('twilio', `/Media/${mediaSid}`, {
      status: 307,
      body: '',
      headers: { location: `${cdn.url}/cdn/${mediaSid}?Expires=1&Signature=abc` },
    });
    const sid = await twilioImage(
      `https://api.twilio.com/2010-04-01/Accounts/${TW.accountSid}/Messages/MM2/Media/${mediaSid}`,
    );
    const ready = await waitFor('the image ready', () => attachmentOf(sid, 'ready'));
    expect(await download(ready)).toEqual(JPEG);
    expect(h.fake.state.callsTo('twilio', `/Media/${mediaSid}`)[0]?.headers.authorization).toMatch(/^Basic /);
    expect(cdn.requestsTo(`/cdn/${mediaSid}`).map((r) => r.headers.authorization)).toEqual([undefined]);

    const elsewhere = nextSid('ME');
    h.fake.state.script('twilio', `/Media/${elsewhere}`, {
      status: 307,
      body: '',
      headers: { location: `http://localhost:${internal.port}/secret.jpg` },
    });
    const refused = await twilioImage(
      `https://api.twilio.com/2010-04-01/Accounts/${TW.accountSid}/Messages/MM3/Media/${elsewhere}`,
    );
    expect((await failedAtOnce(refused)).error).toContain(
      "redirect refused: localhost is not a media host of this channel's provider",
    );
  });
});

describe('LINE content an external provider hosts', () => {
  it.each([
    () => `https://127.0.0.1:${internal.port}/secret.jpg`,
    () => `http://127.0.0.1:${internal.port}/secret.jpg`,
    () => `https://localhost:${internal.port}/secret.jpg`,
    () => `https://0x7f000001:${internal.port}/secret.jpg`,
    () => 'https://[fd00::1]/secret.jpg',
    () => 'https://10.1.2.3/secret.jpg',
  ])('an originalContentUrl %# on a loopback or private address fails the attachment with the reason', async (url) => {
    const before = internal.requests.length;
    const id = await lineExternalImage(url());
    const failed = await failedAtOnce(id);
    expect(failed.error).toMatch(
      /^LINE: content download: refused to fetch: .*(loopback|private|unique-local) address/,
    );
    expect(internal.requests.length).toBe(before);
  });

  it('an allowed external host serves the image without the access token, but may not redirect inside the network', async () => {
    cdn.route('/ext/photo.jpg', { body: JPEG, headers: { 'content-type': 'image/jpeg' } });
    const id = await lineExternalImage(`${cdn.url}/ext/photo.jpg`);
    const ready = await waitFor('the external image ready', () => attachmentOf(id, 'ready'));
    expect(await download(ready)).toEqual(JPEG);
    expect(cdn.requestsTo('/ext/photo.jpg').map((r) => r.headers.authorization)).toEqual([undefined]);

    cdn.route('/ext/moved.jpg', { status: 302, headers: { location: `http://127.0.0.1:${internal.port}/secret.jpg` } });
    const before = internal.requests.length;
    const moved = await lineExternalImage(`${cdn.url}/ext/moved.jpg`);
    expect((await failedAtOnce(moved)).error).toContain('refused to fetch: 127.0.0.1 is a loopback address');
    expect(internal.requests.length).toBe(before);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMediaTransfer, type FetchRules, type ResolveHost } from '../../../src/hub/channels/safe-fetch.js';
import { twilioAdapter } from '../../../src/hub/channels/twilio/adapter.js';
import type { TwilioCredentials } from '../../../src/hub/channels/twilio/credentials.js';
import type { AdapterContext } from '../../../src/hub/channels/types.js';
import { startFakeMediaHost, type FakeMediaHost } from '../../../src/fake-provider/media-host.js';

/** Every name resolves to this machine: what an attacker's DNS (or a rebinding one) would answer. */
const resolveToLoopback: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }];

let provider: FakeMediaHost;
let cdn: FakeMediaHost;
let internal: FakeMediaHost;

beforeAll(async () => {
  [provider, cdn, internal] = await Promise.all([startFakeMediaHost(), startFakeMediaHost(), startFakeMediaHost()]);
});
afterAll(async () => Promise.all([provider.close(), cdn.close(), internal.close()]));
beforeEach(() => {
  for (const host of [provider, cdn, internal]) host.requests.length = 0;
});

function providerRules(extra: Partial<FetchRules> = {}): FetchRules {
  return {
    configuredOrigins: [provider.url],
    hosts: [],
    credentials: { origins: [provider.url], headers: { authorization: 'Bearer provider-token' } },
    ...extra,
  };
}

async function text(body: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

describe('addresses are checked after DNS, by the connection itself', () => {
  const external: FetchRules = { configuredOrigins: [], hosts: [], anyPublicHost: { allowHttp: true } };

  it('a host name that resolves to a loopback address is refused and nothing is connected to', async () => {
    const transfer = createMediaTransfer({ resolve: resolveToLoopback });
    await expect(transfer.get(`http://photos.shop.example:${internal.port}/p.jpg`, external)).rejects.toMatchObject({
      code: 'MEDIA_DOWNLOAD_FAILED',
      message: 'refused to fetch: photos.shop.example resolves to a loopback address (127.0.0.1)',
      details: { retryable: false },
    });
    expect(internal.requests).toHaveLength(0);
  });

  it('a name with one public and one private address is refused', async () => {
    const transfer = createMediaTransfer({
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
    });
    await expect(transfer.get('https://mixed.example/p.jpg', external)).rejects.toMatchObject({
      message: expect.stringContaining('resolves to a private address (10.0.0.7)'),
    });
  });

  it('localhost, resolved by the system, is refused', async () => {
    const transfer = createMediaTransfer();
    await expect(transfer.get(`http://localhost:${internal.port}/p.jpg`, external)).rejects.toMatchObject({
      message: expect.stringMatching(/localhost resolves to a loopback address/),
    });
    expect(internal.requests).toHaveLength(0);
  });
});

describe('redirects are followed by hand, each hop checked again', () => {
  it('a redirect to an internal address is refused and the internal host is never asked', async () => {
    provider.route('/file', { status: 302, headers: { location: `${internal.url}/latest/meta-data/` } });
    const transfer = createMediaTransfer();
    await expect(transfer.get(`${provider.url}/file`, providerRules())).rejects.toMatchObject({
      message: 'refused to fetch: 127.0.0.1 is a loopback address',
    });
    expect(internal.requests).toHaveLength(0);
  });

  it('three redirects are followed, a fourth is refused', async () => {
    for (const n of [1, 2, 3, 4]) provider.route(`/r${n}`, { status: 307, headers: { location: `/r${n + 1}` } });
    provider.route('/r4', { status: 200, body: Buffer.from('after three') });
    const transfer = createMediaTransfer();
    const res = await transfer.get(`${provider.url}/r1`, providerRules());
    expect(await text(res.body)).toBe('after three');
    provider.route('/r4', { status: 307, headers: { location: '/r5' } });
    await expect(transfer.get(`${provider.url}/r1`, providerRules())).rejects.toMatchObject({
      message: 'refused to fetch: more than 3 redirects',
    });
  });

  it('credentials go to the provider’s origin and stay behind on a redirect to its CDN', async () => {
    provider.route('/media/ME1', { status: 302, headers: { location: '/media/ME1/signed' } });
    provider.route('/media/ME1/signed', { status: 307, headers: { location: `${cdn.url}/f/ME1?sig=x` } });
    cdn.route('/f/ME1', { status: 200, body: Buffer.from('the file') });
    const transfer = createMediaTransfer({ operatorOrigins: [cdn.url] });
    const res = await transfer.get(`${provider.url}/media/ME1`, providerRules());
    expect(await text(res.body)).toBe('the file');
    expect(provider.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer provider-token',
      'Bearer provider-token',
    ]);
    expect(cdn.requests).toHaveLength(1);
    expect(cdn.requests[0]?.headers.authorization).toBeUndefined();
  });
});

describe('Twilio credentials and look-alike hosts', () => {
  const credentials: TwilioCredentials = {
    accountSid: `AC${'2'.repeat(32)}`,
    authToken: 'tw-secret-token',
    from: 'whatsapp:+14155238886',
  };

  it('a MediaUrl on api.twilio.com.attacker.example never receives the account credentials', async () => {
    const sent: { url: string; authorization: string | null }[] = [];
    // Whatever route the download takes, it reaches the attacker's server on this machine.
    const ctx: AdapterContext = {
      fetch: async (input, init) => {
        const url = new URL(String(input));
        sent.push({ url: url.href, authorization: new Headers(init?.headers).get('authorization') });
        return fetch(`${cdn.url}${url.pathname}`, init);
      },
      now: () => Date.now(),
      cache: { get: () => null, set: () => undefined },
    };
    cdn.route('/2010-04-01/Accounts/x/Messages/MM1/Media/ME1', { status: 200, body: Buffer.from('loot') });
    const attempt = twilioAdapter.downloadMedia(
      {
        ref: 'https://api.twilio.com.attacker.example/2010-04-01/Accounts/x/Messages/MM1/Media/ME1',
        mimeType: 'image/jpeg',
        fileName: null,
        size: null,
      },
      credentials,
      ctx,
      createMediaTransfer({ resolve: resolveToLoopback }),
    );
    await expect(attempt).rejects.toMatchObject({
      message: expect.stringContaining(
        "api.twilio.com.attacker.example is not a media host of this channel's provider",
      ),
      details: { retryable: false },
    });
    expect(sent.filter((s) => s.authorization !== null)).toEqual([]);
    expect(cdn.requests.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
  });
});

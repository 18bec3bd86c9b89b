import { describe, expect, it } from 'vitest';
import { checkHop, type FetchRules } from '../../../src/hub/channels/safe-fetch.js';
import { parseCommandLine } from '../../../src/hub/config.js';
import { twilioMediaRules } from '../../../src/hub/channels/twilio/media.js';
import type { TwilioCredentials } from '../../../src/hub/channels/twilio/credentials.js';

const SID = `AC${'1'.repeat(32)}`;
const TWILIO: TwilioCredentials = { accountSid: SID, authToken: 'tw-auth-token', from: 'whatsapp:+14155238886' };
const rules = twilioMediaRules(TWILIO);
const MEDIA = `/2010-04-01/Accounts/${SID}/Messages/MM1/Media/ME1`;

function first(url: string, r: FetchRules = rules, operator: string[] = []): ReturnType<typeof checkHop> {
  return checkHop(new URL(url), r, null, operator);
}

function redirect(from: string, to: string, r: FetchRules = rules): ReturnType<typeof checkHop> {
  return checkHop(new URL(to), r, new URL(from));
}

describe('Twilio media URLs are checked by parsed origin', () => {
  it('the Media resource on api.twilio.com is fetched with the account credentials', () => {
    expect(first(`https://api.twilio.com${MEDIA}`)).toEqual({ ok: true, via: 'public', sendCredentials: true });
  });

  it.each([
    `https://api.twilio.com.attacker.example${MEDIA}`,
    `https://api.twilio.com.${'x'.repeat(20)}.example${MEDIA}`,
    `https://apitwilio.com${MEDIA}`,
    `https://api.twilio.com.${MEDIA}`,
    `https://evil.example/api.twilio.com${MEDIA}`,
  ])('a look-alike host (%s) is refused, so the credentials never leave', (url) => {
    expect(first(url)).toEqual({
      ok: false,
      reason: expect.stringContaining("is not a media host of this channel's provider"),
    });
  });

  it('a URL that smuggles a user name before the host is refused', () => {
    expect(first(`https://api.twilio.com@attacker.example${MEDIA}`)).toEqual({
      ok: false,
      reason: 'URLs with a user name are refused',
    });
  });

  it('api.twilio.com over plain http or on another port is refused', () => {
    expect(first(`http://api.twilio.com${MEDIA}`)).toEqual({
      ok: false,
      reason: 'api.twilio.com must be reached over https',
    });
    expect(first(`https://api.twilio.com:8443${MEDIA}`)).toMatchObject({ ok: false });
  });

  it('the redirect to Twilio’s CDN is followed without the credentials', () => {
    const from = `https://api.twilio.com${MEDIA}`;
    expect(redirect(from, 'https://mms.twiliocdn.com/AC1/abc?Expires=1')).toEqual({
      ok: true,
      via: 'public',
      sendCredentials: false,
    });
    expect(redirect(from, 'https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc')).toMatchObject({
      ok: true,
      sendCredentials: false,
    });
  });

  it('the CDN is reachable only through Twilio’s redirect, not as a MediaUrl of its own', () => {
    expect(first('https://mms.twiliocdn.com/AC1/abc')).toMatchObject({ ok: false });
  });

  it('a redirect anywhere else is refused', () => {
    const from = `https://api.twilio.com${MEDIA}`;
    expect(redirect(from, 'https://attacker.example/loot')).toEqual({
      ok: false,
      reason: "redirect refused: attacker.example is not a media host of this channel's provider",
    });
    expect(redirect(from, 'http://169.254.169.254/latest/meta-data/')).toEqual({
      ok: false,
      reason: '169.254.169.254 is a link-local address',
    });
  });

  it('with apiBaseUrl the configured origin is allowed as configured, credentials included', () => {
    const staging = twilioMediaRules({ ...TWILIO, apiBaseUrl: 'http://127.0.0.1:4010/twilio' });
    expect(first(`http://127.0.0.1:4010/twilio${MEDIA}`, staging)).toEqual({
      ok: true,
      via: 'configured',
      sendCredentials: true,
    });
    expect(first(`http://127.0.0.1:4011/twilio${MEDIA}`, staging)).toEqual({
      ok: false,
      reason: '127.0.0.1 is a loopback address',
    });
  });

  it('an operator media host is reached as configured but never gets the credentials', () => {
    expect(first('http://10.0.0.5:8080/media/ME1', rules, ['http://10.0.0.5:8080'])).toEqual({
      ok: true,
      via: 'configured',
      sendCredentials: false,
    });
  });
});

describe('content the provider says lives elsewhere (LINE external)', () => {
  const external: FetchRules = { configuredOrigins: [], hosts: [], anyPublicHost: { allowHttp: false } };

  it('any https host may serve it, never with credentials', () => {
    expect(first('https://cdn.shop.example/p.jpg', external)).toEqual({
      ok: true,
      via: 'public',
      sendCredentials: false,
    });
  });

  it('plain http is refused', () => {
    expect(first('http://cdn.shop.example/p.jpg', external)).toEqual({
      ok: false,
      reason: 'cdn.shop.example must be reached over https',
    });
  });

  it('a redirect may stay on that origin but not go to another', () => {
    expect(redirect('https://cdn.shop.example/p.jpg', 'https://cdn.shop.example/v2/p.jpg', external)).toMatchObject({
      ok: true,
    });
    expect(redirect('https://cdn.shop.example/p.jpg', 'https://other.example/p.jpg', external)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('redirect refused'),
    });
  });

  it.each(['file:///etc/passwd', 'ftp://cdn.shop.example/p.jpg', 'gopher://127.0.0.1:6379/_FLUSHALL'])(
    '%s is not an http(s) URL and is refused',
    (url) => {
      expect(first(url, external)).toEqual({ ok: false, reason: 'not an http(s) URL' });
    },
  );
});

describe('SWITCHBOARD_MEDIA_HOSTS', () => {
  it('lists origins, comma- or space-separated, stored in their normal form', () => {
    const { config } = parseCommandLine([], {
      SWITCHBOARD_MEDIA_HOSTS: 'https://Media.Gateway.example:443, http://10.0.0.5:8080/ http://cdn.local:9000',
    });
    expect(config.mediaHosts).toEqual([
      'https://media.gateway.example',
      'http://10.0.0.5:8080',
      'http://cdn.local:9000',
    ]);
  });

  it.each(['https://cdn.example/media', 'cdn.example', 'ftp://cdn.example', 'https://user@cdn.example'])(
    'an entry that is not a bare http(s) origin (%s) stops the hub with a clear message',
    (entry) => {
      expect(() => parseCommandLine([], { SWITCHBOARD_MEDIA_HOSTS: entry })).toThrowError(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          message: expect.stringContaining(`invalid SWITCHBOARD_MEDIA_HOSTS entry "${entry}"`),
        }),
      );
    },
  );
});

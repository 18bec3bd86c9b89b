import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress } from '../../../src/hub/channels/address-class.js';
import { checkHop, type FetchRules } from '../../../src/hub/channels/safe-fetch.js';

/** LINE external content: any https host, public addresses only. */
const EXTERNAL: FetchRules = { configuredOrigins: [], hosts: [], anyPublicHost: { allowHttp: false } };

describe('which addresses the hub may fetch media from', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.254', 'shared'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.7', 'reserved'],
    ['198.18.0.1', 'reserved'],
  ])('IPv4 %s is %s, never fetched', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    ['::7f00:1', 'reserved'],
  ])('IPv6 %s is %s, never fetched', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:7f00:1]', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:192.168.1.1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:7f00:1::', 'loopback'],
  ])('an IPv4 address inside IPv6 (%s) is judged by the IPv4 it carries: %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    '%s is public',
    (address) => {
      expect(classifyAddress(address)).toBe('public');
    },
  );

  it('a host name is not an address: it is judged after DNS resolution', () => {
    expect(classifyAddress('media.example.com')).toBeNull();
    expect(classifyAddress('localhost')).toBeNull();
  });
});

describe('IP literals in media URLs, however they are spelled', () => {
  it.each([
    'https://2130706433/photo.jpg',
    'https://0x7f000001/photo.jpg',
    'https://0177.0.0.1/photo.jpg',
    'https://127.1/photo.jpg',
    'https://0x7f.1/photo.jpg',
    'https://[::ffff:127.0.0.1]/photo.jpg',
    'https://[0:0:0:0:0:ffff:7f00:1]/photo.jpg',
    'https://[::1]/photo.jpg',
  ])('%s is the loopback address and is refused before any connection', (url) => {
    expect(checkHop(new URL(url), EXTERNAL, null)).toEqual({
      ok: false,
      reason: expect.stringMatching(/is a loopback address$/),
    });
  });

  it.each([
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://2852039166/latest/meta-data/', 'link-local'],
    ['https://10.0.0.1/', 'private'],
    ['https://0xa000001/', 'private'],
    ['https://[fd00::1]/', 'unique-local'],
    ['https://100.64.0.1/', 'shared'],
    ['https://0/', 'unspecified'],
  ])('%s is a %s address and is refused', (url, cls) => {
    expect(checkHop(new URL(url), EXTERNAL, null)).toEqual({ ok: false, reason: expect.stringContaining(cls) });
  });

  it('a public IP literal over https may be fetched as external content', () => {
    expect(checkHop(new URL('https://93.184.216.34/photo.jpg'), EXTERNAL, null)).toEqual({
      ok: true,
      via: 'public',
      sendCredentials: false,
    });
  });
});

import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { badgeText, renderBadgePng } from '../../../src/main/shell/badge-image.js';
import { conversationIdFromArgv, conversationIdFromLink } from '../../../src/main/shell/deep-link.js';
import { parseByteRange } from '../../../src/main/shell/media-range.js';
import { isAppUrl, isTrustedSender } from '../../../src/main/shell/sender-check.js';

describe('IPC sender check', () => {
  const built = 'file:///Applications/Switchboard.app/Contents/Resources/app.asar/out/renderer/index.html';
  it('accepts calls only from the app’s own page', () => {
    expect(isTrustedSender(built, built)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/#/inbox', 'http://localhost:5173/')).toBe(true);
  });

  it('refuses other files, other origins, and frames without a URL', () => {
    expect(isTrustedSender('file:///tmp/evil.html', built)).toBe(false);
    expect(isTrustedSender('https://attacker.example/', built)).toBe(false);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    expect(isTrustedSender(undefined, built)).toBe(false);
    expect(isAppUrl('not a url', built)).toBe(false);
  });
});

describe('switchboard:// deep links', () => {
  it('open the conversation a link names', () => {
    expect(conversationIdFromLink('switchboard://conversation/01931a2b-7c3d-7e8f-9a0b-123456789abc')).toBe(
      '01931a2b-7c3d-7e8f-9a0b-123456789abc',
    );
    expect(conversationIdFromArgv(['/usr/bin/switchboard', '--flag', 'switchboard://conversation/abc_1/'])).toBe(
      'abc_1',
    );
  });

  it('ignore anything else', () => {
    expect(conversationIdFromLink('switchboard://settings')).toBeNull();
    expect(conversationIdFromLink('switchboard://conversation/../../etc')).toBeNull();
    expect(conversationIdFromLink('https://conversation/abc')).toBeNull();
    expect(conversationIdFromArgv(['/usr/bin/switchboard'])).toBeNull();
  });
});

describe('seeking in cached video and audio', () => {
  it('serves the byte range a player asks for', () => {
    expect(parseByteRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseByteRange('bytes=500-', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseByteRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseByteRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
  });

  it('serves the whole file without a usable Range, and refuses ranges past the end', () => {
    expect(parseByteRange(null, 1000)).toBeNull();
    expect(parseByteRange('bytes=0-1,5-6', 1000)).toBeNull();
    expect(parseByteRange('items=0-1', 1000)).toBeNull();
    expect(parseByteRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseByteRange('bytes=9-3', 1000)).toBe('unsatisfiable');
  });
});

/** Decodes our own unfiltered RGBA PNG back to pixels. */
function decodePng(png: Buffer): { width: number; height: number; pixel(x: number, y: number): number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idatLength = png.readUInt32BE(33);
  const raw = inflateSync(png.subarray(41, 41 + idatLength));
  return {
    width,
    height,
    pixel: (x, y) => [...raw.subarray(y * (width * 4 + 1) + 1 + x * 4, y * (width * 4 + 1) + 1 + x * 4 + 4)],
  };
}

describe('Windows taskbar badge', () => {
  it('says the unread count, capped at 99+', () => {
    expect(badgeText(7)).toBe('7');
    expect(badgeText(42)).toBe('42');
    expect(badgeText(1500)).toBe('99+');
  });

  it('is a red disc with white digits on a transparent square', () => {
    const image = decodePng(renderBadgePng(8));
    expect(image.width).toBe(32);
    expect(image.height).toBe(32);
    expect(image.pixel(0, 0)[3]).toBe(0);
    expect(image.pixel(16, 4)).toEqual([220, 38, 38, 255]);
    const white = [];
    for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) if (image.pixel(x, y)[1] === 255) white.push([x, y]);
    expect(white.length).toBeGreaterThan(40);
  });

  it('looks different for different counts', () => {
    expect(renderBadgePng(3).equals(renderBadgePng(4))).toBe(false);
  });
});

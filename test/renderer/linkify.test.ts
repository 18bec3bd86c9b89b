/** Which text in a message becomes a link (the shell's own checks are in test/unit/client/external-links.test.ts). */
import { describe, expect, it } from 'vitest';
import { EXTERNAL_LINK_MAX } from '../../src/shared/external-link.js';
import { linkify, type TextPart } from '../../src/renderer/src/features/conversation/linkify.js';

/** The links of a text, as [shown text, URL opened]. */
function links(text: string): [string, string][] {
  return linkify(text).flatMap((p: TextPart) => (p.kind === 'link' ? [[p.text, p.url] as [string, string]] : []));
}

describe('links in message text', () => {
  it('turns http, https and mailto URLs and e-mail addresses into links, the rest stays text', () => {
    expect(linkify('See https://example.com/track?id=42 for the parcel')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', text: 'https://example.com/track?id=42', url: 'https://example.com/track?id=42' },
      { kind: 'text', text: ' for the parcel' },
    ]);
    expect(links('http://shop.example.jp and mailto:help@example.com')).toEqual([
      ['http://shop.example.jp', 'http://shop.example.jp'],
      ['mailto:help@example.com', 'mailto:help@example.com'],
    ]);
    expect(links('Write to hanako.sato+orders@example.co.jp.')).toEqual([
      ['hanako.sato+orders@example.co.jp', 'mailto:hanako.sato+orders@example.co.jp'],
    ]);
    expect(linkify('no links here')).toEqual([{ kind: 'text', text: 'no links here' }]);
  });

  it('keeps Japanese and Latin punctuation outside the link', () => {
    expect(linkify('「https://example.com」。')).toEqual([
      { kind: 'text', text: '「' },
      { kind: 'link', text: 'https://example.com', url: 'https://example.com' },
      { kind: 'text', text: '」。' },
    ]);
    expect(links('詳細はhttps://example.jp/faqをご覧ください。')).toEqual([
      ['https://example.jp/faq', 'https://example.jp/faq'],
    ]);
    expect(links('（https://example.jp/a）、https://example.jp/b。')).toEqual([
      ['https://example.jp/a', 'https://example.jp/a'],
      ['https://example.jp/b', 'https://example.jp/b'],
    ]);
    expect(links('Is it (https://example.com/x)? Yes, https://example.com/y.')).toEqual([
      ['https://example.com/x', 'https://example.com/x'],
      ['https://example.com/y', 'https://example.com/y'],
    ]);
    expect(links('https://en.wikipedia.org/wiki/Tokyo_(city), see')).toEqual([
      ['https://en.wikipedia.org/wiki/Tokyo_(city)', 'https://en.wikipedia.org/wiki/Tokyo_(city)'],
    ]);
  });

  it('never makes a link of javascript:, data:, file: or lookalike text', () => {
    for (const text of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'sbmedia://attachment/1',
      'xhttps://example.com',
      'https://',
      'https://exаmple.com (a Cyrillic а)',
      'mailto:',
      `https://example.com/${'a'.repeat(EXTERNAL_LINK_MAX)}`,
    ]) {
      expect(links(text), text).toEqual([]);
      expect(
        linkify(text)
          .map((p) => p.text)
          .join(''),
      ).toBe(text);
    }
    // A link hidden behind another scheme is only the https part, which is a real https link.
    expect(links('javascript:void(0)//https://example.com')).toEqual([['https://example.com', 'https://example.com']]);
  });
});

import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/react';
import { CHANNEL_KINDS, type ChannelKind } from '../../src/shared/domain.js';
import { ChannelIcon } from '../../src/renderer/src/common/channel-icon.js';
import { CHANNEL_MARK_COLOURS } from '../../src/renderer/src/common/channel-mark-colours.js';
import { StoreProvider } from '../../src/renderer/src/stores/store-context.js';
import { FakeClientApi } from './fake-client-api.js';
import { makeStore } from './render-app.js';

function mark(kind: ChannelKind): SVGSVGElement {
  const api = new FakeClientApi();
  const { container } = render(
    <StoreProvider store={makeStore(api)}>
      <ChannelIcon kind={kind} />
    </StoreProvider>,
  );
  const svg = container.querySelector('svg');
  if (!svg) throw new Error('no mark');
  return svg;
}

/** The drawing of a mark, without its title. */
function drawing(svg: SVGSVGElement): Element[] {
  return [...svg.querySelectorAll('*')].filter((el) => el.tagName !== 'title');
}

describe('channel marks', () => {
  it('each provider has its own shape, named for screen readers, with no letters in it', () => {
    const names = CHANNEL_KINDS.map((kind) => mark(kind).querySelector('title')?.textContent);
    expect(names).toEqual(['WhatsApp', 'WhatsApp (Twilio)', 'Telegram', 'LINE', 'WeChat']);
    for (const kind of CHANNEL_KINDS) expect(mark(kind).querySelector('text'), kind).toBeNull();
    // The outline (first element) tells WhatsApp, Telegram, LINE and WeChat apart without colour.
    const outlines = (['whatsapp', 'telegram', 'line', 'wechat'] as const).map((kind) => {
      const first = drawing(mark(kind))[0];
      return `${first?.tagName} ${first?.getAttribute('d') ?? first?.getAttribute('rx') ?? ''}`;
    });
    expect(new Set(outlines).size).toBe(4);
  });

  it('WhatsApp through Twilio is the WhatsApp mark with a small "via Twilio" badge', () => {
    const whatsapp = drawing(mark('whatsapp')).map((el) => el.outerHTML);
    const twilio = drawing(mark('twilio')).map((el) => el.outerHTML);
    expect(twilio.slice(0, whatsapp.length)).toEqual(whatsapp);
    expect(twilio.length).toBeGreaterThan(whatsapp.length);
    const badge = mark('twilio').querySelector('circle');
    expect(Number(badge?.getAttribute('r'))).toBeLessThan(7);
  });

  it('draws the palette the contrast check reads', () => {
    for (const kind of CHANNEL_KINDS) {
      const { shape, glyph } = CHANNEL_MARK_COLOURS[kind];
      const fills = drawing(mark(kind)).map((el) => el.getAttribute('fill'));
      expect(fills[0], kind).toBe(shape);
      expect(fills[1], kind).toBe(glyph);
    }
  });
});

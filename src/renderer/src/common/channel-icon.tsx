/**
 * Channel marks: our own simple SVG glyphs (no remote images, no providers' logos), told apart by
 * shape first and colour second, so they read in both themes and without colour vision:
 * - WhatsApp: a round speech bubble with a tail, a handset inside (dark green);
 * - WhatsApp through Twilio: the same bubble, with a small red "relayed" badge (»);
 * - Telegram: a circle with a paper dart (blue);
 * - LINE: a rounded square with a dark speech balloon (bright green);
 * - WeChat: a hexagon with two overlapping bubbles (teal).
 * Every glyph has at least 3.5:1 against its own shape, and every shape at least 3:1 against the
 * light and the dark panel and the selected row in both themes (WCAG 1.4.11; LINE's bright square
 * has a dark edge for the light theme); test/renderer/channel-marks.test.tsx and test/unit/renderer/colour-contrast.test.ts check it.
 */
import type { ReactElement } from 'react';
import type { ChannelKind } from '../../../shared/domain.js';
import { CHANNEL_MARK_COLOURS } from './channel-mark-colours.js';
import { useT } from './use-t.js';

const { whatsapp: WA, twilio: TW, telegram: TG, line: LN, wechat: WC } = CHANNEL_MARK_COLOURS;
const WHITE = '#ffffff';

/** A round bubble with its tail at the bottom left, and a handset: WhatsApp's idea, drawn our way. */
function WhatsAppBubble() {
  return (
    <>
      <path d="M14 2.5a11.5 11.5 0 1 1-5.3 21.7L3 25.5l1.4-5.4A11.5 11.5 0 0 1 14 2.5z" fill={WA.shape} />
      <path
        d="M9.6 8.4c.4-.4 1-.4 1.3.1l1.4 2.2c.3.4.2 1-.2 1.3l-.8.7c.8 1.7 2.1 3 3.8 3.8l.7-.8c.3-.4.9-.5 1.3-.2l2.2 1.4c.5.3.5.9.1 1.3l-1 1c-.7.7-1.8.9-2.7.5-3.2-1.4-5.7-3.9-7.1-7.1-.4-.9-.2-2 .5-2.7z"
        fill={WA.glyph}
      />
    </>
  );
}

const GLYPH: Readonly<Record<ChannelKind, () => ReactElement>> = {
  whatsapp: WhatsAppBubble,
  twilio: () => (
    <>
      <WhatsAppBubble />
      <circle cx="22" cy="22" r="5.6" fill={TW.badge} stroke={WHITE} strokeWidth="1.4" />
      <path
        d="M19.6 19.8l2 2.2-2 2.2M22.4 19.8l2 2.2-2 2.2"
        fill="none"
        stroke={WHITE}
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </>
  ),
  telegram: () => (
    <>
      <circle cx="14" cy="14" r="13" fill={TG.shape} />
      <path d="M6.5 13.6L21.6 7.4l-3 13.8-4.3-3.4-2.6 2.5v-4.2l6.6-6.2-8.3 5.1z" fill={TG.glyph} />
    </>
  ),
  line: () => (
    <>
      <rect x="1.75" y="1.75" width="24.5" height="24.5" rx="7" fill={LN.shape} stroke={LN.edge} strokeWidth="1" />
      <path
        d="M14 6.5c4.7 0 8.5 2.9 8.5 6.6 0 3.6-3.6 6.4-8.2 6.6l-3.6 2.8.6-3.3c-3.3-.9-5.8-3.3-5.8-6.1 0-3.7 3.8-6.6 8.5-6.6z"
        fill={LN.glyph}
      />
    </>
  ),
  wechat: () => (
    <>
      <path d="M14 1.5l10.8 6.25v12.5L14 26.5 3.2 20.25V7.75z" fill={WC.shape} />
      <ellipse cx="11.6" cy="12" rx="5.8" ry="4.8" fill={WC.glyph} />
      <ellipse cx="17.2" cy="16.4" rx="4.9" ry="4" fill={WC.glyph} stroke={WC.shape} strokeWidth="1.2" />
      <circle cx="9.6" cy="11.2" r="0.9" fill={WC.shape} />
      <circle cx="13.4" cy="11.2" r="0.9" fill={WC.shape} />
    </>
  ),
};

export function ChannelIcon({ kind, size = 28 }: { kind: ChannelKind; size?: number }) {
  const { t } = useT();
  const Glyph = GLYPH[kind];
  return (
    <svg
      className={`channel-icon channel-${kind}`}
      data-channel-kind={kind}
      width={size}
      height={size}
      viewBox="0 0 28 28"
      role="img"
    >
      <title>{t(`channel.${kind}`)}</title>
      <Glyph />
    </svg>
  );
}

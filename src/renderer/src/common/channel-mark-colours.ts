/** The channel marks' colours (channel-icon.tsx), apart so the contrast test reads them without React. */
import type { ChannelKind } from '../../../shared/domain.js';

/**
 * Each mark's colours: its shape, the glyph drawn on it, and (LINE) the shape's edge. The badge of
 * WhatsApp through Twilio is `badge`, with a white ring.
 */
export const CHANNEL_MARK_COLOURS: Readonly<
  Record<ChannelKind, { shape: string; glyph: string; edge?: string; badge?: string }>
> = {
  whatsapp: { shape: '#1a8f4c', glyph: '#ffffff' },
  twilio: { shape: '#1a8f4c', glyph: '#ffffff', badge: '#e23a55' },
  telegram: { shape: '#2b7fd0', glyph: '#ffffff' },
  line: { shape: '#1ea956', glyph: '#06331a', edge: '#0d6b34' },
  wechat: { shape: '#159078', glyph: '#ffffff' },
};

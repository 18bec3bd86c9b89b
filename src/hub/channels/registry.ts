/**
 * The one place that knows which adapter serves which channel kind. The rest of
 * the hub asks `getAdapter(kind)` and never imports a provider folder directly.
 *
 * Adapters are stored as `ChannelAdapter<unknown>`: a caller always parses the
 * stored credentials with the same adapter's `credentialsSchema` before
 * handing them back to that adapter.
 */
import type { ChannelKind } from '../../shared/domain.js';
import type { ChannelAdapter } from './types.js';
import { whatsappAdapter } from './whatsapp/adapter.js';
import { twilioAdapter } from './twilio/adapter.js';
import { telegramAdapter } from './telegram/adapter.js';
import { lineAdapter } from './line/adapter.js';
import { wechatAdapter } from './wechat/adapter.js';

const ADAPTERS: Readonly<Record<ChannelKind, ChannelAdapter<unknown>>> = {
  whatsapp: whatsappAdapter,
  twilio: twilioAdapter,
  telegram: telegramAdapter,
  line: lineAdapter,
  wechat: wechatAdapter,
};

export function getAdapter(kind: ChannelKind): ChannelAdapter<unknown> {
  return ADAPTERS[kind];
}

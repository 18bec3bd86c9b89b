/** A signed-in agent with one channel and one conversation, the starting point of most tests. */
import type { ClientMessage, ConversationRow } from '../../src/shared/api.js';
import type { Channel, ChannelKind } from '../../src/shared/domain.js';
import { FakeClientApi } from './fake-client-api.js';
import { HOUR, makeChannel, makeContact, makeConversation, makeRow } from './factories.js';

export interface Scenario {
  api: FakeClientApi;
  channel: Channel;
  row: ConversationRow;
}

export function scenario(
  options: {
    kind?: ChannelKind;
    lastInboundAt?: number | null;
    messages?: ClientMessage[];
    signedIn?: boolean;
    channel?: Partial<Channel>;
  } = {},
): Scenario {
  const kind = options.kind ?? 'whatsapp';
  const api = new FakeClientApi();
  const channel = makeChannel({ kind, ...options.channel });
  const conversation = makeConversation({
    channelId: channel.id,
    lastInboundAt: options.lastInboundAt === undefined ? Date.now() - HOUR : options.lastInboundAt,
  });
  const row = makeRow(conversation, {
    channelKind: kind,
    channelName: channel.name,
    contact: makeContact({ channelId: channel.id }),
  });
  api.channels = [channel];
  api.rows = [row];
  api.messages.set(conversation.id, options.messages ?? []);
  if (options.signedIn !== false) api.session = { hubUrl: 'http://127.0.0.1:4000', agent: api.me };
  return { api, channel, row };
}

/** A channel's health in detail (last inbound, last send, last error, token, webhook), for its page (being built). */
import type { Channel } from '../../../../../shared/domain.js';

export function ChannelHealthDetails({ channel }: { channel: Channel }) {
  void channel;
  return null;
}

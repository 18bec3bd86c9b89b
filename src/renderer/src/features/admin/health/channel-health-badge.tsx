/** A channel's health in one word and a colour, for the channel list (being built). */
import type { Channel } from '../../../../../shared/domain.js';

export function ChannelHealthBadge({ channel }: { channel: Channel }) {
  void channel;
  return null;
}

/**
 * The number or bot a channel answers as, from what the provider said when
 * its credentials were verified (Channel.verification.identity), and the
 * words for the facts the provider reported.
 */
import type { Channel, ChannelKind, ProviderIdentity } from '../../../../../shared/domain.js';
import type { T } from '../../../common/use-t.js';
import type { MessageKey } from '../../../i18n/en.js';

/** "+1 555-000-1111 (Shop)", "@shop_bot", "Shop (@123abcde)", "wx…", "whatsapp:+1… (Account)". */
export function identityText(kind: ChannelKind, identity: ProviderIdentity | null): string | null {
  if (identity === null) return null;
  const d = identity.details;
  const pair = (main: string | undefined, aside: string | undefined): string | null => {
    if (main === undefined) return aside ?? null;
    return aside === undefined ? main : `${main} (${aside})`;
  };
  switch (kind) {
    case 'whatsapp':
      return pair(d['displayPhoneNumber'], d['verifiedName']) ?? identity.label;
    case 'twilio':
      return pair(d['sender'], d['friendlyName']) ?? identity.label;
    case 'telegram':
      return identity.label;
    case 'line':
      return pair(d['displayName'], d['basicId']) ?? identity.label;
    case 'wechat':
      return d['appId'] ?? identity.label;
  }
}

export function channelIdentityText(channel: Channel): string | null {
  return identityText(channel.kind, channel.verification.identity);
}

const DETAIL_LABELS: Readonly<Record<string, MessageKey>> = {
  displayPhoneNumber: 'channels.detail.displayPhoneNumber',
  verifiedName: 'channels.detail.verifiedName',
  qualityRating: 'channels.detail.qualityRating',
  phoneNumberId: 'channels.detail.phoneNumberId',
  botId: 'channels.detail.botId',
  username: 'channels.detail.username',
  name: 'channels.detail.name',
  displayName: 'channels.detail.displayName',
  basicId: 'channels.detail.basicId',
  premiumId: 'channels.detail.premiumId',
  userId: 'channels.detail.userId',
  channelId: 'channels.detail.channelId',
  appId: 'channels.detail.appId',
  accessToken: 'channels.detail.accessToken',
  expiresInSeconds: 'channels.detail.expiresInSeconds',
  mode: 'channels.detail.mode',
  accountSid: 'channels.detail.accountSid',
  friendlyName: 'channels.detail.friendlyName',
  status: 'channels.detail.status',
  type: 'channels.detail.type',
  sender: 'channels.detail.sender',
  senderStatus: 'channels.detail.senderStatus',
};

/** The provider's facts as label/value rows, in the order it gave them; unknown names keep their own. */
export function detailRows(t: T, identity: ProviderIdentity): { label: string; value: string }[] {
  return Object.entries(identity.details).map(([name, value]) => {
    const key = DETAIL_LABELS[name];
    return { label: key === undefined ? name : t(key), value };
  });
}

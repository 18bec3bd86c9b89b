/**
 * Who the fake's accounts are, as the providers' own "who am I" calls answer
 * it: the WhatsApp business number's fields (`GET /{phone-number-id}`), the
 * Twilio account's friendly name, the Telegram bot (`getMe`), the LINE bot
 * (`GET /v2/bot/info`) and the channel a LINE token belongs to
 * (`/oauth2/v2.1/verify`). The tests use the defaults; the demo names its own.
 */

export interface FakeAccounts {
  readonly whatsappNumber: {
    readonly display_phone_number: string;
    readonly verified_name: string;
    readonly quality_rating: string;
    readonly messaging_limit_tier: string;
    readonly status: string;
  };
  readonly twilioAccountName: string;
  readonly telegramBot: { readonly first_name: string; readonly username: string };
  readonly lineBot: {
    readonly userId: string;
    readonly basicId: string;
    readonly displayName: string;
    readonly pictureUrl: string;
    readonly chatMode: string;
    readonly markAsReadMode: string;
  };
  /** The channel id of LINE tokens no one registered with `issueLineToken`. */
  readonly lineChannelId: string;
}

export const DEFAULT_FAKE_ACCOUNTS: FakeAccounts = {
  whatsappNumber: {
    display_phone_number: '+1 555-000-1111',
    verified_name: 'Switchboard Test Shop',
    quality_rating: 'GREEN',
    messaging_limit_tier: 'TIER_1K',
    status: 'CONNECTED',
  },
  twilioAccountName: 'Switchboard Test Account',
  telegramBot: { first_name: 'Fake Bot', username: 'fake_bot' },
  lineBot: {
    userId: 'Ufakebot0000000000000000000000000',
    basicId: '@123abcde',
    displayName: 'Switchboard Test Shop',
    pictureUrl: 'https://profile.line-scdn.net/fake',
    chatMode: 'chat',
    markAsReadMode: 'manual',
  },
  lineChannelId: '1600000000',
};

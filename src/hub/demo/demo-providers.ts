/**
 * The demo's providers: the same fake of the five providers' published APIs
 * the tests run against (src/fake-provider/), on 127.0.0.1 with an OS-chosen
 * port, dressed as the demo's accounts. It knows the demo customers' LINE and
 * WeChat profiles (with generated pictures served from its own origin), the
 * demo WhatsApp Business Account's approved templates, and, once the demo
 * channels exist, what each provider would know of them (the Twilio number,
 * the LINE webhook, the WABA's number and its webhook subscription).
 *
 * Every id it makes carries a tag of this run, since the demo's hub keeps its
 * data across restarts and a provider never hands out an id twice.
 */
import type { FakeAccounts } from '../../fake-provider/accounts.js';
import { setLinePicture, setLineProfile, setLineWebhook } from '../../fake-provider/line.js';
import { startFakeProvider, type FakeProvider, type FakeProviderState } from '../../fake-provider/server.js';
import { addTwilioNumber } from '../../fake-provider/twilio.js';
import { setWechatPicture, setWechatUser } from '../../fake-provider/wechat.js';
import type { FakeComponent } from '../../fake-provider/whatsapp-template-checks.js';
import { whatsappTemplatesOf } from '../../fake-provider/whatsapp-templates.js';
import { demoAvatar } from './demo-media.js';
import { ALL_DEMO_CUSTOMERS } from './demo-script.js';

/** The demo WhatsApp Business Account. */
export const DEMO_WABA_ID = '100000000000002';
/** The LINE channel the demo's access token belongs to (`/oauth2/v2.1/verify` client_id). */
export const DEMO_LINE_CHANNEL_ID = '2000000001';
/** The demo's Twilio WhatsApp sender, a number of the demo account. */
export const DEMO_TWILIO_NUMBER = '+14155550100';

/** Who the demo accounts are, as the providers' verification calls say. */
const DEMO_NAME = 'Switchboard Demo';
const DEMO_ACCOUNTS: Partial<FakeAccounts> = {
  whatsappNumber: {
    display_phone_number: '+81 50-0000-0001',
    verified_name: DEMO_NAME,
    quality_rating: 'GREEN',
    messaging_limit_tier: 'TIER_1K',
    status: 'CONNECTED',
  },
  twilioAccountName: DEMO_NAME,
  telegramBot: { first_name: DEMO_NAME, username: 'switchboard_demo_bot' },
  lineBot: {
    userId: 'Udemo000000000000000000000000000',
    basicId: '@switchboard',
    displayName: DEMO_NAME,
    pictureUrl: '',
    chatMode: 'chat',
    markAsReadMode: 'manual',
  },
  lineChannelId: DEMO_LINE_CHANNEL_ID,
};

/** The longest a demo getUpdates call is held open. */
const LONG_POLL_HOLD_MS = 20_000;

/** Two approved templates to send outside the 24-hour window (ids fixed, so a restart finds them again). */
const DEMO_TEMPLATES: readonly { id: string; name: string; language: string; components: FakeComponent[] }[] = [
  {
    id: '900000000000001',
    name: 'order_update',
    language: 'ja',
    components: [
      {
        type: 'BODY',
        text: '{{1}}様、ご注文（チケット {{2}}）の状況をご連絡いたします。',
        example: { body_text: [['山田', '1024']] },
      },
      { type: 'FOOTER', text: 'Switchboard デモ' },
    ],
  },
  {
    id: '900000000000002',
    name: 'follow_up',
    language: 'en',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Checking in' },
      {
        type: 'BODY',
        text: 'Hi {{1}}, this is {{2}} from support. Is there anything else we can help with?',
        example: { body_text: [['Aiko', 'Ken']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'All good' },
          { type: 'QUICK_REPLY', text: 'Yes, please' },
        ],
      },
    ],
  },
];

/** The LINE and WeChat customers' profiles, as LINE's "Get profile" and WeChat's user/info answer them. */
function seedProfiles(state: FakeProviderState, startedAt: number): void {
  for (const customer of ALL_DEMO_CUSTOMERS) {
    const picture = customer.avatar ? demoAvatar(customer.avatar) : null;
    if (customer.kind === 'line') {
      const path = picture ? setLinePicture(state, customer.key, picture.bytes, picture.mimeType) : null;
      setLineProfile(state, {
        userId: customer.key,
        displayName: customer.name,
        ...(path ? { pictureUrl: `${state.baseUrlFor('line')}${path}` } : {}),
        ...(customer.statusMessage ? { statusMessage: customer.statusMessage } : {}),
        ...(customer.language ? { language: customer.language } : {}),
      });
    }
    if (customer.kind === 'wechat') {
      const path = picture ? setWechatPicture(state, customer.key, picture.bytes, picture.mimeType) : null;
      const followedAt = 'startedAgoMs' in customer ? startedAt - Number(customer.startedAgoMs) : startedAt;
      setWechatUser(state, {
        openid: customer.key,
        nickname: customer.name,
        language: customer.language ?? 'zh_CN',
        headimgurl: path ? `${state.baseUrlFor('wechat')}${path}` : '',
        subscribeTime: Math.floor(followedAt / 1000),
      });
    }
  }
}

/** Starts the demo's fake provider with its accounts, customers' profiles and templates. */
export async function startDemoProvider(): Promise<FakeProvider> {
  const fake = await startFakeProvider({
    accounts: DEMO_ACCOUNTS,
    longPollHoldMs: LONG_POLL_HOLD_MS,
    // The demo runs for days and never inspects the calls.
    keepCalls: 0,
    idTag: String(Date.now()).slice(-9),
  });
  seedProfiles(fake.state, Date.now());
  addTwilioNumber(fake.state, DEMO_TWILIO_NUMBER);
  const templates = whatsappTemplatesOf(fake.state);
  for (const template of DEMO_TEMPLATES) templates.seed(DEMO_WABA_ID, { ...template, category: 'UTILITY' });
  return fake;
}

/** The demo channels' secrets, as far as the providers know them. */
export interface DemoChannelSecrets {
  readonly kind: string;
  readonly channelId: string;
  readonly credentials: Readonly<Record<string, unknown>>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * What the providers know once the demo channels exist: the WABA's number (its template messages are
 * checked against the WABA's templates) and where Meta posts its changes (the hub's webhook, signed with
 * the app secret); the LINE channel's webhook as its console shows it.
 */
export function connectDemoChannels(fake: FakeProvider, hubUrl: string, channels: readonly DemoChannelSecrets[]): void {
  for (const channel of channels) {
    if (channel.kind === 'whatsapp') {
      const templates = whatsappTemplatesOf(fake.state);
      templates.linkNumber(text(channel.credentials.phoneNumberId), DEMO_WABA_ID);
      templates.subscribe(DEMO_WABA_ID, {
        callbackUrl: `${hubUrl}/webhooks/${channel.channelId}`,
        appSecret: text(channel.credentials.appSecret),
      });
    }
    if (channel.kind === 'line') {
      // Channel health asks where LINE delivers and has it call there; the demo's LINE pushes come from the player.
      setLineWebhook(fake.state, text(channel.credentials.channelAccessToken), {
        endpoint: 'https://demo.switchboard.invalid/line-webhook',
      });
    }
  }
}

/**
 * What the demo customers say: two customers per channel kind, one writing in
 * Japanese and one in English, each with a short, realistic support story
 * including photos, videos, documents, voice notes and locations where the
 * provider carries them. Besides them: customers who wrote a day or two ago
 * (played once, backdated, so one WhatsApp window is closed and one WeChat
 * window is about to close) and one whose phone WhatsApp cannot reach.
 */
import type { ChannelKind } from '../../shared/domain.js';
import { HOUR_MS } from '../../shared/channel-rules.js';
import { demoPdf, demoPhoto, demoVideo, demoVoice, type DemoFile } from './demo-media.js';

export type DemoStep =
  | { readonly type: 'text'; readonly text: string }
  | {
      readonly type: 'photo' | 'video' | 'document' | 'voice';
      readonly caption: string | null;
      readonly file: DemoFile;
    }
  | {
      readonly type: 'location';
      readonly latitude: number;
      readonly longitude: number;
      readonly name: string;
      readonly address: string;
    }
  /** A follow / subscribe event (LINE, WeChat) before the first message. */
  | { readonly type: 'follow' };

export interface DemoCustomer {
  readonly kind: ChannelKind;
  /** Unique per kind; becomes the provider's sender id. */
  readonly key: string;
  /** The name the provider gives: in the webhook (WhatsApp, Twilio, Telegram) or its profile API (LINE, WeChat). */
  readonly name: string;
  /** LINE and WeChat profiles: the language the customer's app is set to. */
  readonly language?: string;
  /** The LINE profile's status message. */
  readonly statusMessage?: string;
  /** The customer's profile picture colour (LINE, WeChat). */
  readonly avatar?: readonly [number, number, number];
  /** The demo's WhatsApp answers every message to this customer with error 131026 (undeliverable). */
  readonly undeliverable?: boolean;
  readonly steps: readonly DemoStep[];
}

/** A customer whose story was told in the past: the first step this long ago, then one step every few minutes. */
export interface PastDemoCustomer extends DemoCustomer {
  readonly startedAgoMs: number;
}

/** Time between the steps of a past customer's story. */
export const PAST_STEP_GAP_MS = 3 * 60 * 1000;

const text = (t: string): DemoStep => ({ type: 'text', text: t });

const RECEIPT = demoPdf(
  ['Receipt #A-10482', 'Wireless earbuds x1   JPY 12,800', 'Paid 2025-01-12 by card'],
  'receipt-A-10482.pdf',
);
const RYOSHUSHO = demoPdf(
  ['Invoice No. 2025-0113', 'Rice cooker RC-500 x1   JPY 24,200', 'Thank you for your order'],
  'invoice-2025-0113.pdf',
);
const DENTED_BOX = demoPhoto([190, 140, 80], 'dented-box.png');
const WRONG_COLOUR = demoPhoto([40, 120, 200], 'wrong-colour.png');
const BROKEN_LID = demoPhoto([220, 60, 60], 'broken-lid.png');
const VOICE = demoVoice('voice-note.wav');
const CLICKING_NOISE = demoVideo([230, 230, 235], 'rice-cooker-noise.mp4');
const PARCEL_VIDEO = demoVideo([190, 140, 80], 'parcel-arrived.mp4');

export const DEMO_CUSTOMERS: readonly DemoCustomer[] = [
  {
    kind: 'whatsapp',
    key: '819012345001',
    name: '山田 太郎',
    steps: [
      text('こんにちは。昨日届いた炊飯器の蓋が割れていました。'),
      { type: 'photo', caption: '届いたときの状態です', file: BROKEN_LID },
      text('交換していただけますか？注文番号は 2025-0113 です。'),
      { type: 'document', caption: '請求書を添付します', file: RYOSHUSHO },
    ],
  },
  {
    kind: 'whatsapp',
    key: '447700900123',
    name: 'Emily Clarke',
    steps: [
      text('Hi! My earbuds arrived but the left one will not charge.'),
      { type: 'voice', caption: null, file: VOICE },
      text('I already tried another cable. Can I get a replacement?'),
      { type: 'document', caption: 'Here is my receipt', file: RECEIPT },
    ],
  },
  {
    kind: 'twilio',
    key: '+818055550142',
    name: '佐々木 美咲',
    steps: [
      text('配送状況を確認したいです。まだ届いていません。'),
      { type: 'location', latitude: 35.6595, longitude: 139.7005, name: '渋谷駅', address: '東京都渋谷区道玄坂1丁目' },
      text('この住所の近くで受け取れますか？'),
    ],
  },
  {
    kind: 'twilio',
    key: '+14155550199',
    name: 'Carlos Mendes',
    steps: [
      text('Hello, I was charged twice for order #A-10482.'),
      { type: 'photo', caption: 'Screenshot of my bank statement', file: WRONG_COLOUR },
      text('Could you refund the duplicate charge please?'),
    ],
  },
  {
    kind: 'telegram',
    key: '501234567',
    name: '鈴木 一郎',
    steps: [
      text('すみません、パスワードをリセットできません。'),
      text('メールが届かないのですが、迷惑メールフォルダにもありません。'),
      { type: 'photo', caption: 'エラー画面です', file: WRONG_COLOUR },
    ],
  },
  {
    kind: 'telegram',
    key: '502345678',
    name: 'Priya Nair',
    steps: [
      text('Hi, is the rice cooker RC-500 compatible with 110 V?'),
      text('I am moving to the US next month.'),
      { type: 'document', caption: 'The manual page I found', file: RYOSHUSHO },
    ],
  },
  {
    kind: 'line',
    key: 'U4af4980629e3f1a6b0c4e6f2d7a1b2c3',
    name: '高橋 さくら',
    language: 'ja',
    statusMessage: '週末は料理の日 🍳',
    avatar: [240, 150, 170],
    steps: [
      { type: 'follow' },
      text('友だち追加しました！クーポンはどこで使えますか？'),
      { type: 'photo', caption: null, file: DENTED_BOX },
      text('箱がへこんでいましたが、中身は大丈夫そうです。'),
    ],
  },
  {
    kind: 'line',
    key: 'U9bd2e8f1c0a74d3b8e6f5a4c3b2a1908',
    name: 'Tom Becker',
    language: 'en',
    avatar: [90, 160, 110],
    steps: [
      { type: 'follow' },
      text('Hello! Do you ship to Germany?'),
      { type: 'location', latitude: 52.52, longitude: 13.405, name: 'Berlin', address: 'Alexanderplatz, Berlin' },
      { type: 'video', caption: null, file: PARCEL_VIDEO },
      text('That is how my last parcel from you arrived, a bit squashed.'),
    ],
  },
  {
    kind: 'wechat',
    key: 'oDemo_Wang_Fang_0001',
    name: '王 芳',
    language: 'zh_CN',
    avatar: [230, 120, 60],
    steps: [
      { type: 'follow' },
      text('你好，请问这个电饭煲有中文说明书吗？'),
      { type: 'photo', caption: null, file: BROKEN_LID },
      text('盖子好像有点问题，可以换货吗？'),
    ],
  },
  {
    kind: 'wechat',
    key: 'oDemo_Kenji_Ito_0002',
    name: '伊藤 健二',
    language: 'ja',
    avatar: [70, 110, 200],
    steps: [{ type: 'follow' }, text('日本への発送は可能ですか？'), text('送料も教えてください。')],
  },
  {
    kind: 'whatsapp',
    key: '819011112222',
    name: '小林 直樹',
    undeliverable: true,
    steps: [
      text('注文したイヤホンのお届け先を変更したいです。'),
      { type: 'location', latitude: 34.7025, longitude: 135.4959, name: '梅田', address: '大阪府大阪市北区梅田3丁目' },
      text('こちらの住所に届けてもらえますか？'),
    ],
  },
];

/**
 * Customers who wrote before the demo started. Olivia's last WhatsApp message is over a day old, so her
 * window is closed and only a template can reach her; 李 伟's WeChat window has under an hour left.
 */
export const PAST_DEMO_CUSTOMERS: readonly PastDemoCustomer[] = [
  {
    kind: 'whatsapp',
    key: '447700900456',
    name: 'Olivia Bennett',
    startedAgoMs: 27 * HOUR_MS,
    steps: [
      text('Hi, my new rice cooker makes a clicking noise while it heats up.'),
      { type: 'video', caption: 'This is the noise', file: CLICKING_NOISE },
      text('Is this normal? I can send it back if not.'),
    ],
  },
  {
    kind: 'wechat',
    key: 'oDemo_Li_Wei_0003',
    name: '李 伟',
    language: 'zh_CN',
    avatar: [150, 90, 200],
    startedAgoMs: 47 * HOUR_MS + 15 * 60 * 1000,
    steps: [
      { type: 'follow' },
      text('你好，我上周买的耳机左边没有声音。'),
      { type: 'photo', caption: null, file: WRONG_COLOUR },
      text('请尽快回复，谢谢！'),
    ],
  },
];

/** Every demo customer, live and past (the demo provider's profile API knows them all). */
export const ALL_DEMO_CUSTOMERS: readonly DemoCustomer[] = [...DEMO_CUSTOMERS, ...PAST_DEMO_CUSTOMERS];

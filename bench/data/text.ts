/**
 * Deterministic message text for the benchmarks: English and Japanese
 * support-chat sentences and phone numbers, from a seeded PRNG so every run
 * (and the baseline beside it) sees the same words.
 */

/** mulberry32: small, fast and good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ENGLISH = [
  'order',
  'delivery',
  'refund',
  'invoice',
  'account',
  'password',
  'shipping',
  'package',
  'tracking',
  'number',
  'please',
  'thanks',
  'hello',
  'today',
  'tomorrow',
  'address',
  'payment',
  'card',
  'subscription',
  'cancel',
  'return',
  'exchange',
  'size',
  'color',
  'broken',
  'missing',
  'late',
  'store',
  'coupon',
  'discount',
  'support',
  'question',
  'help',
  'receipt',
  'warranty',
  'battery',
  'screen',
  'update',
  'login',
  'email',
  'phone',
  'reservation',
];

const JAPANESE = [
  '注文',
  '配送',
  '返品',
  '交換',
  '請求書',
  '確認',
  '住所',
  '変更',
  'お問い合わせ',
  'ありがとうございます',
  '申し訳ございません',
  'キャンセル',
  '予約',
  '在庫',
  '発送',
  '到着',
  '支払い',
  'クーポン',
  '割引',
  '保証',
  '修理',
  '電池',
  '画面',
  'パスワード',
  'ログイン',
  '会員',
  '登録',
  '領収書',
  '商品',
  'サイズ',
  '色',
  '破損',
  '不足',
  '遅延',
  '店舗',
  '本日',
  '明日',
  'お願いします',
];

const JAPANESE_JOINERS = ['の', 'を', 'が', 'に', 'は', 'で', 'と'];

export type TextRandom = () => number;

function pick<T>(random: TextRandom, list: readonly T[]): T {
  const item = list[Math.floor(random() * list.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A Japanese mobile number in international form, digits only ("819012345678"). */
export function phoneDigitsFor(n: number): string {
  return `8190${String(10_000_000 + (n % 90_000_000)).padStart(8, '0')}`;
}

/** How a customer or agent would type it: "+81 90-1234-5678". */
export function formattedPhone(digits: string): string {
  return `+${digits.slice(0, 2)} ${digits.slice(2, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}`;
}

function englishSentence(random: TextRandom): string {
  const words = Array.from({ length: 6 + Math.floor(random() * 10) }, () => pick(random, ENGLISH));
  return `${words.join(' ')}.`;
}

function japaneseSentence(random: TextRandom): string {
  const parts: string[] = [];
  const count = 3 + Math.floor(random() * 5);
  for (let i = 0; i < count; i += 1) parts.push(pick(random, JAPANESE), pick(random, JAPANESE_JOINERS));
  return `${parts.join('')}。`;
}

/** One message: mostly one language, sometimes mixed, now and then with an order or phone number. */
export function messageText(random: TextRandom, n: number): string {
  const roll = random();
  const body =
    roll < 0.45
      ? englishSentence(random)
      : roll < 0.9
        ? japaneseSentence(random)
        : `${japaneseSentence(random)} ${englishSentence(random)}`;
  if (random() < 0.05) return `${body} ${formattedPhone(phoneDigitsFor(n))}`;
  if (random() < 0.1) return `${body} #${100_000 + (n % 900_000)}`;
  return body;
}

/** Contact names: Latin or Japanese. */
export function contactName(random: TextRandom, n: number): string {
  const family = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', 'Smith', 'Garcia', 'Chen', 'Kim'];
  const given = ['花子', '太郎', '美咲', '健', 'Anna', 'John', 'Maria', 'Wei', 'Yuki', 'Ken', 'Sara', 'Leo'];
  return `${pick(random, family)} ${pick(random, given)} ${n % 1000}`;
}

/** The queries of the search figure: two CJK characters, an English word, a phone number. */
export const SEARCH_QUERIES = [
  { label: '2 CJK characters', query: '配送' },
  { label: 'English word', query: 'refund' },
  { label: 'phone number', query: formattedPhone(phoneDigitsFor(42)) },
] as const;

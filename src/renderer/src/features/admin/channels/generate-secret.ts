/**
 * Values an admin invents for a provider (a webhook verify token, a Telegram
 * secret token, a WeChat server Token or EncodingAESKey), made from the
 * platform's cryptographic random source, never Math.random.
 */

const LETTERS_AND_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `length` characters of `alphabet`, each chosen without bias: random bytes at or past the largest
 * multiple of the alphabet's size are drawn again.
 */
export function randomString(length: number, alphabet: string = LETTERS_AND_DIGITS): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length] ?? '';
    }
  }
  return out;
}

/** Telegram's secret_token: 1–256 of A-Z a-z 0-9 _ - (Bot API, setWebhook). */
export function telegramSecretToken(): string {
  return randomString(48, `${LETTERS_AND_DIGITS}_-`);
}

/** Meta's verify token is any string we choose; letters and digits paste cleanly anywhere. */
export function verifyToken(): string {
  return randomString(32);
}

/** WeChat's server Token: 3–32 letters or digits. */
export function wechatToken(): string {
  return randomString(32);
}

/** WeChat's EncodingAESKey: the base64 of a 32-byte AES key without its trailing "=", 43 characters. */
export function encodingAesKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, '');
}

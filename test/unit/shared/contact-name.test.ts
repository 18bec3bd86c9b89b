import { describe, expect, it } from 'vitest';
import { contactDisplayName, displayNameOfString } from '../../../src/shared/contact-name.js';

const lineId = 'U4af4e2c1d0b9a8f7e6d5c4b3a2f14af4';

function contact(name: string, externalId: string, phone: string | null = null) {
  return { name, identity: { externalId, phone } };
}

describe('contactDisplayName', () => {
  it('a LINE or WeChat customer known only by id reads as the kind and the last four characters', () => {
    expect(contactDisplayName(contact(lineId, lineId), 'line', 'en')).toBe('LINE user · 4af4');
    expect(contactDisplayName(contact(lineId, lineId), 'line', 'ja')).toBe('LINE ユーザー · 4af4');
    expect(contactDisplayName(contact('', 'oAbCdEfGhIjKlMnOpQrStUv9x2Yz'), 'wechat', 'ja')).toBe(
      'WeChat ユーザー · x2Yz',
    );
  });

  it('a real name is shown as it is, a phone number before any fallback', () => {
    expect(contactDisplayName(contact('佐藤 花子', lineId), 'line', 'ja')).toBe('佐藤 花子');
    expect(contactDisplayName(contact('', '819012345678', '+819012345678'), 'whatsapp', 'en')).toBe('+819012345678');
  });

  it('search hits, which carry only the name, get the same fallback', () => {
    expect(displayNameOfString(lineId, 'line', 'en')).toBe('LINE user · 4af4');
    expect(displayNameOfString('Olivia', 'telegram', 'en')).toBe('Olivia');
  });
});

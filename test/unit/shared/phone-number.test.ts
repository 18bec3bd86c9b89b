import { describe, expect, it } from 'vitest';
import { normalizePhoneNumber, PHONE_COUNTRIES, twilioWhatsappAddress } from '../../../src/shared/phone-number.js';

const digitsOf = (typed: string, country?: string): string | null => {
  const result = normalizePhoneNumber(typed, country);
  return result.ok ? result.digits : null;
};

describe('phone numbers an agent types become a WhatsApp wa_id', () => {
  it('a Japanese mobile number with its national 0 and dashes becomes 81 and the number', () => {
    expect(digitsOf('090-1234-5678', 'JP')).toBe('819012345678');
  });

  it('the same number typed internationally, with 00, with 010 from Japan or without the plus is the same wa_id', () => {
    for (const typed of [
      '+81 90 1234 5678',
      '+81-90-1234-5678',
      '0081 90 1234 5678',
      '010 81 90 1234 5678',
      '81 90 1234 5678',
    ])
      expect(digitsOf(typed, 'JP'), typed).toBe('819012345678');
  });

  it('spaces, dots, parentheses, Japanese dashes and full-width digits are separators only', () => {
    expect(digitsOf('(090) 1234.5678', 'JP')).toBe('819012345678');
    expect(digitsOf('０９０ー１２３４ー５６７８', 'JP')).toBe('819012345678');
    expect(digitsOf('＋８１ ９０ １２３４ ５６７８')).toBe('819012345678');
  });

  it('a number with its country code needs no channel country; a national one does', () => {
    expect(digitsOf('+44 7700 900123')).toBe('447700900123');
    expect(normalizePhoneNumber('090-1234-5678')).toEqual({ ok: false, problem: 'country-needed' });
  });

  it('national numbers of other countries use their own trunk prefix', () => {
    expect(digitsOf('07700 900123', 'GB')).toBe('447700900123');
    expect(digitsOf('(415) 555-0100', 'US')).toBe('14155550100');
    expect(digitsOf('1 415 555 0100', 'US')).toBe('14155550100');
    expect(digitsOf('011 81 90 1234 5678', 'US')).toBe('819012345678');
  });

  it('what cannot be a phone number is refused with the reason', () => {
    expect(normalizePhoneNumber('  - ', 'JP')).toEqual({ ok: false, problem: 'empty' });
    expect(normalizePhoneNumber('090-1234-abcd', 'JP')).toEqual({ ok: false, problem: 'characters' });
    expect(normalizePhoneNumber('+81 90 12', 'JP')).toEqual({ ok: false, problem: 'length' });
    expect(normalizePhoneNumber('090-1234-5678-9999', 'JP')).toEqual({ ok: false, problem: 'length' });
    expect(normalizePhoneNumber('+1234567890123456')).toEqual({ ok: false, problem: 'length' });
    expect(normalizePhoneNumber('+0 90 1234 5678')).toEqual({ ok: false, problem: 'length' });
    expect(normalizePhoneNumber('12+34', 'JP')).toEqual({ ok: false, problem: 'characters' });
  });

  it('Twilio addresses the same number as whatsapp:+ and the digits', () => {
    expect(twilioWhatsappAddress('819012345678')).toBe('whatsapp:+819012345678');
  });

  it('the admin console offers the countries the table knows, Japan among them', () => {
    expect(PHONE_COUNTRIES).toContain('JP');
    expect(PHONE_COUNTRIES.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });
});

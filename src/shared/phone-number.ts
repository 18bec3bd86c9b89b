/**
 * Phone numbers as an agent types them, turned into the digits WhatsApp calls a `wa_id` (country code and
 * national number, no '+': 819012345678) before they name a customer (docs/lifecycle.md, "Writing first").
 * Spaces, dashes, dots and parentheses go; a leading '+' or an international call prefix (00, and the
 * country's own: 010 from Japan, 011 from North America) marks a number with its country code; anything
 * else is a national number of the channel's country (ChannelSettings.country), its trunk prefix (the
 * leading 0 in Japan) dropped. Used by the hub, which decides, and by the dialog, which shows the same
 * answer as the agent types.
 *
 * A small table rather than libphonenumber-js: WhatsApp needs the digits, not a carrier-grade check, and
 * the table's lengths (ITU-T E.164 and each country's national numbering plan) refuse what cannot be a
 * number. A country missing from the table still works with numbers typed with their country code.
 */

/** E.164: at most 15 digits with the country code; shorter than 8 is no mobile number anywhere. */
const E164_MAX_DIGITS = 15;
const E164_MIN_DIGITS = 8;

interface CountryPlan {
  /** Country calling code (ITU-T E.164 assignment). */
  readonly callingCode: string;
  /** The trunk prefix a national number starts with, dropped in the international form; null when none. */
  readonly trunkPrefix: string | null;
  /** The country's own international call prefix besides 00 (010 in Japan, 011 in North America). */
  readonly internationalPrefix: string;
  /** Digits of the national significant number (without trunk prefix), shortest and longest. */
  readonly nationalDigits: readonly [number, number];
}

const PLANS: Readonly<Record<string, CountryPlan>> = {
  JP: { callingCode: '81', trunkPrefix: '0', internationalPrefix: '010', nationalDigits: [9, 10] },
  US: { callingCode: '1', trunkPrefix: '1', internationalPrefix: '011', nationalDigits: [10, 10] },
  CA: { callingCode: '1', trunkPrefix: '1', internationalPrefix: '011', nationalDigits: [10, 10] },
  GB: { callingCode: '44', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [9, 10] },
  DE: { callingCode: '49', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [6, 13] },
  FR: { callingCode: '33', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [9, 9] },
  ES: { callingCode: '34', trunkPrefix: null, internationalPrefix: '00', nationalDigits: [9, 9] },
  // Italy keeps the leading 0 of landlines in the international form: it is no trunk prefix.
  IT: { callingCode: '39', trunkPrefix: null, internationalPrefix: '00', nationalDigits: [6, 11] },
  NL: { callingCode: '31', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [9, 9] },
  BR: { callingCode: '55', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [10, 11] },
  MX: { callingCode: '52', trunkPrefix: null, internationalPrefix: '00', nationalDigits: [10, 10] },
  IN: { callingCode: '91', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [10, 10] },
  ID: { callingCode: '62', trunkPrefix: '0', internationalPrefix: '001', nationalDigits: [8, 12] },
  PH: { callingCode: '63', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [9, 10] },
  TH: { callingCode: '66', trunkPrefix: '0', internationalPrefix: '001', nationalDigits: [8, 9] },
  VN: { callingCode: '84', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [9, 10] },
  KR: { callingCode: '82', trunkPrefix: '0', internationalPrefix: '001', nationalDigits: [8, 10] },
  CN: { callingCode: '86', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [10, 11] },
  TW: { callingCode: '886', trunkPrefix: '0', internationalPrefix: '002', nationalDigits: [8, 9] },
  HK: { callingCode: '852', trunkPrefix: null, internationalPrefix: '001', nationalDigits: [8, 8] },
  SG: { callingCode: '65', trunkPrefix: null, internationalPrefix: '000', nationalDigits: [8, 8] },
  MY: { callingCode: '60', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [8, 10] },
  AU: { callingCode: '61', trunkPrefix: '0', internationalPrefix: '0011', nationalDigits: [9, 9] },
  NZ: { callingCode: '64', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [8, 10] },
  AE: { callingCode: '971', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [8, 9] },
  ZA: { callingCode: '27', trunkPrefix: '0', internationalPrefix: '00', nationalDigits: [9, 9] },
  PT: { callingCode: '351', trunkPrefix: null, internationalPrefix: '00', nationalDigits: [9, 9] },
};

/** The countries a channel's national numbers may belong to (the admin console's choice), by ISO 3166-1 alpha-2. */
export const PHONE_COUNTRIES: readonly string[] = Object.keys(PLANS).sort();

export type PhoneNumberProblem =
  /** Nothing but separators was typed. */
  | 'empty'
  /** A letter or another sign that no phone number has. */
  | 'characters'
  /** A national number, and the channel has no country (or one the table does not know). */
  | 'country-needed'
  /** Too short or too long for the country, or for any number. */
  | 'length';

export type PhoneNumberResult =
  { readonly ok: true; readonly digits: string } | { readonly ok: false; readonly problem: PhoneNumberProblem };

/** Separators people type between digit groups: space, hyphens and dashes (ASCII and Japanese), dot, parentheses. */
const SEPARATORS = /[\s\-.()\u2010-\u2015\u2212\u30fc\uff0d]/g;

function checkedLength(digits: string, plan: CountryPlan | undefined): PhoneNumberResult {
  if (digits.length < E164_MIN_DIGITS || digits.length > E164_MAX_DIGITS) return { ok: false, problem: 'length' };
  if (plan) {
    const national = digits.length - plan.callingCode.length;
    const [min, max] = plan.nationalDigits;
    if (national < min || national > max) return { ok: false, problem: 'length' };
  }
  return { ok: true, digits };
}

/** The plan whose calling code starts these digits (the longest code wins: 886 before 88…). */
function planOfInternational(digits: string): CountryPlan | undefined {
  let best: CountryPlan | undefined;
  for (const plan of Object.values(PLANS)) {
    if (digits.startsWith(plan.callingCode) && plan.callingCode.length > (best?.callingCode.length ?? 0)) best = plan;
  }
  return best;
}

function international(digits: string): PhoneNumberResult {
  if (digits.startsWith('0')) return { ok: false, problem: 'length' };
  return checkedLength(digits, planOfInternational(digits));
}

/**
 * The wa_id digits of a typed number, or why it is none. `country` is the channel's (ISO alpha-2); it is
 * needed only for a national number.
 */
export function normalizePhoneNumber(typed: string, country?: string): PhoneNumberResult {
  // Full-width digits and plus signs (０９０, ＋81) are the same characters to the customer.
  const compact = typed.normalize('NFKC').replace(SEPARATORS, '');
  if (compact === '') return { ok: false, problem: 'empty' };
  if (!/^\+?\d+$/.test(compact)) return { ok: false, problem: 'characters' };
  if (compact.startsWith('+')) return international(compact.slice(1));
  const plan = country === undefined ? undefined : PLANS[country.toUpperCase()];
  if (plan && plan.internationalPrefix !== '00' && compact.startsWith(plan.internationalPrefix)) {
    return international(compact.slice(plan.internationalPrefix.length));
  }
  if (compact.startsWith('00')) return international(compact.slice(2));
  if (!plan) return { ok: false, problem: 'country-needed' };
  const national =
    plan.trunkPrefix !== null && compact.startsWith(plan.trunkPrefix)
      ? compact.slice(plan.trunkPrefix.length)
      : compact;
  // A national number typed with its country code but no '+' (81 90 1234 5678) is the same number.
  if (national.length > plan.nationalDigits[1] && national.startsWith(plan.callingCode)) {
    return checkedLength(national, plan);
  }
  return checkedLength(plan.callingCode + national, plan);
}

/** How Twilio names a WhatsApp address (`whatsapp:+819012345678`), from wa_id digits. */
export function twilioWhatsappAddress(digits: string): string {
  return `whatsapp:+${digits}`;
}

/** A readable form for screens: '+' and the digits (no grouping: that needs each country's plan). */
export function displayPhoneNumber(digits: string): string {
  return `+${digits}`;
}

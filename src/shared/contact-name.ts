/**
 * The name an agent sees for a contact (issue 13 §3), everywhere one is shown: inbox rows, the
 * conversation header, the contact panel, notifications, search results and transcripts. A contact
 * without a name — a LINE or WeChat customer the provider gave no profile for, whose only name is the
 * provider's 33- or 28-character id — reads "LINE user · 4af4" / 「LINE ユーザー · 4af4」: the kind and
 * the last four characters of the id, so two such customers can still be told apart.
 */
import type { ChannelKind, Contact } from './domain.js';
import type { PreviewLanguage } from './preview-words.js';

const KIND_NAME: Readonly<Record<ChannelKind, string>> = {
  whatsapp: 'WhatsApp',
  twilio: 'WhatsApp',
  telegram: 'Telegram',
  line: 'LINE',
  wechat: 'WeChat',
};

const USER_WORD: Readonly<Record<PreviewLanguage, string>> = { en: 'user', ja: 'ユーザー' };

/** Kinds whose sender id is an opaque token no agent can read (LINE userId, WeChat openid). */
const OPAQUE_IDS: ReadonlySet<ChannelKind> = new Set(['line', 'wechat']);

/** "LINE user · 4af4" / "LINE ユーザー · 4af4". */
export function fallbackContactName(kind: ChannelKind, externalId: string, lang: PreviewLanguage): string {
  const tail = externalId.slice(-4);
  const words = `${KIND_NAME[kind]} ${USER_WORD[lang]}`;
  return tail === '' ? words : `${words} · ${tail}`;
}

/** The contact's name, or the readable fallback when it has none (or only the provider's opaque id). */
export function contactDisplayName(
  contact: { readonly name: string; readonly identity: Pick<Contact['identity'], 'externalId' | 'phone'> },
  kind: ChannelKind,
  lang: PreviewLanguage,
): string {
  const name = contact.name.trim();
  const { externalId, phone } = contact.identity;
  if (name !== '' && !(OPAQUE_IDS.has(kind) && name === externalId)) return name;
  if (phone) return phone;
  if (!OPAQUE_IDS.has(kind) && externalId !== '') return name || externalId;
  return fallbackContactName(kind, externalId, lang);
}

/** A name that arrived as a bare string (search hits): an opaque id there becomes the fallback too. */
export function displayNameOfString(name: string, kind: ChannelKind, lang: PreviewLanguage): string {
  return contactDisplayName({ name, identity: { externalId: name, phone: null } }, kind, lang);
}

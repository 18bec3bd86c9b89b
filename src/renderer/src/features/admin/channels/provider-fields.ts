/**
 * The credentials each provider needs, as the hub's adapters read them
 * (src/hub/channels/<kind>/credentials.ts), each with where in the provider's
 * console it is found. Values the admin invents are generated here.
 */
import type { ChannelKind } from '../../../../../shared/domain.js';
import type { MessageKey } from '../../../i18n/en.js';
import { encodingAesKey, telegramSecretToken, verifyToken, wechatToken } from './generate-secret.js';

export interface CredentialField {
  /** The credential's key in the hub's schema. */
  readonly name: string;
  readonly label: MessageKey;
  /** Where the value is found in the provider's console (or what to do with a generated one). */
  readonly hint: MessageKey;
  readonly required: boolean;
  /** Shown as dots: a token or secret someone could use. */
  readonly secret: boolean;
  /** The admin invents it: a fresh value is offered, and "generate again" replaces it. */
  readonly generate?: () => string;
  readonly placeholder?: string;
}

function field(
  name: string,
  label: MessageKey,
  hint: MessageKey,
  options: Partial<Pick<CredentialField, 'required' | 'secret' | 'generate' | 'placeholder'>> = {},
): CredentialField {
  return { name, label, hint, required: options.required ?? true, secret: options.secret ?? false, ...options };
}

const FIELDS: Readonly<Record<ChannelKind, readonly CredentialField[]>> = {
  whatsapp: [
    field('phoneNumberId', 'channels.field.whatsapp.phoneNumberId', 'channels.hint.whatsapp.phoneNumberId', {
      placeholder: '106540352242922',
    }),
    field('wabaId', 'channels.field.whatsapp.wabaId', 'channels.hint.whatsapp.wabaId', { required: false }),
    field('accessToken', 'channels.field.whatsapp.accessToken', 'channels.hint.whatsapp.accessToken', {
      secret: true,
    }),
    field('appSecret', 'channels.field.whatsapp.appSecret', 'channels.hint.whatsapp.appSecret', { secret: true }),
    field('verifyToken', 'channels.field.whatsapp.verifyToken', 'channels.hint.whatsapp.verifyToken', {
      generate: verifyToken,
    }),
    field(
      'displayPhoneNumber',
      'channels.field.whatsapp.displayPhoneNumber',
      'channels.hint.whatsapp.displayPhoneNumber',
      { required: false, placeholder: '819012345678' },
    ),
    field('appId', 'channels.field.whatsapp.appId', 'channels.hint.whatsapp.appId', { required: false }),
  ],
  twilio: [
    field('accountSid', 'channels.field.twilio.accountSid', 'channels.hint.twilio.accountSid', {
      placeholder: 'AC…',
    }),
    field('authToken', 'channels.field.twilio.authToken', 'channels.hint.twilio.authToken', { secret: true }),
    field('from', 'channels.field.twilio.from', 'channels.hint.twilio.from', { placeholder: 'whatsapp:+14155238886' }),
  ],
  telegram: [
    field('botToken', 'channels.field.telegram.botToken', 'channels.hint.telegram.botToken', {
      secret: true,
      placeholder: '123456789:AAE…',
    }),
    field('secretToken', 'channels.field.telegram.secretToken', 'channels.hint.telegram.secretToken', {
      generate: telegramSecretToken,
    }),
  ],
  line: [
    field('channelId', 'channels.field.line.channelId', 'channels.hint.line.channelId', { placeholder: '1234567890' }),
    field('channelSecret', 'channels.field.line.channelSecret', 'channels.hint.line.channelSecret', { secret: true }),
    field('channelAccessToken', 'channels.field.line.channelAccessToken', 'channels.hint.line.channelAccessToken', {
      secret: true,
    }),
  ],
  wechat: [
    field('appId', 'channels.field.wechat.appId', 'channels.hint.wechat.appId', { placeholder: 'wx…' }),
    field('appSecret', 'channels.field.wechat.appSecret', 'channels.hint.wechat.appSecret', { secret: true }),
    field('token', 'channels.field.wechat.token', 'channels.hint.wechat.token', { generate: wechatToken }),
    field('encodingAESKey', 'channels.field.wechat.encodingAESKey', 'channels.hint.wechat.encodingAESKey', {
      required: false,
      generate: encodingAesKey,
    }),
  ],
};

export function credentialFields(kind: ChannelKind): CredentialField[] {
  return [...FIELDS[kind]];
}

/** A new form's values: generated ones filled, the rest empty. */
export function initialValues(kind: ChannelKind): Record<string, string> {
  return Object.fromEntries(credentialFields(kind).map((f) => [f.name, f.generate ? f.generate() : '']));
}

/** What is sent to the hub: trimmed, empty optional fields left out (the adapters' schemas treat them as absent). */
export function credentialsOf(kind: ChannelKind, values: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of credentialFields(kind)) {
    const value = (values[f.name] ?? '').trim();
    if (value !== '') out[f.name] = value;
  }
  return out;
}

/** Every required field has a value. */
export function isComplete(kind: ChannelKind, values: Readonly<Record<string, string>>): boolean {
  return credentialFields(kind).every((f) => !f.required || (values[f.name] ?? '').trim() !== '');
}

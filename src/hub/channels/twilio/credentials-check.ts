/**
 * Verifying Twilio credentials before saving:
 * `GET /2010-04-01/Accounts/{AccountSid}.json` with basic auth answers the
 * account's friendly name, status (active, suspended, closed) and type; a
 * wrong auth token answers 401 with code 20003. The sender is looked up in
 * `IncomingPhoneNumbers.json?PhoneNumber=+…`. WhatsApp senders registered
 * through Twilio's Senders API, and the shared sandbox number, are not listed
 * there, so a sender not found is reported as "not checked", not refused.
 */
import { z } from 'zod';
import { providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { retryAfterMs } from '../provider-http.js';
import { refused, refusedBy, verified } from '../verify-outcome.js';
import type { AdapterContext, ProviderFailure, VerifyOutcome } from '../types.js';
import { basicAuth, twilioBase, TWILIO_API_VERSION, WHATSAPP_PREFIX, type TwilioCredentials } from './credentials.js';
import { mapTwilioError } from './errors.js';
import { TwilioErrorBody } from './send.js';

const Account = z.looseObject({
  sid: z.string(),
  friendly_name: z.string(),
  status: z.string(),
  type: z.string().optional(),
});
const IncomingNumbers = z.looseObject({
  incoming_phone_numbers: z.array(z.looseObject({ phone_number: z.string(), friendly_name: z.string().optional() })),
});

const SENDER_NOT_LISTED =
  'not checked: not among the account’s phone numbers (WhatsApp senders of the Senders API and the sandbox are not listed there)';

type Fetched = { ok: true; body: unknown } | { ok: false; failure: ProviderFailure };

async function getTwilio(credentials: TwilioCredentials, ctx: AdapterContext, path: string): Promise<Fetched> {
  try {
    const url = `${twilioBase(credentials)}/${TWILIO_API_VERSION}/Accounts/${credentials.accountSid}${path}`;
    const res = await providerFetch(ctx, url, { method: 'GET', headers: { authorization: basicAuth(credentials) } });
    const body = await readJsonBody(res);
    if (res.ok) return { ok: true, body };
    const error = TwilioErrorBody.safeParse(body);
    const code = error.success ? (error.data.code ?? null) : null;
    const message = error.success ? (error.data.message ?? null) : res.statusText;
    const retryAfter = retryAfterMs(res.headers.get('retry-after'), ctx.now());
    const failure = mapTwilioError(code, message, res.status, retryAfter);
    return { ok: false, failure: { ...failure, providerError: `${res.status} ${failure.providerError}` } };
  } catch (err) {
    return { ok: false, failure: unreachableFailure(err) };
  }
}

async function senderStatus(credentials: TwilioCredentials, ctx: AdapterContext): Promise<string> {
  const number = credentials.from.slice(WHATSAPP_PREFIX.length);
  const answer = await getTwilio(
    credentials,
    ctx,
    `/IncomingPhoneNumbers.json?${new URLSearchParams({ PhoneNumber: number }).toString()}`,
  );
  if (!answer.ok) return `not checked: ${answer.failure.providerError}`;
  const list = IncomingNumbers.safeParse(answer.body);
  if (!list.success) return 'not checked: unexpected IncomingPhoneNumbers answer';
  return list.data.incoming_phone_numbers.some((n) => n.phone_number === number)
    ? 'a phone number of this account'
    : SENDER_NOT_LISTED;
}

export async function verifyTwilioCredentials(
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<VerifyOutcome> {
  const answer = await getTwilio(credentials, ctx, '.json');
  if (!answer.ok) return refusedBy('Twilio', answer.failure);
  const account = Account.safeParse(answer.body);
  if (!account.success) return refused('Twilio', 'PROVIDER_REJECTED', 'unexpected Accounts answer');
  if (account.data.status !== 'active') {
    return refused('Twilio', 'PROVIDER_AUTH_FAILED', `the account is ${account.data.status}`);
  }
  return verified(account.data.friendly_name, {
    accountSid: account.data.sid,
    friendlyName: account.data.friendly_name,
    status: account.data.status,
    type: account.data.type,
    sender: credentials.from,
    senderStatus: await senderStatus(credentials, ctx),
  });
}

/**
 * Outbound WhatsApp messages through Twilio's Messages API:
 * `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, basic
 * auth, `whatsapp:` addresses. Media goes by URL (`MediaUrl`, one per
 * WhatsApp message), so Twilio must be able to fetch the hub's media URL.
 * Templates are Content API templates (`ContentSid` HX… + `ContentVariables`);
 * a template whose name is not a Content SID is sent as its rendered body,
 * which Twilio matches against the approved WhatsApp template.
 */
import { z } from 'zod';
import { providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { partialFailure, refusal, refusedSend } from '../provider-codes.js';
import { retryAfterMs } from '../provider-http.js';
import type { AdapterContext, OutboundMessage, ProviderFailure, SendResult } from '../types.js';
import { basicAuth, toWhatsappAddress, twilioBase, TWILIO_API_VERSION, type TwilioCredentials } from './credentials.js';
import { mapTwilioError } from './errors.js';

const CONTENT_SID = /^HX[0-9a-fA-F]{32}$/;

const Created = z.looseObject({ sid: z.string().min(1) });
export const TwilioErrorBody = z.looseObject({
  code: z.number().int().nullable().optional(),
  message: z.string().optional(),
});

type Outcome = { ok: true; sid: string } | { ok: false; error: ProviderFailure };

function messagesUrl(credentials: TwilioCredentials): string {
  return `${twilioBase(credentials)}/${TWILIO_API_VERSION}/Accounts/${credentials.accountSid}/Messages.json`;
}

async function createMessage(
  form: URLSearchParams,
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<Outcome> {
  let res: Response;
  try {
    res = await providerFetch(ctx, messagesUrl(credentials), {
      method: 'POST',
      headers: { authorization: basicAuth(credentials), 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  } catch (err) {
    return { ok: false, error: unreachableFailure(err) };
  }
  const body = await readJsonBody(res);
  if (!res.ok) {
    const parsed = TwilioErrorBody.safeParse(body);
    const code = parsed.success ? (parsed.data.code ?? null) : null;
    const message = parsed.success ? (parsed.data.message ?? null) : res.statusText;
    return {
      ok: false,
      error: mapTwilioError(code, message, res.status, retryAfterMs(res.headers.get('retry-after'), ctx.now())),
    };
  }
  const created = Created.safeParse(body);
  if (!created.success) return { ok: false, error: refusal('PROVIDER_REJECTED', 'unexpected Twilio answer') };
  return { ok: true, sid: created.data.sid };
}

function baseForm(message: OutboundMessage, credentials: TwilioCredentials): URLSearchParams {
  const form = new URLSearchParams();
  form.set('To', toWhatsappAddress(message.to));
  form.set('From', credentials.from);
  if (message.statusCallbackUrl) form.set('StatusCallback', message.statusCallbackUrl);
  return form;
}

function templateForm(message: OutboundMessage, credentials: TwilioCredentials): URLSearchParams | null {
  const t = message.template;
  if (!t) return null;
  const form = baseForm(message, credentials);
  if (CONTENT_SID.test(t.name)) {
    form.set('ContentSid', t.name);
    // ContentVariables is a JSON object keyed "1", "2" … for {{1}}, {{2}} ….
    form.set('ContentVariables', JSON.stringify(Object.fromEntries(t.params.map((p, i) => [String(i + 1), p]))));
  } else {
    form.set('Body', t.renderedBody);
  }
  return form;
}

async function sendAttachments(
  message: OutboundMessage,
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  const sids: string[] = [];
  let caption = message.text?.trim() ? message.text : null;
  for (const [index, media] of message.media.entries()) {
    const form = baseForm(message, credentials);
    form.set('MediaUrl', media.publicUrl);
    if (caption) form.set('Body', caption);
    const sent = await createMessage(form, credentials, ctx);
    if (!sent.ok) return partialFailure(sent.error, index, message.media.length);
    sids.push(sent.sid);
    caption = null;
  }
  const [first, ...extra] = sids;
  if (first === undefined) return refusedSend('VALIDATION_FAILED', 'no attachment to send');
  // Twilio sends a status callback per SID: the hub records them all so none is lost.
  return { ok: true, providerMessageId: first, extraProviderMessageIds: extra };
}

export async function sendTwilioMessage(
  message: OutboundMessage,
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  if (message.kind === 'attachment') return sendAttachments(message, credentials, ctx);
  let form: URLSearchParams | null = null;
  if (message.kind === 'template') form = templateForm(message, credentials);
  else if (message.text) {
    form = baseForm(message, credentials);
    form.set('Body', message.text);
  }
  if (!form) {
    return refusedSend('VALIDATION_FAILED', `nothing to send for ${message.kind}`);
  }
  const sent = await createMessage(form, credentials, ctx);
  return sent.ok ? { ok: true, providerMessageId: sent.sid } : sent;
}

/**
 * Outbound WhatsApp messages through Twilio's Messages API:
 * `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, basic
 * auth, `whatsapp:` addresses. Media goes by URL (`MediaUrl`, one per
 * WhatsApp message), so Twilio must be able to fetch the hub's media URL.
 * Templates are Content API templates (`ContentSid` HX… + `ContentVariables`);
 * a template whose name is not a Content SID is sent as its rendered body,
 * which Twilio matches against the approved WhatsApp template.
 *
 * `Body` holds at most 1,600 characters (Twilio error 21617): a longer text goes as ordered parts cut
 * at paragraph, line, sentence or word boundaries (shared/text-parts.ts), one Messages API call and SID per
 * part, sent one after the other; its receipts are combined like those of a message's attachments.
 * A text that would need more than TWILIO_MAX_PARTS parts is refused before anything is sent.
 */
import { z } from 'zod';
import { providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { partialFailure, refusal, refusedSend } from '../provider-codes.js';
import { retryAfterMs } from '../provider-http.js';
import type { AdapterContext, OutboundMessage, ProviderFailure, SendResult } from '../types.js';
import { basicAuth, toWhatsappAddress, twilioBase, TWILIO_API_VERSION, type TwilioCredentials } from './credentials.js';
import { mapTwilioError } from './errors.js';
import { splitAtBoundaries, TWILIO_BODY_MAX } from '../../../shared/text-parts.js';

export { TWILIO_BODY_MAX };
/** The most parts one message is split into (16,000 characters); a longer text is refused unsent. */
export const TWILIO_MAX_PARTS = 10;

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

/** One Messages API call: a text part, or an attachment with its caption. */
interface Part {
  readonly body: string | null;
  readonly mediaUrl: string | null;
}

/** The text in parts that fit `Body`, or a refusal when it would need more than TWILIO_MAX_PARTS. */
function textParts(text: string): string[] | SendResult {
  const parts = splitAtBoundaries(text, TWILIO_BODY_MAX);
  if (parts.length <= TWILIO_MAX_PARTS) return parts;
  const limit = (TWILIO_BODY_MAX * TWILIO_MAX_PARTS).toLocaleString('en-US');
  return refusedSend(
    'VALIDATION_FAILED',
    `the text needs ${parts.length} Twilio messages; at most ${TWILIO_MAX_PARTS} (about ${limit} characters) are sent for one message`,
  );
}

/** Sends the parts in order; every SID is returned so each part's receipt counts. */
async function sendParts(
  message: OutboundMessage,
  parts: readonly Part[],
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  const sids: string[] = [];
  for (const [index, part] of parts.entries()) {
    const form = baseForm(message, credentials);
    if (part.mediaUrl !== null) form.set('MediaUrl', part.mediaUrl);
    if (part.body !== null) form.set('Body', part.body);
    const sent = await createMessage(form, credentials, ctx);
    if (!sent.ok) return partialFailure(sent.error, index, parts.length);
    sids.push(sent.sid);
  }
  const [first, ...extra] = sids;
  if (first === undefined) return refusedSend('VALIDATION_FAILED', 'nothing to send');
  // Twilio sends a status callback per SID: the hub records them all so none is lost.
  return { ok: true, providerMessageId: first, extraProviderMessageIds: extra };
}

function attachmentParts(message: OutboundMessage): Part[] | SendResult {
  const text = message.text?.trim() ? message.text : null;
  const media = message.media.map((m): Part => ({ body: null, mediaUrl: m.publicUrl }));
  if (media.length === 0) return refusedSend('VALIDATION_FAILED', 'no attachment to send');
  if (text === null) return media;
  // The text is the first attachment's caption when it fits one Body, else its parts go first.
  if (text.length <= TWILIO_BODY_MAX) return media.map((part, i) => (i === 0 ? { ...part, body: text } : part));
  const texts = textParts(text);
  if (!Array.isArray(texts)) return texts;
  return [...texts.map((body): Part => ({ body, mediaUrl: null })), ...media];
}

export async function sendTwilioMessage(
  message: OutboundMessage,
  credentials: TwilioCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  if (message.kind === 'attachment') {
    const parts = attachmentParts(message);
    return Array.isArray(parts) ? sendParts(message, parts, credentials, ctx) : parts;
  }
  if (message.kind === 'text' && message.text) {
    const texts = textParts(message.text);
    if (!Array.isArray(texts)) return texts;
    return sendParts(
      message,
      texts.map((body) => ({ body, mediaUrl: null })),
      credentials,
      ctx,
    );
  }
  const form = message.kind === 'template' ? templateForm(message, credentials) : null;
  if (!form) return refusedSend('VALIDATION_FAILED', `nothing to send for ${message.kind}`);
  // Twilio matches a rendered template body against the approved template: it cannot go in parts.
  const body = form.get('Body');
  if (body !== null && body.length > TWILIO_BODY_MAX)
    return refusedSend(
      'TEMPLATE_TOO_LONG',
      `the template's text is longer than Twilio's ${TWILIO_BODY_MAX} characters`,
    );
  const sent = await createMessage(form, credentials, ctx);
  return sent.ok ? { ok: true, providerMessageId: sent.sid } : sent;
}

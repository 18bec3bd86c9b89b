/**
 * Outbound WhatsApp messages through the Cloud API:
 * `POST {base}/v21.0/{phone-number-id}/messages` with a bearer token.
 * Attachments are uploaded first (`POST /{phone-number-id}/media`, multipart)
 * and sent by media id, so the hub needs no public URL for them.
 */
import { z } from 'zod';
import { mediaClassOf } from '../../../shared/channel-rules.js';
import { providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { partialFailure, refusal, refusedSend } from '../provider-codes.js';
import { httpStatusFailure, retryAfterMs } from '../provider-http.js';
import type { AdapterContext, OutboundMedia, OutboundMessage, ProviderFailure, SendResult } from '../types.js';
import { graphUrl, type WhatsappCredentials } from './credentials.js';
import { mapWhatsappError } from './errors.js';
import { templateComponents } from './template-send.js';

const GraphErrorBody = z.looseObject({
  error: z.looseObject({
    code: z.number().int(),
    message: z.string().optional(),
    error_user_title: z.string().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});

const SendResponse = z.looseObject({ messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1) });
const UploadResponse = z.looseObject({ id: z.string().min(1) });

type Payload = Record<string, unknown>;
type Outcome<T> = { ok: true; value: T } | { ok: false; error: ProviderFailure };

/** Turns a non-2xx Graph answer into a failure, by Graph error code when the body has one. */
async function graphFailure(res: Response, now: number): Promise<ProviderFailure> {
  const body = await readJsonBody(res);
  const retryAfter = retryAfterMs(res.headers.get('retry-after'), now);
  const parsed = GraphErrorBody.safeParse(body);
  if (!parsed.success) return httpStatusFailure(res.status, res.statusText, retryAfter);
  const e = parsed.data.error;
  return mapWhatsappError(
    { code: e.code, title: e.error_user_title ?? e.message ?? null, details: e.error_data?.details ?? null },
    res.status,
    retryAfter,
  );
}

export async function graphCall<T>(
  url: string,
  init: RequestInit,
  schema: z.ZodType<T>,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<Outcome<T>> {
  let res: Response;
  try {
    res = await providerFetch(ctx, url, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${credentials.accessToken}` },
    });
  } catch (err) {
    return { ok: false, error: unreachableFailure(err) };
  }
  if (!res.ok) return { ok: false, error: await graphFailure(res, ctx.now()) };
  const parsed = schema.safeParse(await readJsonBody(res));
  if (!parsed.success) return { ok: false, error: refusal('PROVIDER_REJECTED', 'unexpected Graph API answer') };
  return { ok: true, value: parsed.data };
}

async function postMessage(
  payload: Payload,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<Outcome<string>> {
  const result = await graphCall(
    graphUrl(credentials, `${credentials.phoneNumberId}/messages`),
    { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) },
    SendResponse,
    credentials,
    ctx,
  );
  if (!result.ok) return result;
  const first = result.value.messages[0];
  return first ? { ok: true, value: first.id } : { ok: false, error: unreachableFailure('no message id') };
}

async function uploadMedia(
  media: OutboundMedia,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<Outcome<string>> {
  const form = new FormData();
  form.set('messaging_product', 'whatsapp');
  form.set('type', media.mimeType);
  form.set('file', new Blob([new Uint8Array(media.bytes)], { type: media.mimeType }), media.fileName);
  const result = await graphCall(
    graphUrl(credentials, `${credentials.phoneNumberId}/media`),
    { method: 'POST', body: form },
    UploadResponse,
    credentials,
    ctx,
  );
  return result.ok ? { ok: true, value: result.value.id } : result;
}

function envelope(message: OutboundMessage): Payload {
  const base: Payload = { messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to };
  if (message.replyToProviderMessageId) base.context = { message_id: message.replyToProviderMessageId };
  return base;
}

function textPayload(message: OutboundMessage, text: string): Payload {
  return { ...envelope(message), type: 'text', text: { body: text, preview_url: false } };
}

function templatePayload(message: OutboundMessage): Payload | null {
  const t = message.template;
  if (!t) return null;
  // Meta's Cloud API OpenAPI: `language` names the exact translation (`policy: deterministic`).
  const template: Payload = { name: t.name, language: { policy: 'deterministic', code: t.language } };
  const components = templateComponents(t.content, t.params);
  if (components.length > 0) template.components = components;
  return { ...envelope(message), type: 'template', template };
}

function mediaPayload(
  message: OutboundMessage,
  media: OutboundMedia,
  mediaId: string,
  caption: string | null,
): Payload {
  const cls = mediaClassOf(media.mimeType);
  const object: Payload = { id: mediaId };
  // Audio takes no caption; documents keep their file name.
  if (caption && cls !== 'audio') object.caption = caption;
  if (cls === 'document') object.filename = media.fileName;
  return { ...envelope(message), type: cls, [cls]: object };
}

async function sendAttachments(
  message: OutboundMessage,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  const ids: string[] = [];
  let caption = message.text?.trim() ? message.text : null;
  const first = message.media[0];
  if (caption && first && mediaClassOf(first.mimeType) === 'audio') {
    const sent = await postMessage(textPayload(message, caption), credentials, ctx);
    if (!sent.ok) return sent;
    ids.push(sent.value);
    caption = null;
  }
  for (const media of message.media) {
    const uploaded = await uploadMedia(media, credentials, ctx);
    if (!uploaded.ok) return partialFailure(uploaded.error, ids.length, message.media.length);
    const sent = await postMessage(mediaPayload(message, media, uploaded.value, caption), credentials, ctx);
    if (!sent.ok) return partialFailure(sent.error, ids.length, message.media.length);
    ids.push(sent.value);
    caption = null;
  }
  const id = ids[0];
  if (!id) return refusedSend('VALIDATION_FAILED', 'no attachment to send');
  return { ok: true, providerMessageId: id };
}

export async function sendWhatsappMessage(
  message: OutboundMessage,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<SendResult> {
  if (message.kind === 'attachment') return sendAttachments(message, credentials, ctx);
  const header = message.template?.content.header;
  if (message.kind === 'template' && header && header.format !== 'text' && header.mediaUrl === null) {
    return refusedSend('TEMPLATE_PARAMS_MISSING', `the template's ${header.format} header has no media link`);
  }
  const payload =
    message.kind === 'template' ? templatePayload(message) : message.text ? textPayload(message, message.text) : null;
  if (!payload) {
    return refusedSend('VALIDATION_FAILED', `nothing to send for ${message.kind}`);
  }
  const sent = await postMessage(payload, credentials, ctx);
  return sent.ok ? { ok: true, providerMessageId: sent.value } : sent;
}

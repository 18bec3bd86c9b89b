/**
 * The message templates of a WhatsApp Business Account, through the Graph
 * API (WhatsApp Business Management API) with the channel's bearer token:
 *   list    GET    /{waba-id}/message_templates (cursor pages: `paging.cursors.after`, last page has no `paging.next`)
 *   create  POST   /{waba-id}/message_templates {name, language, category, components} → {id, status, category}
 *   edit    POST   /{template-id} {category} or {components} → {success: true}; Meta reviews it again.
 *           Only APPROVED, REJECTED or PAUSED templates can be edited; an APPROVED one's category never
 *           (a new category is a new template, services/template-resubmission.ts) and its components
 *           once in 24 hours and 10 times in 30 days — Meta's refusal is passed on in its words
 *   delete  DELETE /{waba-id}/message_templates?name=&hsm_id= (this language only) → {success: true}
 *   sample  POST   /{app-id}/uploads → {id: "upload:…"}, then POST /{upload-id} with the bytes → {h: handle}
 *           (the Resumable Upload API: a media header's sample is named by that handle)
 * Meta's refusals keep its own words (`error_user_title`, `error_user_msg`), so the admin reads why.
 */
import { z } from 'zod';
import type { TemplateCategory } from '../../../shared/domain.js';
import type { TemplateContent } from '../../../shared/template-slots.js';
import { providerFetch, readJsonBody, unreachableFailure } from '../provider-call.js';
import { refusal } from '../provider-codes.js';
import { httpStatusFailure, retryAfterMs } from '../provider-http.js';
import type {
  ProviderListing,
  ProviderOutcome,
  ProviderTemplate,
  ProviderTemplates,
  TemplateDraft,
  TemplateSample,
  TemplateSubmitted,
} from '../template-types.js';
import type { AdapterContext, ProviderFailure } from '../types.js';
import { graphUrl, type WhatsappCredentials } from './credentials.js';
import { mapWhatsappError } from './errors.js';
import {
  MetaTemplate,
  categoryFromMeta,
  componentsToMeta,
  statusFromMeta,
  templateFromMeta,
} from './template-components.js';

/** Meta answers at most this many templates a page; a WABA holds a few thousand at most. */
const PAGE_LIMIT = 100;
const MAX_PAGES = 100;
const LIST_FIELDS = 'id,name,language,status,category,rejected_reason,parameter_format,components';

const GraphError = z.looseObject({
  error: z.looseObject({
    code: z.number().int(),
    message: z.string().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});
const Page = z.looseObject({
  data: z.array(z.unknown()),
  paging: z
    .looseObject({
      cursors: z.looseObject({ after: z.string().optional() }).optional(),
      next: z.string().optional(),
    })
    .optional(),
});
const Created = z.looseObject({ id: z.string().min(1), status: z.string(), category: z.string().optional() });
const Success = z.looseObject({ success: z.boolean() });
const UploadSession = z.looseObject({ id: z.string().min(1) });
const UploadHandle = z.looseObject({ h: z.string().min(1) });

async function failureOf(res: Response, now: number): Promise<ProviderFailure> {
  const parsed = GraphError.safeParse(await readJsonBody(res));
  const retryAfter = retryAfterMs(res.headers.get('retry-after'), now);
  if (!parsed.success) return httpStatusFailure(res.status, res.statusText, retryAfter);
  const e = parsed.data.error;
  // A template refusal says what is wrong in error_user_msg; other Graph errors in message / details.
  const title = e.error_user_title ?? e.message ?? null;
  const details = e.error_user_msg ?? e.error_data?.details ?? null;
  return mapWhatsappError({ code: e.code, title, details: details === title ? null : details }, res.status, retryAfter);
}

async function call<T>(
  url: string,
  init: RequestInit & { readonly auth?: 'Bearer' | 'OAuth' },
  schema: z.ZodType<T>,
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<ProviderOutcome<T>> {
  let res: Response;
  try {
    const { auth = 'Bearer', ...rest } = init;
    res = await providerFetch(ctx, url, {
      ...rest,
      headers: { ...rest.headers, authorization: `${auth} ${credentials.accessToken}` },
    });
  } catch (err) {
    return { ok: false, error: unreachableFailure(err) };
  }
  if (!res.ok) return { ok: false, error: await failureOf(res, ctx.now()) };
  const parsed = schema.safeParse(await readJsonBody(res));
  if (!parsed.success) return { ok: false, error: refusal('PROVIDER_REJECTED', 'unexpected Graph API answer') };
  return { ok: true, value: parsed.data };
}

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function needsWaba(credentials: WhatsappCredentials): ProviderOutcome<never> | null {
  return credentials.wabaId === undefined
    ? { ok: false, error: refusal('TEMPLATES_NEED_WABA_ID', 'the channel has no WhatsApp Business Account id') }
    : null;
}

async function listTemplates(
  credentials: WhatsappCredentials,
  ctx: AdapterContext,
): Promise<ProviderOutcome<ProviderListing>> {
  const missing = needsWaba(credentials);
  if (missing) return missing;
  const templates: ProviderTemplate[] = [];
  const unsupported: { name: string; language: string; reason: string }[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ fields: LIST_FIELDS, limit: String(PAGE_LIMIT) });
    if (after !== undefined) query.set('after', after);
    const url = graphUrl(credentials, `${credentials.wabaId}/message_templates?${query.toString()}`);
    const answer = await call(url, { method: 'GET' }, Page, credentials, ctx);
    if (!answer.ok) return answer;
    for (const raw of answer.value.data) {
      const node = MetaTemplate.safeParse(raw);
      if (!node.success) continue;
      const read = templateFromMeta(node.data);
      if ('unsupported' in read)
        unsupported.push({ name: node.data.name, language: node.data.language, reason: read.unsupported });
      else templates.push(read);
    }
    after = answer.value.paging?.cursors?.after;
    // Graph leaves `next` out on the last page.
    if (answer.value.paging?.next === undefined || after === undefined)
      return { ok: true, value: { templates, unsupported } };
  }
  return { ok: true, value: { templates, unsupported } };
}

async function createTemplate(
  credentials: WhatsappCredentials,
  draft: TemplateDraft,
  ctx: AdapterContext,
): Promise<ProviderOutcome<TemplateSubmitted>> {
  const missing = needsWaba(credentials);
  if (missing) return missing;
  const body = {
    name: draft.name,
    language: draft.language,
    category: draft.category.toUpperCase(),
    components: componentsToMeta(draft.content),
  };
  const url = graphUrl(credentials, `${credentials.wabaId}/message_templates`);
  const answer = await call(url, json(body), Created, credentials, ctx);
  if (!answer.ok) return answer;
  return {
    ok: true,
    value: {
      providerTemplateId: answer.value.id,
      status: statusFromMeta(answer.value.status) ?? 'pending',
      category: categoryFromMeta(answer.value.category ?? '') ?? draft.category,
    },
  };
}

async function editTemplate(
  credentials: WhatsappCredentials,
  providerTemplateId: string,
  change: { readonly category?: TemplateCategory; readonly content?: TemplateContent },
  ctx: AdapterContext,
): Promise<ProviderOutcome<null>> {
  const url = graphUrl(credentials, encodeURIComponent(providerTemplateId));
  // Category and components are edited by separate requests.
  const edits: Record<string, unknown>[] = [];
  if (change.category !== undefined) edits.push({ category: change.category.toUpperCase() });
  if (change.content !== undefined) edits.push({ components: componentsToMeta(change.content) });
  for (const edit of edits) {
    const answer = await call(url, json(edit), Success, credentials, ctx);
    if (!answer.ok) return answer;
    if (!answer.value.success)
      return { ok: false, error: refusal('PROVIDER_REJECTED', 'Meta did not accept the edit') };
  }
  return { ok: true, value: null };
}

async function removeTemplate(
  credentials: WhatsappCredentials,
  template: { readonly name: string; readonly providerTemplateId: string },
  ctx: AdapterContext,
): Promise<ProviderOutcome<null>> {
  const missing = needsWaba(credentials);
  if (missing) return missing;
  // With hsm_id only this template goes; by name alone every language of it would.
  const query = new URLSearchParams({ name: template.name, hsm_id: template.providerTemplateId });
  const url = graphUrl(credentials, `${credentials.wabaId}/message_templates?${query.toString()}`);
  const answer = await call(url, { method: 'DELETE' }, Success, credentials, ctx);
  return answer.ok ? { ok: true, value: null } : answer;
}

async function uploadSample(
  credentials: WhatsappCredentials,
  sample: TemplateSample,
  ctx: AdapterContext,
): Promise<ProviderOutcome<string>> {
  if (credentials.appId === undefined)
    return {
      ok: false,
      error: refusal('VALIDATION_FAILED', 'a media sample needs the Meta app id (appId) in the credentials'),
    };
  const query = new URLSearchParams({
    file_name: sample.fileName,
    file_length: String(sample.bytes.length),
    file_type: sample.mimeType,
  });
  const session = await call(
    graphUrl(credentials, `${credentials.appId}/uploads?${query.toString()}`),
    { method: 'POST' },
    UploadSession,
    credentials,
    ctx,
  );
  if (!session.ok) return session;
  const uploaded = await call(
    graphUrl(credentials, session.value.id),
    { method: 'POST', auth: 'OAuth', headers: { file_offset: '0' }, body: new Uint8Array(sample.bytes) },
    UploadHandle,
    credentials,
    ctx,
  );
  return uploaded.ok ? { ok: true, value: uploaded.value.h } : uploaded;
}

export const whatsappTemplates: ProviderTemplates<WhatsappCredentials> = {
  missing: (credentials) => (credentials.wabaId === undefined ? 'TEMPLATES_NEED_WABA_ID' : null),
  accountOf: (credentials) => credentials.wabaId ?? null,
  list: listTemplates,
  create: createTemplate,
  edit: editTemplate,
  remove: removeTemplate,
  uploadSample,
};

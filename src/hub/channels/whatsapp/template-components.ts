/**
 * Our template parts ↔ Meta's message template components (WhatsApp
 * Business Management API, "Message template components"): HEADER (TEXT with
 * at most one {{1}}, or IMAGE / VIDEO / DOCUMENT with a sample handle), BODY
 * with `example.body_text`, FOOTER, and BUTTONS (QUICK_REPLY, URL with an
 * optional {{1}} at the end and its example, PHONE_NUMBER). A template using
 * anything else (LOCATION headers, OTP, catalog or flow buttons, named
 * parameters) is reported as unsupported rather than half-read.
 */
import { z } from 'zod';
import { templatePlaceholders } from '../../../shared/channel-rules.js';
import {
  TemplateCategory,
  type TemplateButton,
  type TemplateHeader,
  type TemplateStatus,
} from '../../../shared/domain.js';
import {
  SAMPLE_VALUES,
  bodyExamples,
  headerHasPlaceholder,
  urlHasPlaceholder,
  type TemplateContent,
} from '../../../shared/template-slots.js';
import type { ProviderTemplate } from '../template-types.js';

const Str = z.string().max(65536);

const MetaButton = z.looseObject({
  type: Str,
  text: Str.optional(),
  url: Str.optional(),
  phone_number: Str.optional(),
  example: z.array(Str).optional(),
});

const MetaComponent = z.looseObject({
  type: Str,
  format: Str.optional(),
  text: Str.optional(),
  example: z
    .looseObject({
      header_text: z.array(Str).optional(),
      header_handle: z.array(Str).optional(),
      body_text: z.array(z.array(Str)).optional(),
    })
    .optional(),
  buttons: z.array(MetaButton).optional(),
});
type MetaComponent = z.infer<typeof MetaComponent>;

/** One node of `GET /{waba-id}/message_templates`. */
export const MetaTemplate = z.looseObject({
  id: Str,
  name: Str,
  language: Str,
  status: Str,
  category: Str,
  rejected_reason: Str.optional(),
  parameter_format: Str.optional(),
  components: z.array(MetaComponent).default([]),
});
export type MetaTemplate = z.infer<typeof MetaTemplate>;

/** Meta's status values (template node `status`, webhook `event`) → ours; null for events that are no state. */
export function statusFromMeta(value: string): TemplateStatus | null {
  switch (value.toUpperCase()) {
    case 'APPROVED':
    case 'REINSTATED':
    case 'UNARCHIVED':
      return 'approved';
    case 'PENDING':
    case 'IN_REVIEW':
      return 'pending';
    case 'REJECTED':
      return 'rejected';
    case 'PAUSED':
      return 'paused';
    case 'DISABLED':
    case 'LIMIT_EXCEEDED':
      return 'disabled';
    case 'IN_APPEAL':
      return 'in_appeal';
    case 'ARCHIVED':
      return 'archived';
    case 'DELETED':
    case 'PENDING_DELETION':
      return 'deleted';
    default:
      return null;
  }
}

export function categoryFromMeta(value: string): TemplateCategory | null {
  const parsed = TemplateCategory.safeParse(value.toLowerCase());
  return parsed.success ? parsed.data : null;
}

/** Meta says NONE when there is no reason (a paused template). */
export function reasonFromMeta(value: string | null | undefined): string | null {
  if (value === undefined || value === null || value === '' || value.toUpperCase() === 'NONE') return null;
  return value.slice(0, 1000);
}

const MEDIA_FORMATS = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' } as const;

function headerFromMeta(c: MetaComponent): TemplateHeader | 'unsupported' {
  const format = (c.format ?? 'TEXT').toUpperCase();
  if (format === 'TEXT') {
    const text = (c.text ?? '').slice(0, 60);
    if (text === '') return 'unsupported';
    return { format: 'text', text, placeholder: null, example: c.example?.header_text?.[0]?.slice(0, 1024) ?? null };
  }
  const media = MEDIA_FORMATS[format as keyof typeof MEDIA_FORMATS];
  if (!media) return 'unsupported';
  return { format: media, mediaUrl: null, example: c.example?.header_handle?.[0]?.slice(0, 4096) ?? null };
}

/** The value a URL example gives its {{1}}: the example minus the URL's fixed start. */
function urlExampleValue(url: string, example: string | undefined): string | null {
  if (example === undefined) return null;
  const prefix = url.replace(/\{\{\s*1\s*\}\}$/, '');
  return (example.startsWith(prefix) ? example.slice(prefix.length) : example).slice(0, 1024) || null;
}

function buttonFromMeta(b: z.infer<typeof MetaButton>): TemplateButton | null {
  const text = (b.text ?? '').slice(0, 25);
  if (text === '') return null;
  switch (b.type.toUpperCase()) {
    case 'QUICK_REPLY':
      return { type: 'quick_reply', text };
    case 'URL': {
      const url = (b.url ?? '').slice(0, 2000);
      if (url === '') return null;
      return { type: 'url', text, url, placeholder: null, example: urlExampleValue(url, b.example?.[0]) };
    }
    case 'PHONE_NUMBER':
      return b.phone_number ? { type: 'phone_number', text, phoneNumber: b.phone_number.slice(0, 20) } : null;
    default:
      return null;
  }
}

/** Meta's template node → ours, or the reason it cannot be sent from Switchboard. */
export function templateFromMeta(t: MetaTemplate): ProviderTemplate | { readonly unsupported: string } {
  const status = statusFromMeta(t.status);
  const category = categoryFromMeta(t.category);
  if (status === null || category === null) return { unsupported: `status ${t.status}, category ${t.category}` };
  if (t.parameter_format !== undefined && t.parameter_format.toUpperCase() !== 'POSITIONAL')
    return { unsupported: 'named parameters' };
  let body: string | null = null;
  let examples: string[] = [];
  let header: TemplateHeader | null = null;
  let footer: string | null = null;
  const buttons: TemplateButton[] = [];
  for (const c of t.components) {
    const type = c.type.toUpperCase();
    if (type === 'BODY') {
      body = c.text ?? null;
      examples = (c.example?.body_text?.[0] ?? []).map((e) => e.slice(0, 1024));
    } else if (type === 'HEADER') {
      const read = headerFromMeta(c);
      if (read === 'unsupported') return { unsupported: `a ${c.format ?? 'TEXT'} header` };
      header = read;
    } else if (type === 'FOOTER') footer = (c.text ?? '').slice(0, 60) || null;
    else if (type === 'BUTTONS') {
      for (const raw of c.buttons ?? []) {
        const button = buttonFromMeta(raw);
        if (!button) return { unsupported: `a ${raw.type} button` };
        buttons.push(button);
      }
    } else return { unsupported: `a ${c.type} component` };
  }
  if (body === null || body === '') return { unsupported: 'no body' };
  const placeholderCount = Math.max(0, ...templatePlaceholders(body));
  return {
    providerTemplateId: t.id,
    name: t.name,
    language: t.language,
    category,
    status,
    rejectionReason: reasonFromMeta(t.rejected_reason),
    body,
    placeholderCount,
    examples: examples.slice(0, placeholderCount),
    header,
    footer,
    buttons: buttons.slice(0, 10),
  };
}

function headerToMeta(header: TemplateHeader): Record<string, unknown> {
  if (header.format === 'text') {
    const component: Record<string, unknown> = { type: 'HEADER', format: 'TEXT', text: header.text };
    if (headerHasPlaceholder(header.text))
      component.example = { header_text: [header.example ?? SAMPLE_VALUES[header.placeholder ?? 'custom']] };
    return component;
  }
  const component: Record<string, unknown> = { type: 'HEADER', format: header.format.toUpperCase() };
  if (header.example !== null) component.example = { header_handle: [header.example] };
  return component;
}

function buttonToMeta(button: TemplateButton): Record<string, unknown> {
  switch (button.type) {
    case 'quick_reply':
      return { type: 'QUICK_REPLY', text: button.text };
    case 'phone_number':
      return { type: 'PHONE_NUMBER', text: button.text, phone_number: button.phoneNumber };
    case 'url': {
      const out: Record<string, unknown> = { type: 'URL', text: button.text, url: button.url };
      if (urlHasPlaceholder(button.url)) {
        const value = button.example ?? SAMPLE_VALUES[button.placeholder ?? 'custom'];
        out.example = [button.url.replace(/\{\{\s*1\s*\}\}$/, value)];
      }
      return out;
    }
  }
}

/** Our parts → Meta's `components` for a submission or an edit. */
export function componentsToMeta(content: TemplateContent): Record<string, unknown>[] {
  const components: Record<string, unknown>[] = [];
  if (content.header) components.push(headerToMeta(content.header));
  const body: Record<string, unknown> = { type: 'BODY', text: content.body };
  if (content.placeholders.length > 0) body.example = { body_text: [bodyExamples(content)] };
  components.push(body);
  if (content.footer !== null) components.push({ type: 'FOOTER', text: content.footer });
  if (content.buttons.length > 0) components.push({ type: 'BUTTONS', buttons: content.buttons.map(buttonToMeta) });
  return components;
}

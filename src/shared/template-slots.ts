/**
 * The variable parts of a template and the rules Meta checks them by
 * (WhatsApp Business Management API, "Template components"): the body's
 * {{1}}…{{n}}, one {{1}} in a text header, one {{1}} at the end of a URL
 * button. Hub, client core and renderer fill, preview and check templates
 * with these, so all three say the same thing.
 *
 * A template's values travel as one list, body first, then the header's,
 * then each URL button's in button order: `params[i]` fills slot i.
 */
import { TEMPLATE_BODY_MAX, templatePlaceholders } from './channel-rules.js';
import type { MergeField, Template } from './domain.js';

/** Meta: a text header and a footer are at most 60 characters, a button's text 25, ten buttons at most. */
export const TEMPLATE_HEADER_TEXT_MAX = 60;
export const TEMPLATE_FOOTER_MAX = 60;
export const TEMPLATE_BUTTON_TEXT_MAX = 25;
export const TEMPLATE_BUTTONS_MAX = 10;
/** Meta: at most two URL buttons and one phone number button per template. */
export const TEMPLATE_URL_BUTTONS_MAX = 2;
export const TEMPLATE_PHONE_BUTTONS_MAX = 1;

/** What a template says, without its identity and state. */
export type TemplateContent = Pick<Template, 'body' | 'placeholders' | 'header' | 'footer' | 'buttons' | 'examples'>;

export type TemplateSlot =
  | { readonly part: 'body'; readonly n: number; readonly field: MergeField }
  | { readonly part: 'header'; readonly field: MergeField }
  | { readonly part: 'button'; readonly index: number; readonly text: string; readonly field: MergeField };

/** Example values Meta reviews a placeholder with when the admin gave none. */
export const SAMPLE_VALUES: Readonly<Record<MergeField, string>> = {
  'contact.name': 'Aiko Tanaka',
  'contact.phone': '+81 90 1234 5678',
  'ticket.number': '1024',
  'ticket.subject': 'Delivery',
  'ticket.status': 'Open',
  'agent.name': 'Ken',
  'channel.name': 'Support',
  custom: 'sample',
};

const ANY_PLACEHOLDER = /\{\{[^}]*\}\}/g;
const FIRST = /\{\{\s*1\s*\}\}/;
const URL_SUFFIX = /\{\{\s*1\s*\}\}$/;

export function headerHasPlaceholder(text: string): boolean {
  return FIRST.test(text);
}

export function urlHasPlaceholder(url: string): boolean {
  return URL_SUFFIX.test(url);
}

/** Every value a template needs when sent, in `params` order. */
export function templateSlots(content: Pick<TemplateContent, 'placeholders' | 'header' | 'buttons'>): TemplateSlot[] {
  const slots: TemplateSlot[] = content.placeholders.map((field, i) => ({ part: 'body', n: i + 1, field }));
  const header = content.header;
  if (header?.format === 'text' && headerHasPlaceholder(header.text))
    slots.push({ part: 'header', field: header.placeholder ?? 'custom' });
  content.buttons.forEach((button, index) => {
    if (button.type === 'url' && urlHasPlaceholder(button.url))
      slots.push({ part: 'button', index, text: button.text, field: button.placeholder ?? 'custom' });
  });
  return slots;
}

/** The value of each slot that fills `part`, e.g. the body's in order. */
function valuesOf(
  content: TemplateContent,
  params: readonly string[],
  keep: (slot: TemplateSlot) => boolean,
): string[] {
  return templateSlots(content).flatMap((slot, i) => (keep(slot) ? [params[i] ?? ''] : []));
}

export function bodyParams(content: TemplateContent, params: readonly string[]): string[] {
  return valuesOf(content, params, (s) => s.part === 'body');
}

export function headerParam(content: TemplateContent, params: readonly string[]): string | null {
  return valuesOf(content, params, (s) => s.part === 'header')[0] ?? null;
}

export function buttonParam(content: TemplateContent, params: readonly string[], index: number): string | null {
  return valuesOf(content, params, (s) => s.part === 'button' && s.index === index)[0] ?? null;
}

const fillFirst = (text: string, value: string | null): string =>
  value === null || value.trim() === '' ? text : text.replace(FIRST, value);

/** The header text as the customer reads it (placeholders without a value stay visible). */
export function previewHeader(content: TemplateContent, params: readonly string[]): string | null {
  const header = content.header;
  if (header?.format !== 'text') return null;
  return fillFirst(header.text, headerParam(content, params));
}

/** A URL button's address as sent. */
export function previewButtonUrl(content: TemplateContent, params: readonly string[], index: number): string | null {
  const button = content.buttons[index];
  if (button?.type !== 'url') return null;
  return fillFirst(button.url, buttonParam(content, params, index));
}

/** The example of each body placeholder: the admin's, else a sample for its merge field. */
export function bodyExamples(content: Pick<TemplateContent, 'placeholders' | 'examples'>): string[] {
  return content.placeholders.map((field, i) => {
    const given = content.examples[i];
    return given !== undefined && given.trim() !== '' ? given : SAMPLE_VALUES[field];
  });
}

function placeholderCount(text: string): number {
  return [...text.matchAll(ANY_PLACEHOLDER)].length;
}

function checkBody(content: TemplateContent): string | null {
  if (content.body.length > TEMPLATE_BODY_MAX) return `body: at most ${TEMPLATE_BODY_MAX} characters`;
  const used = templatePlaceholders(content.body);
  const expected = content.placeholders.map((_f, i) => i + 1);
  if (used.length !== expected.length || used.some((n, i) => n !== expected[i])) {
    return `placeholders: the body uses {{${used.join('}}, {{') || '–'}}} but ${content.placeholders.length} merge field(s) are mapped; number them {{1}}…{{${content.placeholders.length}}}`;
  }
  if (content.examples.length > content.placeholders.length) return 'examples: one example per placeholder at most';
  return null;
}

function checkHeaderAndFooter(content: TemplateContent): string | null {
  const header = content.header;
  if (header?.format === 'text') {
    const count = placeholderCount(header.text);
    if (count > 1 || (count === 1 && !headerHasPlaceholder(header.text)))
      return 'header.text: a text header has at most one placeholder, {{1}}';
  }
  if (content.footer !== null && placeholderCount(content.footer) > 0) return 'footer: a footer has no placeholders';
  return null;
}

function checkButtons(content: TemplateContent): string | null {
  const { buttons } = content;
  if (buttons.length > TEMPLATE_BUTTONS_MAX) return `buttons: at most ${TEMPLATE_BUTTONS_MAX}`;
  const count = (type: string) => buttons.filter((b) => b.type === type).length;
  if (count('url') > TEMPLATE_URL_BUTTONS_MAX) return `buttons: at most ${TEMPLATE_URL_BUTTONS_MAX} URL buttons`;
  if (count('phone_number') > TEMPLATE_PHONE_BUTTONS_MAX)
    return `buttons: at most ${TEMPLATE_PHONE_BUTTONS_MAX} phone number button`;
  for (const [i, button] of buttons.entries()) {
    if (button.type !== 'url') continue;
    const count = placeholderCount(button.url);
    if (count > 1 || (count === 1 && !urlHasPlaceholder(button.url)))
      return `buttons.${i}.url: a URL may have one placeholder, {{1}}, at its end`;
    if (!/^https?:\/\//i.test(button.url)) return `buttons.${i}.url: an http or https address`;
  }
  return null;
}

/** The first rule the content breaks, in words naming the field; null when Meta would accept its shape. */
export function checkTemplateContent(content: TemplateContent): string | null {
  return checkBody(content) ?? checkHeaderAndFooter(content) ?? checkButtons(content);
}

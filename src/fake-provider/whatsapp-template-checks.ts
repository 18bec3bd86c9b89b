/**
 * What Meta's template review checks before anything is stored, and what the
 * Cloud API checks of a template message against the stored template (the
 * fake's rules, from Meta's "Template components" and error code
 * references), with Graph's error body for a refusal.
 */
import type { FastifyReply } from 'fastify';

export interface FakeComponent {
  readonly type: string;
  readonly format?: string;
  readonly text?: string;
  readonly example?: { header_text?: string[]; header_handle?: string[]; body_text?: string[][] };
  readonly buttons?: readonly {
    type: string;
    text?: string;
    url?: string;
    phone_number?: string;
    example?: string[];
  }[];
}

export interface GraphRefusal {
  readonly status: number;
  readonly code: number;
  readonly subcode?: number;
  readonly title: string;
  readonly message: string;
}

const VARIABLE = /\{\{\s*(\d+)\s*\}\}/g;

export function variables(text: string): number {
  return new Set([...text.matchAll(VARIABLE)].map((m) => m[1])).size;
}

export const refusal = (title: string, message: string, subcode?: number): GraphRefusal => ({
  status: 400,
  code: 100,
  title,
  message,
  ...(subcode === undefined ? {} : { subcode }),
});

/** Meta's answer to a refused template call: `error_user_title` and `error_user_msg` say what to fix. */
export function sendRefusal(reply: FastifyReply, r: GraphRefusal): FastifyReply {
  return reply.code(r.status).send({
    error: {
      message: 'Invalid parameter',
      type: 'OAuthException',
      code: r.code,
      ...(r.subcode === undefined ? {} : { error_subcode: r.subcode }),
      is_transient: false,
      error_user_title: r.title,
      error_user_msg: r.message,
      fbtrace_id: 'AfakeTrace',
    },
  });
}

function checkHeader(c: FakeComponent): GraphRefusal | null {
  const format = (c.format ?? '').toUpperCase();
  if (format === 'TEXT') {
    const text = c.text ?? '';
    if (text === '' || text.length > 60) return refusal('Header too long', 'A text header has 1 to 60 characters.');
    const count = variables(text);
    if (count > 1) return refusal('Too many parameters', 'A text header can have only one parameter.');
    if (count === 1 && (c.example?.header_text?.length ?? 0) !== 1)
      return refusal('Missing example', 'Add an example for the header parameter (example.header_text).');
    return null;
  }
  if (['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) {
    if ((c.example?.header_handle?.length ?? 0) === 0)
      return refusal('Missing sample', 'A media header needs a sample (example.header_handle).');
    return null;
  }
  return refusal('Invalid header', `Unsupported header format ${c.format ?? '(none)'}.`);
}

function checkButtons(c: FakeComponent): GraphRefusal | null {
  const buttons = c.buttons ?? [];
  if (buttons.length === 0 || buttons.length > 10) return refusal('Invalid buttons', 'A template has 1 to 10 buttons.');
  for (const b of buttons) {
    const text = b.text ?? '';
    if (text === '' || text.length > 25) return refusal('Invalid button', 'A button text has 1 to 25 characters.');
    if (b.type === 'URL') {
      const url = b.url ?? '';
      if (!/^https?:\/\//.test(url)) return refusal('Invalid URL', 'A URL button needs an http or https address.');
      const count = variables(url);
      if (count > 1 || (count === 1 && !/\{\{\s*1\s*\}\}$/.test(url)))
        return refusal('Invalid URL', 'A URL can have one parameter, at its end.');
      if (count === 1 && (b.example?.length ?? 0) !== 1)
        return refusal('Missing example', 'Add an example URL for the button parameter.');
    } else if (b.type === 'PHONE_NUMBER') {
      if (!/^\+?\d{6,20}$/.test(b.phone_number ?? ''))
        return refusal('Invalid phone number', 'A phone number button needs a phone number.');
    } else if (b.type !== 'QUICK_REPLY') return refusal('Invalid button', `Unsupported button type ${b.type}.`);
  }
  if (buttons.filter((b) => b.type === 'URL').length > 2) return refusal('Invalid buttons', 'At most 2 URL buttons.');
  if (buttons.filter((b) => b.type === 'PHONE_NUMBER').length > 1)
    return refusal('Invalid buttons', 'At most 1 phone number button.');
  return null;
}

/** Meta's checks of `components`, the ones its template review does before anything is stored. */
export function checkComponents(components: unknown): GraphRefusal | null {
  if (!Array.isArray(components)) return refusal('Invalid components', 'components must be a list.');
  const list: FakeComponent[] = components.filter(
    (c): c is FakeComponent => typeof c === 'object' && c !== null && typeof Reflect.get(c, 'type') === 'string',
  );
  const bodies = list.filter((c) => c.type === 'BODY');
  const body = bodies[0];
  if (bodies.length !== 1 || !body?.text)
    return refusal('Body required', 'A template needs exactly one BODY with text.');
  if (body.text.length > 1024) return refusal('Body too long', 'The body can be at most 1024 characters.', 2388040);
  const count = variables(body.text);
  if (count > 0 && (body.example?.body_text?.[0]?.length ?? 0) !== count)
    return refusal('Missing examples', `Add ${count} example value(s) for the body parameters (example.body_text).`);
  for (const c of list) {
    if (c.type === 'HEADER') {
      const problem = checkHeader(c);
      if (problem) return problem;
    } else if (c.type === 'FOOTER') {
      if (!c.text || c.text.length > 60) return refusal('Footer too long', 'A footer has 1 to 60 characters.');
      if (variables(c.text) > 0) return refusal('Invalid footer', 'A footer cannot have parameters.');
    } else if (c.type === 'BUTTONS') {
      const problem = checkButtons(c);
      if (problem) return problem;
    } else if (c.type !== 'BODY') return refusal('Invalid component', `Unsupported component ${c.type}.`);
  }
  return null;
}

export interface StoredTemplate {
  readonly status: string;
  readonly components: readonly FakeComponent[];
}

interface SendProblem {
  readonly code: number;
  readonly message: string;
}

function componentOf(components: readonly unknown[], type: string, index?: string): Record<string, unknown> | null {
  for (const c of components) {
    if (typeof c !== 'object' || c === null) continue;
    if (Reflect.get(c, 'type') !== type) continue;
    if (index !== undefined && Reflect.get(c, 'index') !== index) continue;
    return { ...c };
  }
  return null;
}

const parameters = (c: Record<string, unknown> | null): unknown[] =>
  c && Array.isArray(c.parameters) ? c.parameters : [];

/** What the Cloud API says about a template message, `find` giving the WABA's template; null when it is sent. */
export function checkTemplateSend(
  find: (name: string, language: string) => StoredTemplate | null,
  template: unknown,
): SendProblem | null {
  const name: unknown = Reflect.get(Object(template), 'name');
  const language: unknown = Reflect.get(Object(template), 'language');
  const code: unknown = Reflect.get(Object(language), 'code');
  const stored = typeof name === 'string' && typeof code === 'string' ? find(name, code) : null;
  if (!stored) return { code: 132001, message: 'Template name does not exist in the translation' };
  if (stored.status === 'PAUSED') return { code: 132015, message: 'Template is Paused' };
  if (stored.status === 'DISABLED') return { code: 132016, message: 'Template is disabled' };
  if (stored.status !== 'APPROVED') return { code: 132001, message: 'Template name does not exist in the translation' };
  const given: unknown = Reflect.get(Object(template), 'components');
  const sent = Array.isArray(given) ? given : [];
  const mismatch = { code: 132000, message: 'Number of parameters does not match the expected number of params' };
  for (const c of stored.components) {
    if (c.type === 'BODY' && parameters(componentOf(sent, 'body')).length !== variables(c.text ?? '')) return mismatch;
    if (c.type === 'HEADER') {
      const format = (c.format ?? '').toUpperCase();
      const param = parameters(componentOf(sent, 'header'))[0];
      if (format === 'TEXT' && variables(c.text ?? '') > 0 && param === undefined) return mismatch;
      if (format !== 'TEXT') {
        const type = format.toLowerCase();
        const media: unknown = Reflect.get(Object(param), type);
        if (
          Reflect.get(Object(param), 'type') !== type ||
          (!Reflect.get(Object(media), 'link') && !Reflect.get(Object(media), 'id'))
        )
          return { code: 132012, message: 'Parameter format does not match format in the created template' };
      }
    }
    if (c.type === 'BUTTONS')
      for (const [i, b] of (c.buttons ?? []).entries()) {
        if (b.type !== 'URL' || variables(b.url ?? '') === 0) continue;
        if (parameters(componentOf(sent, 'button', String(i))).length !== 1) return mismatch;
      }
  }
  return null;
}

/**
 * Fake WhatsApp Business Management API: a WABA's message templates and the
 * Resumable Upload API for media header samples, answering as Graph does.
 *   GET    /v21.0/{waba-id}/message_templates   pages of `limit` (default 25) with paging.cursors / next
 *   POST   /v21.0/{waba-id}/message_templates   validated like Meta (name format, category, components,
 *                                               examples, duplicate name + language) → {id, status: PENDING, category}
 *   POST   /v21.0/{template-id}                 edit category or components (only APPROVED, REJECTED, PAUSED)
 *   DELETE /v21.0/{waba-id}/message_templates   ?name= (every language) or ?name=&hsm_id= (one)
 *   POST   /v21.0/{app-id}/uploads, POST /v21.0/upload:…   a sample's handle
 * Meta reviews asynchronously: a test (or the demo) decides with `decide()`, which posts the signed
 * `message_template_status_update` webhook to the URL the WABA is subscribed with, as Meta does.
 * The checks themselves are in whatsapp-template-checks.ts.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordedCall, type FakeProviderState } from './server.js';
import {
  checkComponents,
  refusal,
  sendRefusal,
  type FakeComponent,
  type GraphRefusal,
} from './whatsapp-template-checks.js';

export interface FakeTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  category: string;
  status: string;
  components: FakeComponent[];
  rejected_reason: string;
}

export type TemplateEvent = 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'FLAGGED' | 'REINSTATED';

interface Subscription {
  readonly callbackUrl: string;
  readonly appSecret: string;
}

const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];
const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

export class FakeWhatsappTemplates {
  private readonly byWaba = new Map<string, FakeTemplate[]>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly numbers = new Map<string, string>();
  /** Names whose approved template was deleted: Meta refuses the name for 30 days. */
  private readonly blockedNames = new Set<string>();
  private counter = 0;

  /** Where Meta posts the WABA's webhook changes (the app's Callback URL), signed with the app secret. */
  subscribe(wabaId: string, subscription: Subscription): void {
    this.subscriptions.set(wabaId, subscription);
  }

  /** The business phone number belongs to the WABA: its template messages are checked against its templates. */
  linkNumber(phoneNumberId: string, wabaId: string): void {
    this.numbers.set(phoneNumberId, wabaId);
  }

  wabaOfNumber(phoneNumberId: string): string | null {
    return this.numbers.get(phoneNumberId) ?? null;
  }

  list(wabaId: string): FakeTemplate[] {
    let list = this.byWaba.get(wabaId);
    if (!list) {
      list = [];
      this.byWaba.set(wabaId, list);
    }
    return list;
  }

  find(id: string): { wabaId: string; template: FakeTemplate } | null {
    for (const [wabaId, list] of this.byWaba) {
      const template = list.find((t) => t.id === id);
      if (template) return { wabaId, template };
    }
    return null;
  }

  byName(wabaId: string, name: string, language: string): FakeTemplate | null {
    return this.list(wabaId).find((t) => t.name === name && t.language === language) ?? null;
  }

  nextId(): string {
    this.counter += 1;
    return String(1_200_000_000_000_000 + this.counter);
  }

  /** A template already in the account (made in WhatsApp Manager), approved unless said otherwise. */
  seed(wabaId: string, template: Partial<FakeTemplate> & { name: string; components: FakeComponent[] }): FakeTemplate {
    const stored: FakeTemplate = {
      id: this.nextId(),
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      rejected_reason: 'NONE',
      ...template,
    };
    this.list(wabaId).push(stored);
    return stored;
  }

  create(wabaId: string, json: unknown): { ok: true; template: FakeTemplate } | { ok: false; refusal: GraphRefusal } {
    const body = typeof json === 'object' && json !== null ? json : {};
    const name: unknown = Reflect.get(body, 'name');
    const language: unknown = Reflect.get(body, 'language');
    const category: unknown = Reflect.get(body, 'category');
    if (typeof name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(name))
      return {
        ok: false,
        refusal: refusal('Invalid name', 'Template names can only have lowercase letters, numbers and underscores.'),
      };
    if (typeof language !== 'string' || language === '')
      return { ok: false, refusal: refusal('Invalid language', 'The language is required.') };
    if (typeof category !== 'string' || !CATEGORIES.includes(category))
      return { ok: false, refusal: refusal('Invalid category', 'Use MARKETING, UTILITY or AUTHENTICATION.') };
    if (this.byName(wabaId, name, language))
      return {
        ok: false,
        refusal: refusal(
          'Content in this language already exists',
          `A template called ${name} already exists in ${language}. Choose another name or language.`,
          2388024,
        ),
      };
    if (this.blockedNames.has(`${wabaId}:${name}`))
      return {
        ok: false,
        refusal: refusal(
          'Message template is being deleted',
          `${name} was deleted: its name can be used again after 30 days. Choose another name.`,
          2388023,
        ),
      };
    const problem = checkComponents(Reflect.get(body, 'components'));
    if (problem) return { ok: false, refusal: problem };
    const components = Reflect.get(body, 'components') as FakeComponent[];
    const template: FakeTemplate = {
      id: this.nextId(),
      name,
      language,
      category,
      status: 'PENDING',
      components,
      rejected_reason: 'NONE',
    };
    this.list(wabaId).push(template);
    return { ok: true, template };
  }

  edit(id: string, json: unknown): GraphRefusal | null {
    const found = this.find(id);
    if (!found)
      return {
        status: 400,
        code: 100,
        subcode: 33,
        title: 'Not found',
        message: `Object with ID '${id}' does not exist.`,
      };
    const { template } = found;
    if (!EDITABLE.includes(template.status))
      return refusal('Template cannot be edited', 'Only approved, rejected or paused templates can be edited.');
    const body = typeof json === 'object' && json !== null ? json : {};
    const category: unknown = Reflect.get(body, 'category');
    const components: unknown = Reflect.get(body, 'components');
    if (category === undefined && components === undefined)
      return refusal('Nothing to edit', 'Send a category or components.');
    if (category !== undefined && (typeof category !== 'string' || !CATEGORIES.includes(category)))
      return refusal('Invalid category', 'Use MARKETING, UTILITY or AUTHENTICATION.');
    if (components !== undefined) {
      const problem = checkComponents(components);
      if (problem) return problem;
      template.components = components as FakeComponent[];
    }
    if (typeof category === 'string') template.category = category;
    template.status = 'PENDING';
    template.rejected_reason = 'NONE';
    return null;
  }

  remove(wabaId: string, name: string, hsmId: string | undefined): GraphRefusal | null {
    const list = this.list(wabaId);
    const matching = list.filter((t) => t.name === name && (hsmId === undefined || t.id === hsmId));
    if (matching.length === 0) return refusal('Template not found', `No template ${name} to delete.`);
    if (matching.some((t) => t.status === 'DISABLED'))
      return refusal('Template cannot be deleted', 'Disabled templates cannot be deleted.');
    for (const t of matching) {
      if (t.status === 'APPROVED') this.blockedNames.add(`${wabaId}:${name}`);
      list.splice(list.indexOf(t), 1);
    }
    return null;
  }

  /**
   * Meta's review decides: the template takes the event's status and the WABA's webhook gets a signed
   * `message_template_status_update` change. Answers the hub's response (or null without a subscription).
   */
  async decide(
    id: string,
    event: TemplateEvent,
    options: { reason?: string; rejectionInfo?: { reason: string; recommendation: string }; signWith?: string } = {},
  ): Promise<Response | null> {
    const found = this.find(id);
    if (!found) throw new Error(`fake whatsapp: no template ${id}`);
    const { wabaId, template } = found;
    if (event !== 'FLAGGED') template.status = event === 'REINSTATED' ? 'APPROVED' : event;
    template.rejected_reason = options.reason ?? 'NONE';
    const subscription = this.subscriptions.get(wabaId);
    if (!subscription) return null;
    const value: Record<string, unknown> = {
      event,
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      reason: options.reason ?? 'NONE',
      message_template_category: template.category,
    };
    if (options.rejectionInfo) value.rejection_info = options.rejectionInfo;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: wabaId,
          time: Math.floor(Date.now() / 1000),
          changes: [{ field: 'message_template_status_update', value }],
        },
      ],
    });
    const secret = options.signWith ?? subscription.appSecret;
    return fetch(subscription.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      },
      body,
    });
  }
}

const STATE = new WeakMap<FakeProviderState, FakeWhatsappTemplates>();

/** The fake's template store for one fake provider (tests seed, subscribe and decide through it). */
export function whatsappTemplatesOf(state: FakeProviderState): FakeWhatsappTemplates {
  let templates = STATE.get(state);
  if (!templates) {
    templates = new FakeWhatsappTemplates();
    STATE.set(state, templates);
  }
  return templates;
}

function encodeCursor(index: number): string {
  return Buffer.from(`index:${index}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^index:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : 0;
}

export function registerWhatsappTemplateRoutes(
  app: FastifyInstance,
  state: FakeProviderState,
  accepts: (authorization: string | undefined) => boolean,
  refuseToken: (reply: FastifyReply) => FastifyReply,
): void {
  const templates = whatsappTemplatesOf(state);

  app.get<{ Params: { wabaId: string } }>('/v21.0/:wabaId/message_templates', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const all = templates.list(req.params.wabaId);
    const limit = Math.min(Math.max(Number(call.query.limit ?? 25) || 25, 1), 1000);
    const start = decodeCursor(call.query.after);
    const page = all.slice(start, start + limit);
    const end = start + page.length;
    const paging: Record<string, unknown> = { cursors: { before: encodeCursor(start), after: encodeCursor(end) } };
    if (end < all.length) {
      const next = new URL(`${state.baseUrlFor('whatsapp')}${call.path}`);
      for (const [k, v] of Object.entries(call.query)) next.searchParams.set(k, v);
      next.searchParams.set('after', encodeCursor(end));
      paging.next = next.toString();
    }
    return reply.send({ data: page, paging });
  });

  app.post<{ Params: { wabaId: string } }>('/v21.0/:wabaId/message_templates', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const created = templates.create(req.params.wabaId, call.json);
    if (!created.ok) return sendRefusal(reply, created.refusal);
    const { id, status, category } = created.template;
    return reply.send({ id, status, category });
  });

  app.delete<{ Params: { wabaId: string } }>('/v21.0/:wabaId/message_templates', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const name = call.query.name;
    if (!name) return sendRefusal(reply, refusal('Name required', 'Say which template to delete (name).'));
    const problem = templates.remove(req.params.wabaId, name, call.query.hsm_id);
    return problem ? sendRefusal(reply, problem) : reply.send({ success: true });
  });

  // A session of the Resumable Upload API: the handle of a media header's sample comes from it.
  app.post<{ Params: { appId: string } }>('/v21.0/:appId/uploads', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    if (!call.query.file_length || !call.query.file_type)
      return sendRefusal(reply, refusal('Invalid upload', 'file_length and file_type are required.'));
    return reply.send({ id: `upload:${randomBytes(9).toString('base64url')}` });
  });

  // One segment: an upload session's bytes (`upload:…`), or a template edit (`{template-id}`).
  app.post<{ Params: { id: string } }>('/v21.0/:id', async (req, reply) => {
    const call = recordedCall(req);
    const id = req.params.id;
    if (id.startsWith('upload:')) {
      const auth = call.headers.authorization ?? '';
      if (!/^OAuth \S+$/.test(auth)) return refuseToken(reply);
      if (call.headers.file_offset !== '0' || call.rawBody.length === 0)
        return sendRefusal(reply, refusal('Invalid upload', 'Send the file from file_offset 0.'));
      return reply.send({ h: `4::${Buffer.from(id).toString('base64url')}:${call.rawBody.length}` });
    }
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const problem = templates.edit(id, call.json);
    return problem ? sendRefusal(reply, problem) : reply.send({ success: true });
  });
}

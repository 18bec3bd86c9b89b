/**
 * Fake WhatsApp Business Management API: a WABA's message templates and the
 * Resumable Upload API for media header samples, answering as Graph does.
 *   GET    /v21.0/{waba-id}/message_templates   pages of `limit` (default 25) with paging.cursors / next
 *   POST   /v21.0/{waba-id}/message_templates   validated like Meta (name format, category, components,
 *                                               examples, duplicate name + language) → {id, status: PENDING, category}
 *   POST   /v21.0/{template-id}                 edit category or components (only APPROVED, REJECTED, PAUSED;
 *                                               an APPROVED one's category never, its components once a day and
 *                                               ten times in 30 days, by the fake's clock)
 *   DELETE /v21.0/{waba-id}/message_templates   ?name= (every language) or ?name=&hsm_id= (one)
 *   POST   /v21.0/{app-id}/uploads, POST /v21.0/upload:…   a sample's handle
 * Meta reviews asynchronously: a test (or the demo) decides with `decide()`, which posts the signed
 * `message_template_status_update` webhook to the URL the WABA is subscribed with, as Meta does, and
 * re-categorises with `recategorize()` (the signed `template_category_update`, impending or completed).
 * The checks themselves are in whatsapp-template-checks.ts, the HTTP routes in whatsapp-template-routes.ts.
 */
import { createHmac } from 'node:crypto';
import type { FakeProviderState } from './server.js';
import { checkComponents, refusal, type FakeComponent, type GraphRefusal } from './whatsapp-template-checks.js';

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
const DAY = 24 * 60 * 60 * 1000;
/**
 * Meta's limits on editing an APPROVED template (rejected and paused ones may be edited at will): one edit in
 * 24 hours, ten in 30 days.
 */
const APPROVED_EDITS = [
  { within: DAY, most: 1, words: 'once in 24 hours' },
  { within: 30 * DAY, most: 10, words: '10 times in 30 days' },
] as const;

export interface CategoryUpdateOptions {
  /** Impending: when Meta will change it (ms); a day from now by the fake's clock unless given. */
  readonly at?: number;
  readonly signWith?: string;
}

export class FakeWhatsappTemplates {
  private readonly byWaba = new Map<string, FakeTemplate[]>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly numbers = new Map<string, string>();
  /** Names whose approved template was deleted: Meta refuses the name for 30 days. */
  private readonly blockedNames = new Set<string>();
  /** When each template was edited while APPROVED (the fake's clock), for Meta's edit limits. */
  private readonly approvedEdits = new Map<string, number[]>();
  private clockOffset = 0;
  private counter = 0;
  private readonly submittedListeners = new Set<(template: FakeTemplate) => void>();

  /** `idTag`: digits put into new template ids (FakeProviderOptions.idTag). */
  constructor(private readonly idTag = '') {}

  /**
   * Tells `listener` of every template submitted for review (created, or edited back to PENDING), e.g. to
   * `decide()` it later as Meta would; returns the way to stop.
   */
  onSubmitted(listener: (template: FakeTemplate) => void): () => void {
    this.submittedListeners.add(listener);
    return () => this.submittedListeners.delete(listener);
  }

  private submitted(template: FakeTemplate): void {
    for (const listener of [...this.submittedListeners]) listener(template);
  }

  /** The fake's clock: the real time, moved on by `advanceClock`. */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

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
    if (this.idTag !== '') return `12${this.idTag}${String(this.counter).padStart(4, '0')}`;
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
    this.submitted(template);
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
    const approved = template.status === 'APPROVED';
    // Meta's "Edit templates": only a rejected or paused template may change its category. Meta documents the
    // rule but no error code or subcode for it (nor for the edit limits below): the fake answers Graph's
    // generic OAuthException, code 100, with the rule in error_user_msg.
    if (approved && category !== undefined && category !== template.category)
      return refusal(
        'Category cannot be edited',
        'The category of an approved template cannot be edited. Only rejected or paused templates can change their category.',
      );
    if (components !== undefined) {
      const problem = checkComponents(components);
      if (problem) return problem;
    }
    if (approved) {
      const now = this.now();
      const edits = this.approvedEdits.get(id) ?? [];
      for (const limit of APPROVED_EDITS)
        if (edits.filter((at) => now - at < limit.within).length >= limit.most)
          return refusal(
            'Edit limit reached',
            `An approved template can be edited only ${limit.words}. Try again later, or create a new template.`,
          );
      this.approvedEdits.set(id, [...edits.filter((at) => now - at < 30 * DAY), now]);
    }
    if (components !== undefined) template.components = components as FakeComponent[];
    if (typeof category === 'string') template.category = category;
    template.status = 'PENDING';
    template.rejected_reason = 'NONE';
    this.submitted(template);
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
    const value: Record<string, unknown> = {
      event,
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      reason: options.reason ?? 'NONE',
      message_template_category: template.category,
    };
    if (options.rejectionInfo) value.rejection_info = options.rejectionInfo;
    return this.post(wabaId, 'message_template_status_update', value, options.signWith);
  }

  /**
   * Meta re-categorises an approved template (its content does not fit the category): `impending` announces
   * it (`correct_category`, the current one as `new_category`, `category_update_timestamp` in seconds);
   * `completed` changes the template and reports `previous_category` → `new_category`. Posts the signed
   * `template_category_update` change and answers the hub's response (or null without a subscription).
   */
  async recategorize(
    id: string,
    phase: 'impending' | 'completed',
    category: string,
    options: CategoryUpdateOptions = {},
  ): Promise<Response | null> {
    const found = this.find(id);
    if (!found) throw new Error(`fake whatsapp: no template ${id}`);
    const { wabaId, template } = found;
    const value: Record<string, unknown> = {
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
    };
    if (phase === 'impending') {
      value.correct_category = category;
      value.new_category = template.category;
      value.category_update_timestamp = Math.floor((options.at ?? this.now() + DAY) / 1000);
    } else {
      value.previous_category = template.category;
      value.new_category = category;
      template.category = category;
    }
    return this.post(wabaId, 'template_category_update', value, options.signWith);
  }

  /** A WABA webhook change as Meta posts it: signed with the app secret (X-Hub-Signature-256). */
  private async post(
    wabaId: string,
    field: string,
    value: Record<string, unknown>,
    signWith: string | undefined,
  ): Promise<Response | null> {
    const subscription = this.subscriptions.get(wabaId);
    if (!subscription) return null;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: wabaId, time: Math.floor(this.now() / 1000), changes: [{ field, value }] }],
    });
    const secret = signWith ?? subscription.appSecret;
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
    templates = new FakeWhatsappTemplates(state.idTag);
    STATE.set(state, templates);
  }
  return templates;
}

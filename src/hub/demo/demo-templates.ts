/**
 * The demo WhatsApp Business Account's message templates: two approved ones
 * to send outside the 24-hour window, and whatever the demo admin submits,
 * which "Meta" approves a few seconds later through the signed
 * `message_template_status_update` webhook — the path a real approval takes.
 * Answers the Graph routes the hub calls (list, create, edit, delete); demo
 * only, it checks nothing.
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { parseJsonText } from '../channels/provider-call.js';

export const DEMO_WABA_ID = '100000000000002';

export interface DemoTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  category: string;
  status: string;
  components: unknown[];
}

const SEEDED: readonly Omit<DemoTemplate, 'id'>[] = [
  {
    name: 'order_update',
    language: 'ja',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      {
        type: 'BODY',
        text: '{{1}}様、ご注文（チケット {{2}}）の状況をご連絡いたします。',
        example: { body_text: [['山田', '1024']] },
      },
      { type: 'FOOTER', text: 'Switchboard デモ' },
    ],
  },
  {
    name: 'follow_up',
    language: 'en',
    category: 'UTILITY',
    status: 'APPROVED',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Checking in' },
      {
        type: 'BODY',
        text: 'Hi {{1}}, this is {{2}} from support. Is there anything else we can help with?',
        example: { body_text: [['Aiko', 'Ken']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'All good' },
          { type: 'QUICK_REPLY', text: 'Yes, please' },
        ],
      },
    ],
  },
];

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}

export class DemoTemplates {
  private readonly templates: DemoTemplate[];
  /** Told when the demo admin submits or edits a template: the demo approves it later. */
  onSubmitted: ((template: DemoTemplate) => void) | null = null;

  private counter = 0;

  constructor() {
    this.templates = SEEDED.map((t, i) => ({ ...t, id: `90000000000000${i + 1}` }));
  }

  /** Digits, like Meta's ids, and new on every run (the hub keeps the ones of earlier runs). */
  private nextId(): string {
    this.counter += 1;
    return `9${String(Date.now()).slice(-9)}${String(this.counter).padStart(3, '0')}`;
  }

  register(app: FastifyInstance): void {
    const body = DemoTemplates.bodyOf;
    app.get('/whatsapp/v21.0/:waba/message_templates', async () => ({ data: this.templates, paging: { cursors: {} } }));
    app.post('/whatsapp/v21.0/:waba/message_templates', async (req) => {
      const given = body(req.body);
      const template: DemoTemplate = {
        id: this.nextId(),
        name: String(given.name),
        language: String(given.language),
        category: String(given.category),
        status: 'PENDING',
        components: Array.isArray(given.components) ? given.components : [],
      };
      this.templates.push(template);
      this.onSubmitted?.(template);
      return { id: template.id, status: template.status, category: template.category };
    });
    app.post<{ Params: { id: string } }>('/whatsapp/v21.0/:id', async (req) => {
      const template = this.templates.find((t) => t.id === req.params.id);
      if (!template) return { success: false };
      const given = body(req.body);
      if (typeof given.category === 'string') template.category = given.category;
      if (Array.isArray(given.components)) template.components = given.components;
      template.status = 'PENDING';
      this.onSubmitted?.(template);
      return { success: true };
    });
    app.delete<{ Querystring: { hsm_id?: string } }>('/whatsapp/v21.0/:waba/message_templates', async (req) => {
      const index = this.templates.findIndex((t) => t.id === req.query.hsm_id);
      if (index >= 0) this.templates.splice(index, 1);
      return { success: true };
    });
  }

  /** "Meta" decides: the template's new status and the signed webhook that reports it to the hub. */
  approve(template: DemoTemplate, appSecret: string): { body: string; signature: string } {
    template.status = 'APPROVED';
    const value = {
      event: 'APPROVED',
      message_template_id: Number(template.id),
      message_template_name: template.name,
      message_template_language: template.language,
      reason: 'NONE',
      message_template_category: template.category,
    };
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: DEMO_WABA_ID,
          time: Math.floor(Date.now() / 1000),
          changes: [{ field: 'message_template_status_update', value }],
        },
      ],
    });
    return { body, signature: `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}` };
  }

  static bodyOf(raw: unknown): Record<string, unknown> {
    return record(Buffer.isBuffer(raw) ? parseJsonText(raw.toString('utf8')) : raw);
  }
}

/**
 * Plays the demo customers' stories into the hub: first the stories told a
 * day or two ago (backdated, once), then a first message from every customer
 * right away, then one step every few seconds, each through the provider's
 * real path (signed webhook, or Telegram getUpdates when the hub long-polls).
 * Messages the hub sends on WhatsApp and Twilio come back as delivered and
 * then read, like a customer reading them — except to the customer WhatsApp
 * cannot reach, whose messages come back failed (131026).
 */
import type { Logger } from 'pino';
import type { FakeProvider, SentNotice } from '../../fake-provider/server.js';
import { deliverWebhook } from '../../fake-provider/signing.js';
import { enqueueTelegramUpdate } from '../../fake-provider/telegram.js';
import { whatsappTemplatesOf, type FakeTemplate } from '../../fake-provider/whatsapp-templates.js';
import type { HubRuntime } from '../providers/extension.js';
import {
  ALL_DEMO_CUSTOMERS,
  DEMO_CUSTOMERS,
  PAST_DEMO_CUSTOMERS,
  PAST_STEP_GAP_MS,
  type DemoCustomer,
  type PastDemoCustomer,
} from './demo-script.js';
import type { DemoChannel } from './demo-setup.js';
import {
  demoWebhook,
  nextTelegramUpdateId,
  telegramUpdate,
  twilioForm,
  whatsappReceipt,
  whatsappUndeliverable,
  type DemoSecrets,
  type DemoWebhook,
} from './demo-webhooks.js';

export interface DemoTiming {
  /** Gap between the customers' first messages. */
  readonly openingGapMs: number;
  /** Gap between later steps (randomised ±50 %). */
  readonly stepGapMs: number;
  /** Pause before the stories start over (customers following up). */
  readonly roundPauseMs: number;
  readonly deliveredAfterMs: number;
  readonly readAfterMs: number;
  /** How long "Meta" takes to approve a template the demo admin submitted. */
  readonly templateApprovalMs?: number;
}

const TEMPLATE_APPROVAL_MS = 4000;

const DEFAULT_DEMO_TIMING: DemoTiming = {
  openingGapMs: 400,
  stepGapMs: 9000,
  roundPauseMs: 120_000,
  deliveredAfterMs: 1500,
  readAfterMs: 5000,
};

export class DemoPlayer {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly progress = new Map<DemoCustomer, number>();
  private readonly secrets = new Map<string, DemoSecrets>();
  private stopped = false;

  constructor(
    private readonly hub: HubRuntime,
    private readonly provider: FakeProvider,
    channels: readonly DemoChannel[],
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly timing: DemoTiming = DEFAULT_DEMO_TIMING,
  ) {
    const base = hub.config.publicUrl ?? hub.url;
    for (const c of channels) this.secrets.set(c.kind, { ...c, webhookUrl: `${base}/webhooks/${c.channelId}` });
  }

  /** Tells the past stories (awaited: they are in the hub before anyone signs in), then starts the live ones. */
  async start(): Promise<void> {
    for (const customer of PAST_DEMO_CUSTOMERS) {
      if (this.stopped) return;
      await this.playPast(customer).catch((err: unknown) => this.log.warn({ err }, 'demo past story failed'));
    }
    DEMO_CUSTOMERS.forEach((customer, i) => this.later(i * this.timing.openingGapMs, () => this.play(customer)));
    this.later(DEMO_CUSTOMERS.length * this.timing.openingGapMs + this.timing.stepGapMs, () => this.tick());
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** The fake provider accepted a message from the hub: the customer's phone receives and reads it. */
  onSent(notice: SentNotice): void {
    if (notice.kind !== 'whatsapp' && notice.kind !== 'twilio') return;
    const unreachable = ALL_DEMO_CUSTOMERS.some(
      (c) => c.undeliverable === true && c.kind === notice.kind && c.key === notice.recipient,
    );
    if (unreachable) {
      this.later(this.timing.deliveredAfterMs, () => this.undeliverable(notice));
      return;
    }
    this.later(this.timing.deliveredAfterMs, () => this.receipt(notice, 'delivered'));
    this.later(this.timing.readAfterMs, () => this.receipt(notice, 'read'));
  }

  /**
   * "Meta" approves a template the demo admin submitted a few seconds later: the fake provider posts the
   * signed `message_template_status_update` to the WABA's subscription (the hub's webhook).
   */
  approveTemplate(template: FakeTemplate): void {
    this.later(this.timing.templateApprovalMs ?? TEMPLATE_APPROVAL_MS, async () => {
      const res = await whatsappTemplatesOf(this.provider.state).decide(template.id, 'APPROVED');
      if (res && !res.ok)
        this.log.warn({ status: res.status, body: (await res.text()).slice(0, 200) }, 'demo template approval refused');
      else await res?.arrayBuffer();
    });
  }

  private later(ms: number, work: () => Promise<void> | void): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (this.stopped) return;
      Promise.resolve(work()).catch((err: unknown) => this.log.warn({ err }, 'demo traffic step failed'));
    }, ms);
    this.timers.add(timer);
  }

  private tick(): void {
    const waiting = DEMO_CUSTOMERS.filter((c) => (this.progress.get(c) ?? 0) < c.steps.length);
    const next = waiting[Math.floor(Math.random() * waiting.length)];
    if (next) {
      void this.play(next).catch((err: unknown) => this.log.warn({ err }, 'demo traffic step failed'));
      this.later(this.timing.stepGapMs * (0.5 + Math.random()), () => this.tick());
      return;
    }
    this.progress.clear();
    this.later(this.timing.roundPauseMs, () => this.tick());
  }

  /** Plays the customer's next step; a 'follow' step is followed at once by the first message. */
  private async play(customer: DemoCustomer): Promise<void> {
    const index = this.progress.get(customer) ?? 0;
    const step = customer.steps[index];
    const secrets = this.secrets.get(customer.kind);
    if (!step || !secrets) return;
    this.progress.set(customer, index + 1);
    const now = Date.now();
    if (customer.kind === 'telegram' && this.hub.config.publicUrl === null) {
      const update = telegramUpdate(customer, step, this.provider.state, nextTelegramUpdateId(), now);
      if (update !== null) enqueueTelegramUpdate(this.provider.state, String(secrets.credentials.botToken), update);
    } else {
      const webhook = demoWebhook(customer, step, secrets, this.provider.state, now);
      if (webhook) await this.post(secrets, webhook);
    }
    if (step.type === 'follow') await this.play(customer);
  }

  /**
   * A story from the past, each step stamped when it was written, as the provider would have delivered it
   * then. Told once: a customer the hub already knows is skipped (a restart does not tell it again).
   */
  private async playPast(customer: PastDemoCustomer): Promise<void> {
    const secrets = this.secrets.get(customer.kind);
    if (!secrets || (await this.hub.store.contacts.findBySender(secrets.channelId, customer.key, ''))) return;
    const start = Date.now() - customer.startedAgoMs;
    for (const [i, step] of customer.steps.entries()) {
      const webhook = demoWebhook(
        customer,
        step,
        secrets,
        this.provider.state,
        Date.now(),
        start + i * PAST_STEP_GAP_MS,
      );
      if (webhook) await this.post(secrets, webhook);
    }
  }

  private async undeliverable(notice: SentNotice): Promise<void> {
    const secrets = this.secrets.get(notice.kind);
    if (!secrets || notice.kind !== 'whatsapp') return;
    const to = notice.recipient ?? '';
    await this.post(secrets, whatsappUndeliverable(notice.providerMessageId, to, secrets, Date.now()));
  }

  private async receipt(notice: SentNotice, status: 'delivered' | 'read'): Promise<void> {
    const secrets = this.secrets.get(notice.kind);
    if (!secrets) return;
    if (notice.kind === 'whatsapp') {
      await this.post(secrets, whatsappReceipt(notice.providerMessageId, status, '', secrets, Date.now()));
      return;
    }
    const form = new URLSearchParams({
      MessageSid: notice.providerMessageId,
      SmsSid: notice.providerMessageId,
      MessageStatus: status,
      SmsStatus: status,
    });
    form.set('AccountSid', String(secrets.credentials.accountSid));
    form.set('From', String(secrets.credentials.from));
    form.set('ChannelPrefix', 'whatsapp');
    form.set('ApiVersion', '2010-04-01');
    await this.post(secrets, twilioForm(form, secrets));
  }

  private async post(secrets: DemoSecrets, webhook: DemoWebhook): Promise<void> {
    const res = await deliverWebhook(`${this.hub.url}/webhooks/${secrets.channelId}`, webhook);
    if (!res.ok)
      this.log.warn(
        { kind: secrets.kind, status: res.status, body: (await res.text()).slice(0, 200) },
        'demo webhook refused',
      );
    else await res.arrayBuffer();
  }
}

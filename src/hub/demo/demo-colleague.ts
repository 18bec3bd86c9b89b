/**
 * The demo's second agent at work: 中村 健司 (Kenji) signs in like any agent
 * client (HTTP login, then a socket.io connection with the session token) and
 * uses the hub's ordinary socket commands — so the person trying the demo sees
 * a colleague type ("中村 健司 is typing…"), answer, label conversations, leave
 * a private note and hand a conversation over. One of his replies goes to the
 * customer WhatsApp cannot reach, so a failed send with its reason shows too.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { Conversation } from '../../shared/domain.js';
import type { Ack, CommandRequest, SocketCommand } from '../../shared/protocol.js';
import type { HubRuntime } from '../providers/extension.js';
import type { DemoAccount } from './demo-setup.js';
import { ALL_DEMO_CUSTOMERS, type DemoCustomer } from './demo-script.js';

export interface ColleagueTiming {
  /** Pause before the first action (customers write their first messages meanwhile). */
  readonly startAfterMs: number;
  /** Pause between actions. */
  readonly gapMs: number;
  /** How long he types before a message goes out. */
  readonly typingMs: number;
}

export const DEFAULT_COLLEAGUE_TIMING: ColleagueTiming = { startAfterMs: 6000, gapMs: 5000, typingMs: 3500 };

/** The longest he waits for a customer's conversation to appear. */
const CONVERSATION_WAIT_MS = 60_000;

type Action =
  | { readonly type: 'reply'; readonly customer: string; readonly text: string }
  | { readonly type: 'labels'; readonly customer: string; readonly labels: readonly string[] }
  | { readonly type: 'handover'; readonly customer: string; readonly note: string; readonly to: readonly string[] };

/**
 * What he does, in order. The handover goes to the first of `to` who does not have the conversation
 * already (佐藤 花子, else Alex Kim), so it is always a reassignment.
 */
const ACTIONS: readonly Action[] = [
  {
    type: 'reply',
    customer: '小林 直樹',
    text: '小林様、ご連絡ありがとうございます。お届け先を梅田のご住所に変更いたしました。',
  },
  { type: 'labels', customer: '山田 太郎', labels: ['返品・交換', '至急'] },
  { type: 'labels', customer: 'Emily Clarke', labels: ['warranty'] },
  { type: 'labels', customer: 'Olivia Bennett', labels: ['follow-up'] },
  {
    type: 'handover',
    customer: 'Carlos Mendes',
    note: '二重請求の件、経理の確認をお願いできますか？ / Could you check the double charge with accounting?',
    to: ['hanako.sato@demo.example.com', 'alex.kim@demo.example.com'],
  },
];

export class DemoColleague {
  private socket: Socket | null = null;
  private stopped = false;

  constructor(
    private readonly hub: HubRuntime,
    private readonly account: DemoAccount,
    private readonly log: Pick<Logger, 'info' | 'warn'>,
    private readonly timing: ColleagueTiming = DEFAULT_COLLEAGUE_TIMING,
  ) {}

  /** Signs in and plays his actions; resolves when he is done (or stopped). */
  async run(): Promise<void> {
    await this.pause(this.timing.startAfterMs);
    if (this.stopped) return;
    const res = await fetch(`${this.hub.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: this.account.email, password: this.account.password }),
    });
    if (!res.ok) {
      this.log.warn({ status: res.status }, 'demo colleague could not sign in');
      return;
    }
    const { token } = (await res.json()) as { token: string };
    const socket = io(this.hub.url, { auth: { token }, transports: ['websocket'], reconnection: false });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    for (const action of ACTIONS) {
      if (this.stopped) return;
      await this.act(action);
      await this.pause(this.timing.gapMs);
    }
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
    this.socket = null;
  }

  private async act(action: Action): Promise<void> {
    const conversation = await this.conversationOf(action.customer);
    if (!conversation) {
      this.log.warn({ customer: action.customer }, 'demo colleague found no conversation');
      return;
    }
    const conversationId = conversation.id;
    if (action.type === 'labels') {
      await this.command('conversation.setLabels', { conversationId, labels: [...action.labels] });
      return;
    }
    const text = action.type === 'reply' ? action.text : action.note;
    await this.command('typing', { conversationId, isTyping: true });
    await this.pause(this.timing.typingMs);
    await this.command('typing', { conversationId, isTyping: false });
    await this.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: action.type === 'reply' ? 'text' : 'note',
      text,
    });
    if (action.type !== 'handover') return;
    const current = (await this.hub.store.conversations.findById(conversationId))?.conversation.assigneeId ?? null;
    const target = (
      await Promise.all(
        action.to.map(async (email) => (await this.hub.store.agents.findCredentialsByEmail(email))?.agent.id),
      )
    ).find((id) => id !== undefined && id !== current);
    if (target) await this.command('conversation.assign', { conversationId, assigneeId: target });
  }

  private async command<C extends SocketCommand>(name: C, payload: CommandRequest<C>): Promise<void> {
    const socket = this.socket;
    if (!socket || this.stopped) return;
    const ack = (await socket.timeout(10_000).emitWithAck(name, payload)) as Ack<unknown>;
    if (!ack.ok) this.log.warn({ command: name, error: ack.error }, 'demo colleague command refused');
  }

  /** The customer's conversation, once their first message is in (the store is only read here). */
  private async conversationOf(name: string): Promise<Conversation | null> {
    const customer = ALL_DEMO_CUSTOMERS.find((c) => c.name === name);
    if (!customer) return null;
    const until = Date.now() + CONVERSATION_WAIT_MS;
    while (!this.stopped && Date.now() < until) {
      const found = await this.find(customer);
      if (found) return found;
      await this.pause(250);
    }
    return null;
  }

  private async find(customer: DemoCustomer): Promise<Conversation | null> {
    const { store } = this.hub;
    const channel = (await store.channels.list()).find((c) => c.kind === customer.kind);
    if (!channel) return null;
    const externalId = customer.kind === 'twilio' ? `whatsapp:${customer.key}` : customer.key;
    const contact = await store.contacts.findBySender(channel.id, externalId, '');
    if (!contact) return null;
    return (await store.conversations.latestOfContact(contact.contact.id))?.conversation ?? null;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}

/** Wires the services together; the HTTP and socket layers and the adapters' integration use this object. */
import type { BlobStore } from '../store/blobs.js';
import { AgentService } from './agents.js';
import { AssignmentService } from './assignment.js';
import { AttachmentService } from './attachments.js';
import { AuthService } from './auth.js';
import { ChannelService, type AdapterLookup } from './channels.js';
import { ContactService } from './contacts.js';
import type { HubContext } from './context.js';
import { ConversationService } from './conversations.js';
import { CreditService } from './credits.js';
import { InboundService } from './inbound.js';
import { MessageService } from './messages.js';
import { OutboundService } from './outbound.js';
import { idleDispatcher, type OutboundDispatcher } from './outbound-port.js';
import { PresenceTracker } from './presence.js';
import { ReceiptService } from './receipts.js';
import { SyncService } from './sync.js';
import { TemplateService } from './templates.js';
import { TicketService } from './tickets.js';
import type { CredentialVault } from './vault.js';

export interface HubServices {
  readonly presence: PresenceTracker;
  readonly auth: AuthService;
  readonly agents: AgentService;
  readonly channels: ChannelService;
  readonly contacts: ContactService;
  readonly conversations: ConversationService;
  readonly assignment: AssignmentService;
  readonly templates: TemplateService;
  readonly credits: CreditService;
  readonly inbound: InboundService;
  readonly messages: MessageService;
  readonly attachments: AttachmentService;
  readonly outbound: OutboundService;
  readonly sync: SyncService;
  /** Replaced by the adapters' dispatcher at start-up; until then messages stay queued. */
  setDispatcher(dispatcher: OutboundDispatcher): void;
}

export interface ServiceDeps {
  readonly blobs: BlobStore;
  readonly vault: CredentialVault;
  readonly adapters: AdapterLookup;
}

export function createServices(ctx: HubContext, deps: ServiceDeps): HubServices {
  let dispatcher: OutboundDispatcher = idleDispatcher;
  const presence = new PresenceTracker(ctx.bus, ctx.now);
  const agents = new AgentService(ctx, presence);
  const channels = new ChannelService(ctx, deps.vault, deps.adapters);
  const contacts = new ContactService(ctx);
  const conversations = new ConversationService(ctx);
  const assignment = new AssignmentService(ctx, presence);
  const credits = new CreditService(ctx, channels);
  const mediaUrlKey = deps.vault.deriveKey('media-url');
  const receipts = new ReceiptService(ctx, credits);
  return {
    presence,
    auth: new AuthService(ctx, agents),
    agents,
    channels,
    contacts,
    conversations,
    assignment,
    templates: new TemplateService(ctx),
    credits,
    inbound: new InboundService(ctx, contacts, conversations, new TicketService(ctx), assignment, receipts),
    messages: new MessageService(ctx, conversations, credits, () => dispatcher),
    attachments: new AttachmentService(ctx, deps.blobs),
    outbound: new OutboundService(ctx, channels, deps.blobs, mediaUrlKey, receipts),
    sync: new SyncService(ctx, agents),
    setDispatcher: (next) => {
      dispatcher = next;
    },
  };
}

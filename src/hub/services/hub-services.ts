/** Wires the services together; the HTTP and socket layers and the adapters' integration use this object. */
import { randomUUID } from 'node:crypto';
import type { BlobStore } from '../store/ports/blobs.js';
import { AgentAccessService } from './agent-access.js';
import { AgentService } from './agents.js';
import { AssignmentService } from './assignment.js';
import { AttachmentService } from './attachments.js';
import { AuthService } from './auth.js';
import { AutoMessageService } from './auto-messages.js';
import { CannedReplyService } from './canned-replies.js';
import { ChannelHealthService } from './channel-health.js';
import { ChannelLinkService } from './channel-links.js';
import { ChannelService, type AdapterLookup } from './channels.js';
import { ChannelSetupService } from './channel-setup.js';
import { ChannelTrashService } from './channel-trash.js';
import { ContactService } from './contacts.js';
import { ContactTrashService } from './contact-trash.js';
import type { HubContext } from './context.js';
import { ConversationService } from './conversations.js';
import { CreditService } from './credits.js';
import { InboundService } from './inbound.js';
import { MessageService } from './messages.js';
import { OutboundService } from './outbound.js';
import { OutreachService } from './outreach.js';
import { idleDispatcher, type OutboundDispatcher } from './outbound-port.js';
import { PresenceTracker } from './presence.js';
import { NodePresence } from './node-presence.js';
import { NODE_ID } from '../cluster/node-id.js';
import { ReceiptService } from './receipts.js';
import { ConversationRerouter } from './rerouting.js';
import { Router } from './routing/router.js';
import { SyncService } from './sync.js';
import { ProviderTemplateAccess } from './provider-templates.js';
import { TemplateSyncService } from './template-sync.js';
import { TemplateService } from './templates.js';
import { TicketService } from './tickets.js';
import { TeamSettingsService } from './team-settings.js';
import type { CredentialVault } from './vault.js';

export interface HubServices {
  readonly presence: PresenceTracker;
  readonly auth: AuthService;
  readonly agents: AgentService;
  readonly agentAccess: AgentAccessService;
  readonly channelLinks: ChannelLinkService;
  readonly channels: ChannelService;
  readonly channelTrash: ChannelTrashService;
  readonly channelSetup: ChannelSetupService;
  /** Channel health: facts, status, admins' pushes (docs/hub.md, "Channel health"). */
  readonly health: ChannelHealthService;
  readonly contacts: ContactService;
  readonly contactTrash: ContactTrashService;
  readonly conversations: ConversationService;
  /** Tickets by hand, subjects, converting a channel's open conversations (docs/lifecycle.md). */
  readonly tickets: TicketService;
  readonly assignment: AssignmentService;
  /** Queues, capacity, re-routing and unanswered passes (docs/hub.md, "Routing"). */
  readonly routing: Router;
  readonly templates: TemplateService;
  /** WhatsApp templates kept what the WhatsApp Business Account says (sync, Meta's status webhook). */
  readonly templateSync: TemplateSyncService;
  readonly cannedReplies: CannedReplyService;
  readonly credits: CreditService;
  readonly inbound: InboundService;
  readonly messages: MessageService;
  /** Agents writing first: POST /api/conversations (docs/lifecycle.md, "Writing first"). */
  readonly outreach: OutreachService;
  readonly attachments: AttachmentService;
  readonly outbound: OutboundService;
  readonly sync: SyncService;
  /** Hub-wide choices of the team's admins (GET/PATCH /api/team-settings). */
  readonly teamSettings: TeamSettingsService;
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
  // On Postgres the hub may run on several nodes: presence is the union over them (services/node-presence.ts).
  const cluster =
    ctx.store.kind === 'postgres'
      ? new NodePresence({
          repository: ctx.store.nodePresence,
          // Per hub, not per process (NODE_ID): a test process runs several hubs, each with its own sockets.
          nodeId: `${NODE_ID}/${randomUUID()}`,
          bus: ctx.bus,
          now: ctx.now,
          onError: (what, err) => ctx.log.warn({ err }, what),
        })
      : null;
  const presence = new PresenceTracker(ctx.bus, ctx.now, ctx.store.routing, cluster, (err) =>
    ctx.log.error({ err }, 'presence from another node not applied'),
  );
  const conversations = new ConversationService(ctx);
  const routing = new Router(ctx, presence, conversations);
  const assignment = new AssignmentService(routing);
  const agents = new AgentService(ctx, presence, new ConversationRerouter(ctx, routing));
  const channels = new ChannelService(ctx, deps.vault, deps.adapters);
  const contacts = new ContactService(ctx);
  const credits = new CreditService(ctx, channels);
  const mediaUrlKey = deps.vault.deriveKey('media-url');
  const templateAccess = new ProviderTemplateAccess(ctx, channels, deps.adapters);
  const receipts = new ReceiptService(ctx, credits);
  const messages = new MessageService(ctx, conversations, credits, () => dispatcher);
  return {
    presence,
    routing,
    auth: new AuthService(ctx, agents),
    agents,
    agentAccess: new AgentAccessService(ctx, agents),
    channelLinks: new ChannelLinkService(ctx, conversations),
    channels,
    channelTrash: new ChannelTrashService(ctx, channels),
    channelSetup: new ChannelSetupService(ctx, channels, deps.adapters),
    health: new ChannelHealthService(ctx, channels),
    contacts,
    contactTrash: new ContactTrashService(ctx, deps.blobs),
    conversations,
    tickets: new TicketService(ctx, conversations),
    assignment,
    templates: new TemplateService(ctx, templateAccess),
    templateSync: new TemplateSyncService(ctx, templateAccess),
    cannedReplies: new CannedReplyService(ctx),
    credits,
    inbound: new InboundService(
      ctx,
      contacts,
      conversations,
      new TicketService(ctx),
      assignment,
      receipts,
      new AutoMessageService(ctx, messages),
    ),
    messages,
    outreach: new OutreachService(ctx, contacts, conversations, messages, new TicketService(ctx)),
    attachments: new AttachmentService(ctx, deps.blobs),
    outbound: new OutboundService(ctx, channels, deps.blobs, mediaUrlKey, receipts),
    sync: new SyncService(ctx, agents),
    teamSettings: new TeamSettingsService(ctx),
    setDispatcher: (next) => {
      dispatcher = next;
    },
  };
}

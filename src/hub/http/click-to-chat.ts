/**
 * Click-to-chat (FAQ 58): for a channel, the link a website can show
 * (wa.me, t.me, LINE add-friend, WeChat's account-QR content) and the same
 * link as a QR code in SVG or PNG. Readable by anyone who may see the channel.
 * Adapters whose link needs a provider call (WeChat) answer asynchronously.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Channel } from '../../shared/domain.js';
import { AppError } from '../../shared/errors.js';
import { getAdapter } from '../channels/registry.js';
import type { AdapterContext, ClickToChat } from '../channels/types.js';
import { readCredentials } from '../providers/credentials.js';

export interface ClickToChatDeps {
  /** The channel if the request's agent may see it; throws UNAUTHENTICATED / NOT_FOUND / FORBIDDEN. */
  channelFor(req: FastifyRequest, channelId: string): Promise<Channel>;
  credentialsOf(channelId: string): Promise<unknown>;
  /** The channel's adapter context (HTTP and the per-channel cache) for links that need a provider call. */
  contextFor(channelId: string): AdapterContext;
}

/** Large enough to scan from a phone held at arm's length off a screen. */
const QR_WIDTH = 512;

async function clickToChatOf(channel: Channel, rawCredentials: unknown, ctx: AdapterContext): Promise<ClickToChat> {
  const adapter = getAdapter(channel.kind);
  const credentials = readCredentials(adapter, rawCredentials);
  if (!credentials.success) throw new AppError('INTERNAL', 'The channel’s stored credentials do not parse.');
  const settings = { publicHandle: channel.settings.publicHandle };
  if (adapter.clickToChatAsync) return adapter.clickToChatAsync(credentials.data, settings, ctx);
  return adapter.clickToChat(credentials.data, settings);
}

export async function clickToChatRoutes(app: FastifyInstance, deps: ClickToChatDeps): Promise<void> {
  const link = async (req: FastifyRequest<{ Params: { id: string } }>): Promise<ClickToChat> => {
    const channel = await deps.channelFor(req, req.params.id);
    return clickToChatOf(channel, await deps.credentialsOf(channel.id), deps.contextFor(channel.id));
  };

  app.get<{ Params: { id: string } }>('/api/channels/:id/click-to-chat', async (req) => await link(req));

  app.get<{ Params: { id: string } }>('/api/channels/:id/click-to-chat.svg', async (req, reply) => {
    const svg = await QRCode.toString((await link(req)).url, { type: 'svg', width: QR_WIDTH, margin: 2 });
    return reply.type('image/svg+xml').header('cache-control', 'private, max-age=300').send(svg);
  });

  app.get<{ Params: { id: string } }>('/api/channels/:id/click-to-chat.png', async (req, reply) => {
    const png = await QRCode.toBuffer((await link(req)).url, { type: 'png', width: QR_WIDTH, margin: 2 });
    return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
  });
}

/**
 * Setup instructions for a saved channel (GET /api/channels/:id/setup): the
 * webhook URL the provider must call (SWITCHBOARD_PUBLIC_URL + /webhooks/:id,
 * the address providers/provider-links.ts registers and Twilio signs), what else to
 * paste and subscribe to — declared by each adapter (`setup`) — how messages
 * reach the hub, and what is wrong with the public URL. Providers only call
 * https (Meta, LINE, Telegram setWebhook; Twilio and WeChat take http but the
 * hub's own links should not travel in clear), so http is flagged too.
 */
import {
  REVERSE_PROXY_DOCS,
  type ChannelConnection,
  type ChannelSetup,
  type PublicUrlProblem,
} from '../../shared/channel-setup.js';
import { AppError } from '../../shared/errors.js';
import { requireAdmin, type Actor } from './actor.js';
import type { AdapterLookup, ChannelService } from './channels.js';
import type { HubContext } from './context.js';
import { readCredentials } from '../providers/credentials.js';

/** The address a provider posts a channel's webhooks to; null without a public URL. */
export function webhookUrlOf(publicUrl: string | null, channelId: string): string | null {
  return publicUrl === null ? null : `${publicUrl}/webhooks/${channelId}`;
}

function problemOf(publicUrl: string | null): PublicUrlProblem | null {
  if (publicUrl === null) return 'missing';
  return new URL(publicUrl).protocol === 'https:' ? null : 'not-https';
}

export class ChannelSetupService {
  constructor(
    private readonly ctx: HubContext,
    private readonly channels: ChannelService,
    private readonly adapters: AdapterLookup,
  ) {}

  async setup(actor: Actor, id: string): Promise<ChannelSetup> {
    requireAdmin(actor);
    const channel = await this.channels.get(actor, id);
    const adapter = this.adapters(channel.kind);
    if (!adapter) throw new AppError('VALIDATION_FAILED', `This hub has no ${channel.kind} adapter.`);
    const { publicUrl } = this.ctx.config;
    const webhookUrl = webhookUrlOf(publicUrl, channel.id);
    const connection: ChannelConnection =
      adapter.setup.connection === 'console' ? 'console-webhook' : publicUrl === null ? 'long-polling' : 'hub-webhook';
    // Credentials the secret key no longer opens still get the URL; only what comes from them is left out.
    const credentials = readCredentials(adapter, await this.channels.credentialsOf(channel.id));
    const pasted = credentials.success ? adapter.setup.pasteValues(credentials.data, webhookUrl) : [];
    const values = [
      ...(connection === 'console-webhook' && webhookUrl !== null
        ? [{ name: 'webhookUrl' as const, value: webhookUrl }]
        : []),
      ...pasted,
    ];
    return {
      channelId: channel.id,
      kind: channel.kind,
      connection,
      webhookUrl,
      values,
      events: [...adapter.setup.events],
      publicUrl,
      publicUrlProblem: problemOf(publicUrl),
      reverseProxyDocs: REVERSE_PROXY_DOCS,
    };
  }
}

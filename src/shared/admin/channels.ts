/** Hub-call client methods of the admin console: channels. See src/shared/hub-calls.ts. */
import { z } from 'zod';
import { ChannelSetup } from '../channel-setup.js';
import { Channel, ChannelKind, Id } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';
import {
  CreateChannelRequest,
  ReplaceCredentialsRequest,
  UpdateChannelRequest,
  VerifyChannelResponse,
} from '../protocol.js';

const Credentials = z.record(z.string(), z.unknown());
const Channels = z.object({ items: z.array(Channel) }).transform((page) => page.items);

export const CHANNELS_METHODS = {
  /** Every channel the signed-in agent sees (an admin: all), fresh from the hub. */
  adminListChannels: hubMethod({
    args: z.tuple([]),
    result: Channels,
    call: () => ({ method: 'GET', path: 'api/channels' }),
  }),
  /** One channel, fresh from the hub. */
  adminGetChannel: hubMethod({
    args: z.tuple([Id]),
    result: Channel,
    call: (id) => ({ method: 'GET', path: `api/channels/${segment(id)}` }),
  }),
  /** Asks the provider whom credentials belong to; saves nothing. A refusal is a result, in its words. */
  adminVerifyChannel: hubMethod({
    args: z.tuple([ChannelKind, Credentials]),
    result: VerifyChannelResponse,
    call: (kind, credentials) => ({ method: 'POST', path: 'api/channels/verify', body: { kind, credentials } }),
  }),
  /** Saves a channel the provider accepts, or (saveUnverified) one it refused, marked unverified. */
  adminCreateChannel: hubMethod({
    args: z.tuple([CreateChannelRequest]),
    result: Channel,
    call: (body) => ({ method: 'POST', path: 'api/channels', body }),
  }),
  /** Name and settings (auto-convert, auto-assign, public handle). */
  adminUpdateChannel: hubMethod({
    args: z.tuple([Id, UpdateChannelRequest]),
    result: Channel,
    call: (id, body) => ({ method: 'PATCH', path: `api/channels/${segment(id)}`, body }),
  }),
  /** Rotated credentials, verified; the number or bot must stay the same. */
  adminReplaceChannelCredentials: hubMethod({
    args: z.tuple([Id, ReplaceCredentialsRequest]),
    result: Channel,
    call: (id, body) => ({ method: 'PUT', path: `api/channels/${segment(id)}/credentials`, body }),
  }),
  /** Moves a channel and its conversations to the trash (undone by adminRestoreChannel). */
  adminTrashChannel: hubMethod({
    args: z.tuple([Id]),
    result: z.void(),
    call: (id) => ({ method: 'DELETE', path: `api/channels/${segment(id)}`, answer: 'none' }),
  }),
  adminListChannelTrash: hubMethod({
    args: z.tuple([]),
    result: Channels,
    call: () => ({ method: 'GET', path: 'api/channels/trash' }),
  }),
  adminRestoreChannel: hubMethod({
    args: z.tuple([Id]),
    result: Channel,
    call: (id) => ({ method: 'POST', path: `api/channels/${segment(id)}/restore` }),
  }),
  /** What to paste and subscribe to in the provider's console, and whether the hub's public URL will do. */
  adminGetChannelSetup: hubMethod({
    args: z.tuple([Id]),
    result: ChannelSetup,
    call: (id) => ({ method: 'GET', path: `api/channels/${segment(id)}/setup` }),
  }),
} as const satisfies Record<string, HubMethod>;

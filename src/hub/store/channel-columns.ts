/** The channel row's JSON columns, read the same way by both stores (sqlite/channels.ts, postgres/channels.ts). */
import { ChannelSettings, ChannelVerification, NEVER_VERIFIED } from '../../shared/domain.js';
import { memoReadJson } from './json-column.js';

/** What a row whose settings cannot be read gets: the defaults. */
const DEFAULT_SETTINGS: ChannelSettings = ChannelSettings.parse({});

/** Every webhook reads its channel, and a channel's settings and verification change rarely: each text is read once. */
export const readChannelSettings = memoReadJson(ChannelSettings, 'channels.settings', DEFAULT_SETTINGS);
export const readChannelVerification = memoReadJson(ChannelVerification, 'channels.verification', NEVER_VERIFIED);

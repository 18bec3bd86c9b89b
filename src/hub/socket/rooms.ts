/**
 * Socket rooms mirror event visibility: every socket is in `all` and its
 * agent's room; admins are in `admins`; agents who may read are in one room
 * per linked channel (trashed ones too: their restore must reach them). An event goes to exactly the rooms that may see it.
 */
import type { HubEvent } from '../../shared/protocol.js';
import { isAdmin, syncedChannelIds, type Actor } from '../services/actor.js';
import type { Store } from '../store/store.js';

export const ALL_ROOM = 'all';
export const ADMINS_ROOM = 'admins';
const agentRoom = (agentId: string): string => `agent:${agentId}`;
export const channelRoom = (channelId: string): string => `channel:${channelId}`;

export async function roomsOf(store: Store, actor: Actor): Promise<string[]> {
  const rooms = [ALL_ROOM, agentRoom(actor.agent.id)];
  if (isAdmin(actor)) return [...rooms, ADMINS_ROOM];
  return [...rooms, ...(await syncedChannelIds(store, actor)).map(channelRoom)];
}

export function roomsFor(event: Pick<HubEvent, 'channelId' | 'agentId'>): string[] {
  if (event.agentId !== null) return [agentRoom(event.agentId)];
  if (event.channelId !== null) return [channelRoom(event.channelId), ADMINS_ROOM];
  return [ALL_ROOM];
}

/**
 * The demo's team canned replies, so `/` in the composer has something to offer: one for every
 * channel and one for the demo's LINE channel, in Japanese and English. Made once: a demo hub
 * restarted on the same data keeps them (and whatever the admin changed).
 */
import type { HubRuntime } from '../providers/extension.js';
import type { Actor } from '../services/actor.js';
import type { DemoChannel } from './demo-setup.js';

const EVERY_CHANNEL = [
  {
    title: 'お待たせしました / Thanks for waiting',
    shortcut: 'thanks',
    text: '{{contact.name}} 様、お待たせいたしました。担当の {{agent.name}} です。\nThank you for waiting, {{contact.name}}. This is {{agent.name}}.',
  },
  {
    title: 'チケット番号 / Your ticket number',
    shortcut: 'ticket',
    text: 'お問い合わせ番号は #{{ticket.number}} です。\nYour ticket number is #{{ticket.number}}.',
  },
] as const;

const LINE_ONLY = {
  title: 'LINE 友だち追加のお礼 / Thanks for adding us on LINE',
  shortcut: 'line',
  text: '友だち追加ありがとうございます、{{contact.name}} 様。\nThanks for adding us on LINE, {{contact.name}}.',
} as const;

export async function ensureDemoCannedReplies(
  hub: HubRuntime,
  actor: Actor,
  channels: readonly DemoChannel[],
): Promise<void> {
  const { cannedReplies } = hub.services;
  if ((await cannedReplies.list(actor, { scope: 'team' })).length > 0) return;
  for (const reply of EVERY_CHANNEL) await cannedReplies.create(actor, { scope: 'team', ...reply });
  const line = channels.find((c) => c.kind === 'line');
  if (line) await cannedReplies.create(actor, { scope: 'team', channelId: line.channelId, ...LINE_ONLY });
}

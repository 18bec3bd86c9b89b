/** A conversation as a plain-text transcript (export), from the cache alone. */
import type { Agent, Channel, Contact, Message } from '../../../shared/domain.js';

export interface TranscriptInput {
  readonly contact: Contact;
  readonly channel: Channel;
  readonly conversationId: string;
  readonly messages: readonly Message[];
  readonly agents: ReadonlyMap<string, Agent>;
  readonly exportedAt: number;
}

const stamp = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

function speaker(message: Message, input: TranscriptInput): string {
  if (message.direction === 'in') return message.meta.groupSender ?? (input.contact.name || 'Customer');
  if (message.senderAgentId === null) return 'Automatic';
  return input.agents.get(message.senderAgentId)?.name ?? 'Agent';
}

function body(message: Message): string {
  const parts: string[] = [];
  if (message.kind === 'note') parts.push('(internal note)');
  if (message.text) parts.push(message.text);
  for (const a of message.attachments) parts.push(`[${a.fileName ?? a.mimeType}]`);
  if (message.meta.location)
    parts.push(`[location ${message.meta.location.latitude}, ${message.meta.location.longitude}]`);
  if (message.meta.unsentAt !== undefined) parts.push('(unsent by the customer)');
  if (message.state === 'failed')
    parts.push(`(not delivered: ${message.failureReason ?? message.failureCode ?? 'failed'})`);
  return parts.length > 0 ? parts.join(' ') : `[${message.kind}]`;
}

export function renderTranscript(input: TranscriptInput): { fileName: string; text: string } {
  const header = [
    `Conversation with ${input.contact.name || input.contact.identity.externalId}`,
    `Channel: ${input.channel.name} (${input.channel.kind})`,
    ...(input.contact.identity.phone ? [`Phone: ${input.contact.identity.phone}`] : []),
    `Exported: ${stamp(input.exportedAt)}`,
    '',
  ];
  const lines = input.messages.map((m) => `[${stamp(m.createdAt)}] ${speaker(m, input)}: ${body(m)}`);
  const safeName = (input.contact.name || 'customer').replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 60);
  const date = new Date(input.exportedAt).toISOString().slice(0, 10);
  return { fileName: `transcript-${safeName}-${date}.txt`, text: `${[...header, ...lines].join('\n')}\n` };
}

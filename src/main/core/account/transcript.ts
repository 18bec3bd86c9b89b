/**
 * A conversation as a plain-text transcript (export), from the cache alone. Times are in the agent's
 * time zone (the renderer passes its IANA zone), as the app shows them, and the header says which;
 * the file name carries that zone's date. Private notes are in it only when the agent asks for them.
 */
import type { Agent, Channel, Contact, Message } from '../../../shared/domain.js';
import { contactDisplayName } from '../../../shared/contact-name.js';

export interface TranscriptInput {
  readonly contact: Contact;
  readonly channel: Channel;
  readonly conversationId: string;
  readonly messages: readonly Message[];
  readonly agents: ReadonlyMap<string, Agent>;
  readonly exportedAt: number;
  /** An IANA time zone the caller checked (isTimeZone in src/shared/api.ts), e.g. Asia/Tokyo. */
  readonly timeZone: string;
  readonly includeNotes: boolean;
}

/** `YYYY-MM-DD HH:mm` and the zone's offset (`UTC+09:00`) at `ms`, in `timeZone`. */
function zonedParts(ms: number, timeZone: string): { date: string; time: string; offset: string } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const zone = part('timeZoneName').replace('GMT', 'UTC');
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
    offset: zone === 'UTC' ? 'UTC+00:00' : zone,
  };
}

function stamp(ms: number, timeZone: string): string {
  const { date, time } = zonedParts(ms, timeZone);
  return `${date} ${time}`;
}

function speaker(message: Message, input: TranscriptInput): string {
  if (message.direction === 'in')
    return message.meta.groupSender ?? contactDisplayName(input.contact, input.channel.kind, 'en');
  if (message.senderAgentId === null) return 'Automatic';
  return input.agents.get(message.senderAgentId)?.name ?? 'Agent';
}

function body(message: Message): string {
  const parts: string[] = [];
  if (message.kind === 'note') parts.push('(private note)');
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
  const { timeZone } = input;
  const exported = zonedParts(input.exportedAt, timeZone);
  const header = [
    `Conversation with ${contactDisplayName(input.contact, input.channel.kind, 'en')}`,
    `Channel: ${input.channel.name} (${input.channel.kind})`,
    ...(input.contact.identity.phone ? [`Phone: ${input.contact.identity.phone}`] : []),
    `Exported: ${exported.date} ${exported.time}`,
    `Times are in ${timeZone} (${exported.offset})`,
    input.includeNotes ? 'Private notes are included.' : 'Private notes are left out.',
    '',
  ];
  const lines = input.messages
    .filter((m) => input.includeNotes || m.kind !== 'note')
    .map((m) => `[${stamp(m.createdAt, timeZone)}] ${speaker(m, input)}: ${body(m)}`);
  const safeName = (input.contact.name || 'customer').replace(/[\\/:*?"<>|\s]+/g, '-').slice(0, 60);
  return { fileName: `transcript-${safeName}-${exported.date}.txt`, text: `${[...header, ...lines].join('\n')}\n` };
}

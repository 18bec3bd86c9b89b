/** The transcript speaks the agent's time zone, says which, and holds private notes only when asked. */
import { describe, expect, it } from 'vitest';
import { TranscriptOptions } from '../../../src/shared/api.js';
import type { Agent, Channel, Contact, Message } from '../../../src/shared/domain.js';
import { renderTranscript, type TranscriptInput } from '../../../src/main/core/account/transcript.js';

const at = Date.UTC(2026, 11, 1, 15, 30); // 00:30 on 2 December in Tokyo
const contact = { name: 'Hanako', identity: { externalId: '8190', phone: null, username: null } } as unknown as Contact;
const channel = { name: 'WhatsApp JP', kind: 'whatsapp' } as unknown as Channel;
const aiko = { id: 'a1', name: 'Aiko' } as unknown as Agent;

function message(partial: Partial<Message>): Message {
  return {
    direction: 'in',
    kind: 'text',
    text: null,
    attachments: [],
    meta: {},
    senderAgentId: null,
    state: 'sent',
    failureCode: null,
    failureReason: null,
    createdAt: at,
    ...partial,
  } as Message;
}

function input(timeZone: string, includeNotes: boolean): TranscriptInput {
  return {
    contact,
    channel,
    conversationId: 'c1',
    messages: [
      message({ text: 'Is it shipped?' }),
      message({
        direction: 'out',
        kind: 'note',
        text: 'check the warehouse',
        senderAgentId: 'a1',
        createdAt: at + 60_000,
      }),
    ],
    agents: new Map([['a1', aiko]]),
    exportedAt: at + 120_000,
    timeZone,
    includeNotes,
  };
}

describe('renderTranscript', () => {
  it('writes times and the file date in the agent’s zone and names the zone in the header', () => {
    const { fileName, text } = renderTranscript(input('Asia/Tokyo', false));
    expect(fileName).toBe('transcript-Hanako-2026-12-02.txt');
    expect(text).toContain('Times are in Asia/Tokyo (UTC+09:00)');
    expect(text).toContain('[2026-12-02 00:30] Hanako: Is it shipped?');
    expect(text).not.toContain('UTC]');
  });

  it('leaves private notes out unless asked, and says which', () => {
    expect(renderTranscript(input('UTC', false)).text).not.toContain('check the warehouse');
    const withNotes = renderTranscript(input('UTC', true)).text;
    expect(withNotes).toContain('[2026-12-01 15:31] Aiko: (private note) check the warehouse');
    expect(withNotes).toContain('Private notes are included.');
    expect(withNotes).toContain('Times are in UTC (UTC+00:00)');
  });

  it('refuses a time zone that is not one (the renderer’s value is checked)', () => {
    expect(TranscriptOptions.safeParse({ timeZone: 'Asia/Tokyo', includeNotes: true }).success).toBe(true);
    expect(TranscriptOptions.safeParse({ timeZone: 'Mars/Olympus', includeNotes: true }).success).toBe(false);
  });
});

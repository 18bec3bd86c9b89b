import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ClientMessage } from '../../../src/shared/api.js';
import { CHANNEL_RULES } from '../../../src/shared/channel-rules.js';
import { Message } from '../../../src/shared/domain.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { Page } from '../../../src/shared/protocol.js';
import { uuidv7 } from '../../../src/shared/uuidv7.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startSignedInClient,
  startNetworkLink,
  waitFor,
  type NetworkLink,
  type TestClient,
} from '../../helpers/client.js';

describe('replies written offline', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let link: NetworkLink;
  let aiko: TestAgent;
  let ben: TestAgent;
  let channelId: string;
  let conversationId: string;
  let client: TestClient;
  let admin: TestSocket;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    link = await startNetworkLink(hub.url);
    aiko = await hub.createAgent({ name: 'Aiko' });
    ben = await hub.createAgent({ name: 'Ben' });
    channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id, ben.agent.id] })).id;
    conversationId = await ingestCustomerText(hub, channelId, {
      from: 'u1',
      name: 'Customer',
      text: 'Is my order shipped?',
    });
    admin = await hub.connect(hub.adminToken);
    await admin.command('conversation.assign', { conversationId, assigneeId: aiko.agent.id });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: link.url, agent: aiko });
  });

  afterEach(async () => {
    await client.stop();
    await link.close();
    await hub.stop();
    tmp.cleanup();
  });

  const hubMessages = async (): Promise<Message[]> => {
    const res = await hub.api('GET', `/api/conversations/${conversationId}/messages?limit=500`, {
      token: hub.adminToken,
    });
    return Page(Message).parse(res.body).items;
  };
  const goOffline = async () => {
    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
  };
  const outboxOf = async (clientId: string) => {
    const page = await client.service.listMessages({ conversationId });
    return page.messages.find((m) => m.clientId === clientId);
  };

  it('shows a reply written offline as queued at once and sends it exactly once when the network returns', async () => {
    await goOffline();
    const queued = await client.service.sendMessage({ conversationId, kind: 'text', text: 'Yes, it left today.' });
    expect(queued.outbox?.state).toBe('queued');
    expect((await client.service.getConnection()).outboxCount).toBe(1);
    expect((await outboxOf(queued.id))?.outbox?.state).toBe('queued');

    link.restore();
    client.service.networkChanged();
    await waitFor(async () => (await outboxOf(queued.id))?.outbox === null, 10_000, 'the reply to be sent');
    expect((await client.service.getConnection()).outboxCount).toBe(0);
    // Reconnect twice more: nothing is sent again.
    link.cut();
    link.restore();
    client.service.networkChanged();
    await client.waitForSynced();
    const sent = (await hubMessages()).filter((m) => m.clientId === queued.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe('Yes, it left today.');
    expect(sent[0]?.senderAgentId).toBe(aiko.agent.id);
  });

  it('does not send twice a reply the hub stored just before the connection dropped', async () => {
    await goOffline();
    const queued = await client.service.sendMessage({ conversationId, kind: 'text', text: 'Sent once only' });
    // The hub received it (as if the ack was lost on the way back).
    const aikoSocket = await hub.connect(aiko.token);
    const ack = await aikoSocket.command('message.send', {
      clientId: queued.id,
      conversationId,
      kind: 'text',
      text: 'Sent once only',
    });
    expect(ack.ok).toBe(true);
    link.restore();
    client.service.networkChanged();
    await waitFor(async () => (await outboxOf(queued.id))?.outbox === null, 10_000, 'the reply to settle');
    expect((await hubMessages()).filter((m) => m.clientId === queued.id)).toHaveLength(1);
  });

  it('holds a queued reply when another agent answered meanwhile, and sends it when the agent says so', async () => {
    await goOffline();
    const mine = await client.service.sendMessage({ conversationId, kind: 'text', text: 'Let me check.' });
    const benSocket = await hub.connect(ben.token);
    const benAck = await benSocket.command('message.send', {
      clientId: uuidv7(),
      conversationId,
      kind: 'text',
      text: 'It shipped this morning!',
    });
    expect(benAck.ok).toBe(true);

    link.restore();
    client.service.networkChanged();
    const held = await waitFor(async () => {
      const m = await outboxOf(mine.id);
      return m?.outbox?.state === 'held' ? m : undefined;
    });
    expect(held.outbox?.reasonCode).toBe('REPLY_HELD');
    expect(held.outbox?.reason).toContain('Ben');
    expect((await hubMessages()).some((m) => m.clientId === mine.id)).toBe(false);

    await client.service.decideHeldReply({ clientId: mine.id, action: 'send' });
    await waitFor(async () => (await outboxOf(mine.id))?.outbox === null, 10_000, 'the held reply to go out');
    expect((await hubMessages()).filter((m) => m.clientId === mine.id)).toHaveLength(1);
  });

  it('holds a queued reply when the conversation was reassigned meanwhile, and can discard it', async () => {
    await goOffline();
    const mine = await client.service.sendMessage({ conversationId, kind: 'text', text: 'On it.' });
    await admin.command('conversation.assign', { conversationId, assigneeId: ben.agent.id });
    link.restore();
    client.service.networkChanged();
    const held = await waitFor(async () => {
      const m = await outboxOf(mine.id);
      return m?.outbox?.state === 'held' ? m : undefined;
    });
    expect(held.outbox?.reason).toContain('reassigned to Ben');
    await client.service.decideHeldReply({ clientId: mine.id, action: 'discard' });
    expect(await outboxOf(mine.id)).toBeUndefined();
    expect((await client.service.getConnection()).outboxCount).toBe(0);
    expect((await hubMessages()).some((m) => m.clientId === mine.id)).toBe(false);
  });

  it('keeps a private note written offline out of the hold check', async () => {
    await goOffline();
    const note = await client.service.sendMessage({ conversationId, kind: 'note', text: 'Customer is VIP' });
    const benSocket = await hub.connect(ben.token);
    await benSocket.command('message.send', { clientId: uuidv7(), conversationId, kind: 'text', text: 'Hi!' });
    link.restore();
    client.service.networkChanged();
    await waitFor(async () => (await outboxOf(note.id))?.outbox === null, 10_000, 'the note to be stored');
    const stored = (await hubMessages()).find((m) => m.clientId === note.id);
    expect(stored?.kind).toBe('note');
  });
});

describe('attachments sent from the composer', () => {
  it('are uploaded once and open offline after being seen', async () => {
    const hub = await startHub();
    const tmp = makeTempDir();
    try {
      const aiko = await hub.createAgent({ name: 'Aiko' });
      const channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] })).id;
      const conversationId = await ingestCustomerText(hub, channelId, { from: 'u1', text: 'Send me the invoice' });
      const client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
      const pdf = Buffer.from('%PDF-1.4 invoice for order 4471');
      const queued = await client.service.sendMessage({
        conversationId,
        kind: 'attachment',
        text: 'Here it is',
        files: [{ fileName: '請求書.pdf', mimeType: 'application/pdf', data: pdf }],
      });
      const sent = await waitFor(async () => {
        const page = await client.service.listMessages({ conversationId });
        const m = page.messages.find((x) => x.clientId === queued.id);
        return m && m.outbox === null ? m : undefined;
      });
      const attachment = sent.attachments[0];
      expect(attachment?.fileName).toBe('請求書.pdf');
      const first = await client.service.openAttachment(attachment?.id ?? '');
      expect(['downloading', 'ready']).toContain(first.status);
      const ready = await waitFor(async () => {
        const view = await client.service.openAttachment(attachment?.id ?? '');
        return view.status === 'ready' ? view : undefined;
      });
      expect(ready.url).toBe(`sbmedia://attachment/${encodeURIComponent(attachment?.id ?? '')}`);

      await hub.halt();
      await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
      const offline = await client.service.openAttachment(attachment?.id ?? '');
      expect(offline.status).toBe('ready');
      const file = await client.service.attachmentFile(attachment?.id ?? '');
      const { readFileSync } = await import('node:fs');
      expect(readFileSync(file?.path ?? '').equals(pdf)).toBe(true);
      expect(z.string().parse(file?.mimeType)).toBe('application/pdf');
      await client.stop();
      await hub.resume();
    } finally {
      await hub.stop();
      tmp.cleanup();
    }
  });

  it('a file sent through the IPC guard as bytes arrives byte-identical, and one over the channel’s limit is refused', async () => {
    const hub = await startHub();
    const tmp = makeTempDir();
    try {
      const aiko = await hub.createAgent({ name: 'Aiko' });
      const channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] })).id;
      const conversationId = await ingestCustomerText(hub, channelId, { from: 'u1', text: 'Send me the scan' });
      const client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
      // Every byte value, none of it valid text: base64 or a UTF-8 round trip on the way would show.
      const bytes = new Uint8Array([
        ...new TextEncoder().encode('%PDF-1.4\n'),
        ...Array.from({ length: 256 }, (_, i) => 255 - i),
      ]);
      const send = (fileName: string, data: Uint8Array) =>
        callApi(client.service, 'sendMessage', [
          { conversationId, kind: 'attachment', files: [{ fileName, mimeType: 'application/pdf', data }] },
        ]);

      const tooLarge = await send('big.pdf', new Uint8Array(CHANNEL_RULES.telegram.maxBytes.document + 1));
      expect(tooLarge).toMatchObject({
        ok: false,
        error: { code: 'ATTACHMENT_TOO_LARGE', details: { limitBytes: CHANNEL_RULES.telegram.maxBytes.document } },
      });

      const queued = await send('scan.pdf', bytes);
      if (!queued.ok) throw new Error(`not queued: ${queued.error.code}`);
      const clientId = ClientMessage.parse(queued.value).id;
      const sent = await waitFor(async () => {
        const page = await client.service.listMessages({ conversationId });
        const m = page.messages.find((x) => x.clientId === clientId);
        return m && m.outbox === null ? m : undefined;
      });
      const attachmentId = sent.attachments[0]?.id ?? '';
      expect(sent.attachments[0]?.size).toBe(bytes.length);
      await waitFor(async () =>
        (await client.service.openAttachment(attachmentId)).status === 'ready' ? true : undefined,
      );
      const file = await client.service.attachmentFile(attachmentId);
      const { readFileSync } = await import('node:fs');
      expect(new Uint8Array(readFileSync(file?.path ?? ''))).toEqual(bytes);
      await client.stop();
    } finally {
      await hub.stop();
      tmp.cleanup();
    }
  });
});

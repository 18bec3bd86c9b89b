import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startNetworkLink,
  startSignedInClient,
  waitFor,
  type NetworkLink,
  type TestClient,
} from '../../helpers/client.js';

describe('the agent’s own file while its reply is queued', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let link: NetworkLink;
  let aiko: TestAgent;
  let conversationId: string;
  let client: TestClient;

  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    link = await startNetworkLink(hub.url);
    aiko = await hub.createAgent({ name: 'Aiko' });
    const channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] })).id;
    conversationId = await ingestCustomerText(hub, channelId, { from: 'u1', text: 'Send me the invoice' });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: link.url, agent: aiko });
  });

  afterEach(async () => {
    await client.stop();
    await link.close();
    await hub.stop();
    tmp.cleanup();
  });

  it('is shown and opened from the staged copy, then the hub’s attachment is on disk at once', async () => {
    link.cut();
    await waitFor(async () => (await client.service.getConnection()).status !== 'online', 10_000, 'offline');
    const pdf = Buffer.from('%PDF-1.4 invoice for order 4471');
    const queued = await client.service.sendMessage({
      conversationId,
      kind: 'attachment',
      text: 'Here it is',
      files: [{ fileName: '請求書.pdf', mimeType: 'application/pdf', data: pdf }],
    });
    const ownId = queued.attachments[0]?.id ?? expect.unreachable('the queued reply lists its file');

    // Offline, nothing asked of the hub: the view is ready, with name, size and what Open does.
    const own = await client.service.openAttachment(ownId);
    expect(own.status).toBe('ready');
    expect(own.url).toBe(`sbmedia://attachment/${encodeURIComponent(ownId)}`);
    expect(own.attachment).toMatchObject({ fileName: '請求書.pdf', size: pdf.byteLength });
    expect(own.opening?.extension).toBe('pdf');
    const staged = (await client.service.attachmentFile(ownId)) ?? expect.unreachable('the staged copy is served');
    expect(readFileSync(staged.path).equals(pdf)).toBe(true);

    link.restore();
    client.service.networkChanged();
    const sent = await waitFor(async () => {
      const page = await client.service.listMessages({ conversationId });
      const m = page.messages.find((x) => x.clientId === queued.id);
      return m && m.outbox === null ? m : undefined;
    });
    const hubId = sent.attachments[0]?.id ?? expect.unreachable('the sent reply lists its file');
    expect(hubId).not.toBe(ownId);

    // The hub's attachment is the agent's own copy already: ready on the first ask, even with the hub gone.
    await hub.halt();
    const first = await client.service.openAttachment(hubId);
    expect(first.status).toBe('ready');
    const file = (await client.service.attachmentFile(hubId)) ?? expect.unreachable('the sent file is cached');
    expect(readFileSync(file.path).equals(pdf)).toBe(true);
    // A view still holding the queued id is answered with the hub's copy, not NOT_FOUND.
    const late = await client.service.openAttachment(ownId);
    expect(late.status).toBe('ready');
    expect(late.attachment.id).toBe(hubId);
  });
});

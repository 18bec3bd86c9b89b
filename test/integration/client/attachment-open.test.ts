import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { copyForOpening } from '../../../src/main/core/attachments/open-copy.js';
import { encodePdf } from '../../../src/node-shared/media-encoding.js';
import { metaSignature } from '../channels/harness.js';
import { whatsappEnvelope } from '../channels/provider-bodies.js';
import { startFakeProvider, type FakeProvider } from '../../../src/fake-provider/server.js';
import { startHub, testCredentials, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

/** A Windows executable starts with the DOS header's "MZ". */
const EXE = Buffer.concat([Buffer.from('MZ\u0090\u0000\u0003\u0000', 'latin1'), Buffer.alloc(200, 0x41)]);

describe('opening a customer’s file from the desktop client', () => {
  let hub: TestHub;
  let fake: FakeProvider;
  let client: TestClient | undefined;
  let credentials: Record<string, unknown>;
  let channelId: string;
  let tmp: ReturnType<typeof makeTempDir>;

  /** A document through the signed webhook, as WhatsApp sends it; the hub then fetches the file from the provider. */
  const customerSendsDocument = async (mediaId: string, fileName: string, mimeType: string, bytes: Buffer) => {
    fake.state.addMedia('whatsapp', mediaId, { bytes, mimeType, fileName });
    const body = whatsappEnvelope(
      {
        contacts: [{ profile: { name: 'Hanako' }, wa_id: '819011112222' }],
        messages: [
          {
            from: '819011112222',
            id: `wamid.${mediaId}`,
            timestamp: String(Math.floor(Date.now() / 1000)),
            type: 'document',
            document: { id: mediaId, mime_type: mimeType, filename: fileName },
          },
        ],
      },
      String(credentials['phoneNumberId']),
    );
    const res = await hub.api('POST', `/webhooks/${channelId}`, {
      body,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': metaSignature(String(credentials['appSecret']), body),
      },
    });
    expect(res.status).toBe(200);
  };

  /** The attachment of the message whose provider id ends in `mediaId`, once its file is in the client's cache. */
  const cachedAttachment = async (mediaId: string) => {
    if (!client) throw new Error('not signed in');
    const { service } = client;
    const conversationId = await waitFor(async () => (await service.listConversations({})).rows[0]?.conversation.id);
    const attachmentId = await waitFor(async () => {
      const page = await service.listMessages({ conversationId });
      return page.messages.find((m) => m.providerMessageId === `wamid.${mediaId}`)?.attachments[0]?.id;
    });
    // As the renderer does: ask again until the hub has the file from the provider and the client has downloaded it.
    const view = await waitFor(
      async () => {
        const seen = await service.openAttachment(attachmentId);
        return seen.status === 'ready' ? seen : undefined;
      },
      10_000,
      'the downloaded file',
    );
    const file = (await service.attachmentFile(attachmentId)) ?? expect.unreachable('a ready file is on disk');
    return { attachmentId, file, view };
  };

  beforeEach(async () => {
    tmp = makeTempDir();
    fake = await startFakeProvider();
    hub = await startHub({
      extensions: [
        createProviderExtension({
          retryPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 4 },
          mediaPolicy: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3, sweepIntervalMs: 60_000 },
        }),
      ],
    });
    const aiko = await hub.createAgent({ name: 'Aiko' });
    credentials = { ...testCredentials('whatsapp'), apiBaseUrl: fake.baseUrlFor('whatsapp') };
    channelId = (
      await hub.createChannel({ kind: 'whatsapp', name: 'WhatsApp JP', credentials, linkAgentIds: [aiko.agent.id] })
    ).id;
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await hub.stop();
    await fake.close();
    tmp.cleanup();
  });

  it('a program named to look like a PDF is only shown in its folder, under its real name', async () => {
    await customerSendsDocument('media-rlo', 'invoice\u202Efdp.exe', 'application/pdf', EXE);
    const { attachmentId, file, view } = await cachedAttachment('media-rlo');
    expect(view.opening).toEqual({
      action: 'reveal',
      risk: 'windows-program',
      extension: 'exe',
      fileName: 'invoicefdp.exe',
    });
    const opening = view.opening ?? expect.unreachable('a ready file has an opening');
    const target = await copyForOpening(file.path, attachmentId, opening, `${tmp.dir}/open`);
    expect(target.action).toBe('reveal');
    expect(basename(target.path)).toBe('invoicefdp.exe');
    expect(dirname(dirname(target.path))).toBe(`${tmp.dir}/open`);
    expect(readFileSync(target.path)).toEqual(EXE);
  });

  it('a real PDF opens with the OS under the customer’s name, and the cache keeps its own copy', async () => {
    const pdf = encodePdf(298, 420, '0 0 0 rg BT /F1 20 Tf 30 320 Td (Invoice 1042) Tj ET');
    await customerSendsDocument('media-pdf', 'invoice-1042.pdf', 'application/pdf', pdf);
    const { attachmentId, file, view } = await cachedAttachment('media-pdf');
    expect(view.opening).toEqual({ action: 'open', risk: null, extension: 'pdf', fileName: 'invoice-1042.pdf' });
    const opening = view.opening ?? expect.unreachable('a ready file has an opening');
    const target = await copyForOpening(file.path, attachmentId, opening, `${tmp.dir}/open`);
    expect(target).toMatchObject({ action: 'open' });
    expect(basename(target.path)).toBe('invoice-1042.pdf');
    expect(target.path).not.toBe(file.path);
    expect(readFileSync(target.path)).toEqual(pdf);
  });
});

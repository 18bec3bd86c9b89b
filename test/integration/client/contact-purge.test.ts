/**
 * A contact purged from the trash by an admin leaves every agent's desktop
 * client through the event log: the contact, its conversations, messages,
 * search entries and downloaded files go from the cache, whether the client
 * was online (live) or catches up later — and the cache file on disk keeps
 * none of the customer's words. The admin works through the client's
 * hub-call methods (the admin console's).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULL_PERMISSIONS } from '../../../src/shared/domain.js';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';
import {
  ingestCustomerText,
  makeTempDir,
  startClient,
  startSignedInClient,
  waitFor,
  type TestClient,
} from '../../helpers/client.js';

/** Everything of one client account on disk: the cache file, its WAL and the attachment files. */
function accountBytes(dataDir: string): Buffer {
  const accounts = join(dataDir, 'accounts');
  const parts: Buffer[] = [];
  for (const account of readdirSync(accounts)) {
    for (const name of ['cache.sqlite', 'cache.sqlite-wal']) {
      const file = join(accounts, account, name);
      if (existsSync(file)) parts.push(readFileSync(file));
    }
    const attachments = join(accounts, account, 'attachments');
    if (existsSync(attachments))
      for (const f of readdirSync(attachments)) parts.push(readFileSync(join(attachments, f)));
  }
  return Buffer.concat(parts);
}

describe('purging a contact reaches every agent’s cache', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let clients: TestClient[];
  let aiko: TestAgent;
  let ben: TestAgent;
  let channelId: string;
  beforeEach(async () => {
    hub = await startHub();
    tmp = makeTempDir();
    clients = [];
    aiko = await hub.createAgent({ name: 'Aiko', permissions: FULL_PERMISSIONS });
    ben = await hub.createAgent({ name: 'Ben' });
    channelId = (await hub.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id, ben.agent.id] })).id;
  });
  afterEach(async () => {
    for (const client of clients) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const folder = (name: string): string => {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  const signIn = async (agent: { email: string; password: string }, name: string): Promise<TestClient> => {
    const client = await startSignedInClient({ dataDir: folder(name), hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  };
  /** Aiko sends the customer a file (an invoice with the customer's name in it). */
  const sendInvoice = async (conversationId: string): Promise<void> => {
    const uploaded = await hub.api('POST', '/api/media', {
      token: aiko.token,
      body: Buffer.from('89504e470d0a1a0a invoice for Zqxcustomer'),
      headers: { 'content-type': 'image/png', 'x-file-name': 'invoice.png' },
    });
    const { mediaId } = MediaUploadResponse.parse(uploaded.body);
    const sock = await hub.connect(aiko.token);
    const ack = await sock.command('message.send', {
      clientId: randomUUID(),
      conversationId,
      kind: 'attachment',
      attachments: [{ mediaId }],
    });
    expect(ack.ok).toBe(true);
  };

  it('online and offline agents lose the contact, its messages and files; the admin sees the trash empty', async () => {
    const gone = await ingestCustomerText(hub, channelId, {
      from: 'u-zq',
      name: 'Zqxcustomer',
      text: 'zqxsecret address',
    });
    const kept = await ingestCustomerText(hub, channelId, { from: 'u-kept', name: 'Kept', text: 'still here' });
    await sendInvoice(gone);
    const admin = await signIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    const online = await signIn(aiko, 'aiko');
    const offline = await signIn(ben, 'ben');
    for (const client of [online, offline]) {
      const invoice = await waitFor(async () => {
        const page = await client.service.listMessages({ conversationId: gone });
        return page.messages.find((m) => m.attachments.length > 0)?.attachments[0]?.id;
      });
      await waitFor(async () => ((await client.service.openAttachment(invoice)).status === 'ready' ? true : undefined));
      expect(await client.service.attachmentFile(invoice)).not.toBeNull();
      expect((await client.service.search({ query: 'zqxsecret' })).length).toBeGreaterThan(0);
    }
    await offline.stop();

    const contactId = (await hub.hub.store.conversations.findById(gone))?.conversation.contactId ?? '';
    const trashByAiko = () => hub.api('POST', `/api/contacts/${contactId}/trash`, { token: aiko.token });
    expect((await trashByAiko()).status).toBe(200);
    expect((await admin.service.adminRestoreContact(contactId)).deletedAt).toBeNull();
    expect((await trashByAiko()).status).toBe(200);
    const trash = await admin.service.adminListTrashedContacts({ query: 'zqx' });
    expect(trash.items.map((i) => i.contact.name)).toEqual(['Zqxcustomer']);
    const result = await admin.service.adminPurgeContact(contactId);
    expect(result).toMatchObject({ contactId, conversations: 1, messages: 2, attachments: 1, filesRemoved: 1 });
    expect((await admin.service.adminListTrashedContacts({})).items).toEqual([]);

    const back = startClient({ dataDir: folder('ben') });
    clients.push(back);
    await back.service.start();
    await back.waitForSynced();
    for (const client of [online, back, admin]) {
      await waitFor(async () => {
        const rows = (await client.service.listConversations({})).rows.map((r) => r.conversation.id);
        return !rows.includes(gone) && rows.includes(kept) ? true : undefined;
      });
      await expect(client.service.getConversation(gone)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await client.service.search({ query: 'zqxsecret' })).toEqual([]);
      expect(await client.service.search({ query: 'Zqxcustomer' })).toEqual([]);
    }
    // The removal also empties the cache file's free pages, search segments and WAL, and the file is deleted.
    for (const client of [online, back]) {
      await waitFor(() => (accountBytes(client.dataDir).includes('zqx') ? undefined : true), 5000, 'a clean disk');
      expect(accountBytes(client.dataDir).includes('Zqx')).toBe(false);
    }
  });
});

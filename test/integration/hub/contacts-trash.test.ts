/**
 * The contacts trash for admins: searching and paging the trashed contacts,
 * and purging one for good — only from the trash, only by an admin, with its
 * conversations, messages, files and logged events, so that neither a sync
 * nor the hub's database file gives any of it back.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PurgeResult, TrashPage } from '../../../src/shared/admin/credits-trash.js';
import { FULL_PERMISSIONS } from '../../../src/shared/domain.js';
import { MediaUploadResponse } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub, type TestSocket } from '../../helpers/hub.js';

describe('contacts trash', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let channelId: string;
  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko', permissions: FULL_PERMISSIONS });
    channelId = (await t.createChannel({ kind: 'telegram', name: 'Support bot', linkAgentIds: [aiko.agent.id] })).id;
  });
  afterEach(async () => {
    await t.stop();
  });

  /** A customer's first message; the contact and conversation ids. */
  async function customer(
    from: string,
    options: { name?: string; phone?: string; text?: string; channel?: string } = {},
  ) {
    const ingested = await t.ingestText(options.channel ?? channelId, {
      from,
      name: options.name ?? from,
      phone: options.phone ?? null,
      text: options.text ?? 'hello',
    });
    const message = (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message;
    const conversation = (await t.hub.store.conversations.findById(message?.conversationId ?? ''))?.conversation;
    if (!conversation) throw new Error('no conversation');
    return { contactId: conversation.contactId, conversationId: conversation.id };
  }
  const trash = async (contactId: string) => {
    t.clock.advance(1000);
    const res = await t.api('POST', `/api/contacts/${contactId}/trash`, { token: t.adminToken });
    expect(res.status).toBe(200);
  };
  const listTrash = async (query: Record<string, string | number> = {}) => {
    const search = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    const res = await t.api('GET', `/api/contacts/trash${search ? `?${search}` : ''}`, { token: t.adminToken });
    expect(res.status).toBe(200);
    return TrashPage.parse(res.body);
  };
  const purge = (contactId: string, token: string | null = t.adminToken, confirm: string = contactId) =>
    t.api('DELETE', `/api/contacts/${contactId}`, { token, body: { confirm } });

  it('lists trashed contacts newest first with their channel, searched by name, phone or id, a page at a time', async () => {
    const tanaka = await customer('u-tanaka', { name: '田中 太郎', phone: '+81 90-1234-5678' });
    const suzuki = await customer('u-suzuki', { name: 'Suzuki Hanako' });
    const spam = await customer('spam_bot_77', { name: 'Win a prize' });
    await customer('u-kept', { name: 'Tanaka Kept' });
    await trash(tanaka.contactId);
    await trash(suzuki.contactId);
    await trash(spam.contactId);

    const all = await listTrash();
    expect(all.items.map((i) => i.contact.name)).toEqual(['Win a prize', 'Suzuki Hanako', '田中 太郎']);
    expect(all.items[2]).toMatchObject({
      channel: { id: channelId, name: 'Support bot', kind: 'telegram' },
      conversationCount: 1,
      contact: { deletedAt: expect.any(Number), identity: { phone: '+81 90-1234-5678' } },
    });
    expect((await listTrash({ query: '田中' })).items.map((i) => i.contact.id)).toEqual([tanaka.contactId]);
    expect((await listTrash({ query: 'suzuki' })).items.map((i) => i.contact.id)).toEqual([suzuki.contactId]);
    expect((await listTrash({ query: '9012345678' })).items.map((i) => i.contact.id)).toEqual([tanaka.contactId]);
    expect((await listTrash({ query: 'bot_7' })).items.map((i) => i.contact.id)).toEqual([spam.contactId]);
    expect((await listTrash({ query: '%' })).items).toEqual([]);

    const first = await listTrash({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listTrash({ limit: 2, cursor: first.nextCursor ?? '' });
    expect(second.items.map((i) => i.contact.name)).toEqual(['田中 太郎']);
    expect(second.nextCursor).toBeNull();

    const restored = await t.api('POST', `/api/contacts/${suzuki.contactId}/restore`, { token: t.adminToken });
    expect(restored.status).toBe(200);
    expect((await listTrash()).items.map((i) => i.contact.name)).toEqual(['Win a prize', '田中 太郎']);
  });

  it('only a contact in the trash can be purged, and the request must repeat its id', async () => {
    const live = await customer('u-live');
    const notTrashed = await purge(live.contactId);
    expect(notTrashed.status).toBe(409);
    expect(notTrashed.body).toMatchObject({ error: { code: 'CONTACT_NOT_IN_TRASH' } });
    await trash(live.contactId);
    const wrongConfirm = await purge(live.contactId, t.adminToken, randomUUID());
    expect(wrongConfirm.status).toBe(400);
    expect(wrongConfirm.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const noBody = await t.api('DELETE', `/api/contacts/${live.contactId}`, { token: t.adminToken });
    expect(noBody.status).toBe(400);
    expect((await purge(randomUUID())).status).toBe(404);
    expect(await t.hub.store.contacts.findById(live.contactId)).not.toBeNull();
  });

  it('agents are refused the trash list and the purge even with the delete permission (403); without a token 401', async () => {
    const gone = await customer('u-gone');
    await trash(gone.contactId);
    expect((await t.api('GET', '/api/contacts/trash', { token: aiko.token })).status).toBe(403);
    expect((await t.api('GET', '/api/contacts/trash')).status).toBe(401);
    expect((await purge(gone.contactId, aiko.token)).status).toBe(403);
    expect((await purge(gone.contactId, null)).status).toBe(401);
    expect(await t.hub.store.contacts.findById(gone.contactId)).not.toBeNull();
  });

  describe('a purge', () => {
    let sock: TestSocket;
    const upload = async (bytes: Buffer): Promise<string> => {
      const res = await t.api('POST', '/api/media', {
        token: aiko.token,
        body: bytes,
        headers: { 'content-type': 'image/png', 'x-file-name': 'invoice.png' },
      });
      expect(res.status).toBe(201);
      return MediaUploadResponse.parse(res.body).mediaId;
    };
    const sendFile = async (conversationId: string, mediaId: string): Promise<void> => {
      const ack = await sock.command('message.send', {
        clientId: randomUUID(),
        conversationId,
        kind: 'attachment',
        attachments: [{ mediaId }],
      });
      expect(ack.ok).toBe(true);
    };
    const blobPath = (sha256: string) => path.join(t.dataDir, 'blobs', sha256.slice(0, 2), sha256);
    const databaseBytes = (): Buffer => {
      const file = path.join(t.dataDir, 'hub.sqlite');
      const wal = `${file}-wal`;
      return Buffer.concat([fs.readFileSync(file), fs.existsSync(wal) ? fs.readFileSync(wal) : Buffer.alloc(0)]);
    };

    beforeEach(async () => {
      sock = await t.connect(aiko.token);
    });

    it('removes the contact, its conversations, messages and files, and keeps no copy in the log or the database file', async () => {
      const ticketed = (await t.createChannel({ kind: 'line', settings: { autoConvert: true } })).id;
      const gone = await customer('u-zq', { name: 'Zqxname Purgeable', text: 'zqxsecret order 42', channel: ticketed });
      const kept = await customer('u-kept', { name: 'Kept Customer', channel: ticketed });
      const shared = await upload(Buffer.from('89504e470d0a1a0a shared brochure'));
      const own = await upload(Buffer.from('89504e470d0a1a0a zqxinvoice of the purged customer'));
      await t.linkAgent(ticketed, aiko.agent.id);
      sock.close();
      sock = await t.connect(aiko.token);
      await sendFile(gone.conversationId, shared);
      await sendFile(kept.conversationId, shared);
      await sendFile(gone.conversationId, own);
      const sha = async (mediaId: string) => (await t.hub.store.attachments.findUpload(mediaId))?.sha256 ?? '';
      const [sharedSha, ownSha] = [await sha(shared), await sha(own)];
      const ticket = (await t.hub.store.conversations.findById(gone.conversationId))?.conversation.ticket;
      expect(ticket).not.toBeNull();
      await trash(gone.contactId);
      const seqBefore = await t.hub.store.events.latestSeq();

      const res = await purge(gone.contactId);
      expect(res.status).toBe(200);
      expect(PurgeResult.parse(res.body)).toEqual({
        contactId: gone.contactId,
        conversations: 1,
        messages: 3,
        attachments: 2,
        filesRemoved: 1,
      });
      const removal = await sock.waitForEvent((e) => e.type === 'contact.remove');
      expect(removal).toMatchObject({ contactId: gone.contactId, conversationIds: [gone.conversationId] });
      expect(removal.seq).toBeGreaterThan(seqBefore);

      expect(await t.hub.store.contacts.findById(gone.contactId)).toBeNull();
      expect(await t.hub.store.conversations.findById(gone.conversationId)).toBeNull();
      expect((await t.api('GET', `/api/conversations/${gone.conversationId}`, { token: t.adminToken })).status).toBe(
        404,
      );
      expect((await listTrash()).items).toEqual([]);
      // The file only the purged customer's messages used is gone; the one another conversation shows stays.
      expect(fs.existsSync(blobPath(ownSha))).toBe(false);
      expect(fs.existsSync(blobPath(sharedSha))).toBe(true);
      expect((await t.api('GET', `/api/attachments/${own}`, { token: aiko.token })).status).toBe(404);

      // A client syncing from the start finds nothing of the contact: only its removal.
      const replay = await sock.command('sync', { after: 0, limit: 5000 });
      if (!replay.ok || replay.data.reset) throw new Error('sync failed');
      const mentions = replay.data.events.filter((e) => JSON.stringify(e).includes(gone.contactId));
      expect(mentions.map((e) => e.type)).toEqual(['contact.remove']);
      expect(JSON.stringify(replay.data.events)).not.toContain('zqx');
      expect(JSON.stringify(replay.data.events)).toContain('Kept Customer');

      // The ticket number stays taken, its subject (the customer's first line) is blanked.
      const next = await customer('u-next', { channel: ticketed });
      const nextTicket = (await t.hub.store.conversations.findById(next.conversationId))?.conversation.ticket;
      expect(nextTicket?.number).toBeGreaterThan(ticket?.number ?? Infinity);
      // Deleted rows are overwritten and the WAL emptied: the database file holds none of the customer's words.
      expect(databaseBytes().includes('zqx')).toBe(false);
    });

    it('the last conversation that shows a shared file takes it along when its contact is purged too', async () => {
      const first = await customer('u-first');
      const second = await customer('u-second');
      const shared = await upload(Buffer.from('89504e470d0a1a0a brochure'));
      await sendFile(first.conversationId, shared);
      await sendFile(second.conversationId, shared);
      const sha256 = (await t.hub.store.attachments.findUpload(shared))?.sha256 ?? '';
      await trash(first.contactId);
      await trash(second.contactId);
      expect(PurgeResult.parse((await purge(first.contactId)).body).filesRemoved).toBe(0);
      expect(fs.existsSync(blobPath(sha256))).toBe(true);
      expect(PurgeResult.parse((await purge(second.contactId)).body).filesRemoved).toBe(1);
      expect(fs.existsSync(blobPath(sha256))).toBe(false);
      expect(await t.hub.store.attachments.findUpload(shared)).toBeNull();
    });
  });
});

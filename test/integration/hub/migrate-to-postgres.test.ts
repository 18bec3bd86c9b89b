/**
 * migrate-to-postgres (docs/scaling.md, "Moving an existing hub to Postgres"): an SQLite hub with real data,
 * stopped, copied into an empty Postgres database; a hub started there on the same data folder (secret key)
 * serves the same agents, the same log (same seqs, same log id), the same files and credentials, and its
 * next event continues the seq. A non-empty target and a hub still running on the file are refused.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { FULL_PERMISSIONS } from '../../../src/shared/domain.js';
import { MediaUploadResponse, SyncResult } from '../../../src/shared/protocol.js';
import { migrateToPostgres, summarize } from '../../../src/hub/store/migrate-to-postgres.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { onlyLine, runHubCli } from '../../helpers/hub-cli.js';
import { createDatabase } from '../../helpers/postgres.js';

async function syncAll(t: TestHub, token: string, after: number): Promise<SyncResult> {
  const socket = await t.connect(token);
  try {
    const ack = await socket.command('sync', { after, limit: 5000 });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    return SyncResult.parse(ack.data);
  } finally {
    socket.close();
  }
}

async function tableCount(url: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('migrate-to-postgres', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  const dataFolder = (): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-migrate-'));
    cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('copies a used SQLite hub; the Postgres hub signs in, syncs the same seqs, serves the file and continues the log', async () => {
    const dataDir = dataFolder();
    const t = await startHub({ dataDir });
    const aiko = await t.createAgent({ name: 'Aiko', permissions: FULL_PERMISSIONS });
    const telegram = await t.createChannel({ kind: 'telegram', linkAgentIds: [aiko.agent.id] });
    const line = await t.createChannel({
      kind: 'line',
      linkAgentIds: [aiko.agent.id],
      settings: { autoConvert: true },
    });
    const twilio = await t.createChannel({ kind: 'twilio', linkAgentIds: [aiko.agent.id] });
    // Online, Aiko is given the conversations as they come: her load is part of what moves.
    const socket = await t.connect(aiko.token);
    for (let i = 0; i < 12; i += 1) {
      await t.ingestText(telegram.id, { from: `tg-${i % 4}`, name: `Customer ${i % 4}`, text: `hello ${i}` });
    }
    const hana = await t.ingestText(line.id, { from: 'U-hana', name: 'Hana', text: 'こんにちは' });
    const hanaTg = await t.ingestText(telegram.id, { from: 'tg-hana', name: 'Hana', text: 'also me' });
    const contactOf = async (messageId: string): Promise<string> => {
      const message = (await t.hub.store.messages.findById(messageId))?.message;
      const conversation = (await t.hub.store.conversations.findById(message?.conversationId ?? ''))?.conversation;
      return conversation?.contactId ?? '';
    };
    const merged = await t.api('POST', `/api/contacts/${await contactOf(hanaTg.messageIds[0] ?? '')}/merge`, {
      token: aiko.token,
      body: { intoContactId: await contactOf(hana.messageIds[0] ?? '') },
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const template = await t.api('POST', '/api/templates', {
      token: t.adminToken,
      body: {
        channelId: twilio.id,
        name: 'welcome',
        language: 'ja',
        category: 'utility',
        body: 'ようこそ',
        placeholders: [],
      },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(201);
    const canned = await t.api('POST', '/api/canned-replies', {
      token: t.adminToken,
      body: { scope: 'team', title: 'お礼', text: 'Thank you, {{contact.name}}.', channelId: line.id },
    });
    expect(canned.status, JSON.stringify(canned.body)).toBe(201);

    const bytes = Buffer.from(`89504e470d0a1a0a receipt ${randomUUID()}`, 'utf8');
    const upload = await t.api('POST', '/api/media', {
      token: aiko.token,
      body: bytes,
      headers: { 'content-type': 'image/png', 'x-file-name': 'receipt.png' },
    });
    expect(upload.status).toBe(201);
    const sent = await socket.command('message.send', {
      clientId: randomUUID(),
      conversationId: (await t.hub.store.messages.findById(hana.messageIds[0] ?? ''))?.message.conversationId,
      kind: 'attachment',
      attachments: [{ mediaId: MediaUploadResponse.parse(upload.body).mediaId }],
    });
    if (!sent.ok) throw new Error(JSON.stringify(sent.error));
    socket.close();
    const attachmentId = sent.data.attachments[0]?.id ?? '';

    const latestBefore = await t.hub.store.events.latestSeq();
    const floor = Math.floor(latestBefore / 3);
    expect(await t.hub.services.sync.compactLog(floor)).toBeGreaterThan(0);
    const ticket = (await t.hub.store.conversations.findById(sent.data.conversationId))?.conversation.ticket;
    expect(ticket?.number).toBeGreaterThan(0);
    const before = await syncAll(t, aiko.token, floor);
    const adminBefore = await syncAll(t, t.adminToken, floor);
    const credentials = await t.hub.services.channels.credentialsOf(telegram.id);
    const loadOf = (hub: TestHub) => hub.hub.store.routing.candidates(telegram.id, [aiko.agent.id]);
    const loadBefore = await loadOf(t);
    expect(loadBefore[0]?.open).toBeGreaterThan(0);
    await t.stop();

    const url = await createDatabase();
    const progress: string[] = [];
    const report = await migrateToPostgres({ dataDir, databaseUrl: url, progress: (l) => progress.push(l) });
    expect(report.lastEventSeq).toBe(latestBefore);
    expect(report.blobs).toMatchObject({ where: 'postgres', files: 1 });
    expect(report.tables.find((c) => c.table === 'messages')?.rows).toBeGreaterThanOrEqual(15);
    expect(report.tables.find((c) => c.table === 'contact_merges')?.rows).toBe(1);
    expect(progress.some((l) => l.includes('messages:'))).toBe(true);
    expect(summarize(report)).toContain(`The next event is seq ${latestBefore + 1}`);

    const p = await startHub({ dataDir, config: { databaseUrl: url } });
    cleanup.push(() => p.stop());
    expect(p.hub.store.kind).toBe('postgres');
    const signedIn = await p.login(aiko.email, aiko.password);
    const after = await syncAll(p, signedIn.token, floor);
    expect(after).toEqual(before);
    expect(await syncAll(p, p.adminToken, floor)).toEqual(adminBefore);
    expect((await syncAll(p, signedIn.token, 0)).reset).toBe(true);

    const download = await p.api('GET', `/api/attachments/${attachmentId}`, { token: signedIn.token });
    expect(download.status).toBe(200);
    expect(download.body).toBe(bytes.toString('utf8'));
    expect(await p.hub.services.channels.credentialsOf(telegram.id)).toEqual(credentials);
    // Routing weighs Aiko as before: her load came across once, not counted again by the triggers.
    expect(await loadOf(p)).toEqual(loadBefore);

    const live = await p.connect(signedIn.token);
    await p.ingestText(telegram.id, { from: 'tg-new', text: 'after the move' });
    await live.waitForEvent((e) => e.type === 'message.upsert');
    const continued = await syncAll(p, signedIn.token, latestBefore);
    if (continued.reset) throw new Error('the log was reset');
    const seqs = continued.events.map((e) => e.seq);
    expect(seqs[0]).toBe(latestBefore + 1);
    expect(seqs).toEqual(seqs.map((_, i) => latestBefore + 1 + i));
  }, 120_000);

  it('refuses while a hub runs on the SQLite file, and refuses a target that already has data', async () => {
    const dataDir = dataFolder();
    const t = await startHub({ dataDir });
    await t.createAgent({ name: 'Aiko' });
    const url = await createDatabase();
    await expect(migrateToPostgres({ dataDir, databaseUrl: url })).rejects.toThrow(
      /another process has .*hub\.sqlite open/,
    );
    await t.stop();

    const cli = (args: readonly string[]) => runHubCli(['migrate-to-postgres', '--data-dir', dataDir, ...args]);
    const copied = cli(['--database', url]);
    expect(await copied.exit, copied.stderr()).toBe(0);
    expect(copied.stderr()).toMatch(/^ {2}agents: 2 rows$/m);
    expect(copied.stdout()).toContain('Checked: row counts equal in every table');
    const agents = await tableCount(url, 'agents');
    expect(agents).toBe(2);

    const again = cli(['--database', url]);
    expect(await again.exit).toBe(1);
    expect(onlyLine(again.stderr())).toMatch(
      /is not empty \(rows in .*agents.*\): give migrate-to-postgres a new, empty database/,
    );
    expect(await tableCount(url, 'agents')).toBe(agents);
  }, 150_000);
});

/**
 * A row that does not read back — written by an older hub before ingest was
 * bounded, or damaged on disk — is repaired or skipped and reported with its
 * id; it never fails a sync or a snapshot page for everyone, and a freshly
 * signed-in client still finishes its first sync.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotResult, SyncResult } from '../../../src/shared/protocol.js';
import { reportCorruptRowsTo, type CorruptRow } from '../../../src/hub/store/json-column.js';
import { makeTempDir, startSignedInClient } from '../../helpers/client.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

let hub: TestHub;
let reports: CorruptRow[];
let channelId: string;
let agent: { email: string; password: string; token: string };

beforeEach(async () => {
  hub = await startHub();
  reports = [];
  reportCorruptRowsTo((row) => reports.push(row));
  const created = await hub.createAgent();
  agent = { email: created.email, password: created.password, token: created.token };
  channelId = (await hub.createChannel({ linkAgentIds: [created.agent.id] })).id;
  for (const text of ['one', 'two', 'three']) await hub.ingestText(channelId, { from: '819000000001', text });
});
afterEach(async () => hub.stop());

/** What an older hub could have written, straight into the database file. */
function corrupt(statements: (db: Database.Database) => void): void {
  const db = new Database(join(hub.dataDir, 'hub.sqlite'));
  try {
    statements(db);
  } finally {
    db.close();
  }
}

function messageEventSeqs(db: Database.Database): number[] {
  return db
    .prepare<[], { seq: number }>(`SELECT seq FROM events WHERE type = 'message.upsert' ORDER BY seq`)
    .all()
    .map((row) => row.seq);
}

describe('rows that do not read back', () => {
  it('sync repairs an event stored out of bounds, skips an unreadable one, serves the rest and reports both', async () => {
    let repairedSeq = 0;
    let brokenSeq = 0;
    corrupt((db) => {
      const [first, second] = messageEventSeqs(db);
      repairedSeq = first ?? 0;
      brokenSeq = second ?? 0;
      const row = db.prepare<[number], { body: string }>(`SELECT body FROM events WHERE seq = ?`).get(repairedSeq);
      const body: { message: { attachments: unknown[]; createdAt: number } } = JSON.parse(row?.body ?? '{}');
      body.message.attachments = [
        {
          id: 'att-1',
          mimeType: 'application/pdf',
          fileName: `${'x'.repeat(300)}.pdf`,
          size: 1,
          sha256: null,
          status: 'pending',
          error: null,
        },
      ];
      db.prepare(`UPDATE events SET body = ? WHERE seq = ?`).run(JSON.stringify(body), repairedSeq);
      db.prepare(`UPDATE events SET body = ? WHERE seq = ?`).run('{"type":"message.upsert","message":', brokenSeq);
    });
    const socket = await hub.connect(agent.token);
    const ack = await socket.command('sync', { after: 0, limit: 1000 });
    expect(ack.ok).toBe(true);
    const page = SyncResult.parse(ack.ok ? ack.data : null);
    if (page.reset) throw new Error('unexpected reset');
    const seqs = page.events.map((e) => e.seq);
    expect(seqs).toContain(repairedSeq);
    expect(seqs).not.toContain(brokenSeq);
    const texts = page.events.flatMap((e) => (e.type === 'message.upsert' ? [e.message.text] : []));
    expect(texts).toEqual(expect.arrayContaining(['one', 'three']));
    const repaired = page.events.find((e) => e.seq === repairedSeq);
    expect(repaired?.type === 'message.upsert' && repaired.message.attachments[0]?.fileName?.length).toBe(255);
    expect(reports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: 'events.body', id: repairedSeq, action: 'repaired' }),
        expect.objectContaining({ column: 'events.body', id: brokenSeq, action: 'skipped' }),
      ]),
    );
  });

  it('a page of events that ends in unreadable rows still says whether more follow', async () => {
    corrupt((db) => {
      const seqs = messageEventSeqs(db);
      for (const seq of seqs.slice(0, 2)) db.prepare(`UPDATE events SET body = 'null' WHERE seq = ?`).run(seq);
    });
    const socket = await hub.connect(agent.token);
    const ack = await socket.command('sync', { after: 0, limit: 2 });
    const page = SyncResult.parse(ack.ok ? ack.data : null);
    if (page.reset) throw new Error('unexpected reset');
    expect(page.events).toHaveLength(2);
    expect(page.hasMore).toBe(true);
  });

  it('a snapshot serves every readable row when a message’s meta, a channel’s settings and an attachment are corrupt', async () => {
    corrupt((db) => {
      db.prepare(`UPDATE messages SET meta = '{"bogus": true}' WHERE text = 'one'`).run();
      db.prepare(`UPDATE messages SET meta = 'not json' WHERE text = 'two'`).run();
      db.prepare(`UPDATE channels SET settings = '[]'`).run();
    });
    const socket = await hub.connect(agent.token);
    const ack = await socket.command('snapshot', { cursor: null, limit: 1000 });
    expect(ack.ok).toBe(true);
    const snapshot = SnapshotResult.parse(ack.ok ? ack.data : null);
    const texts = snapshot.items.flatMap((item) => (item.type === 'message.upsert' ? [item.message.text] : []));
    expect(texts.sort()).toEqual(['one', 'three', 'two']);
    expect(snapshot.items.some((item) => item.type === 'channel.upsert')).toBe(true);
    expect(reports.map((r) => r.column)).toEqual(expect.arrayContaining(['messages.meta', 'channels.settings']));
  });

  it('a freshly signed-in client finishes its first sync and shows the readable messages', async () => {
    corrupt((db) => {
      const [first] = messageEventSeqs(db);
      db.prepare(`UPDATE events SET body = '{"type":"message.upsert","message":{"id":1}}' WHERE seq = ?`).run(
        first ?? 0,
      );
    });
    const temp = makeTempDir();
    const client = await startSignedInClient({ dataDir: temp.dir, hubUrl: hub.url, agent });
    try {
      const inbox = await client.service.listConversations({});
      expect(inbox.rows).toHaveLength(1);
      const page = await client.service.listMessages({ conversationId: inbox.rows[0]?.conversation.id ?? '' });
      expect(page.messages.map((m) => m.text)).toEqual(expect.arrayContaining(['two', 'three']));
    } finally {
      await client.stop();
      temp.cleanup();
    }
  });
});

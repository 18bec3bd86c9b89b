/**
 * Hub migration 0007 on a database as the hub before it left it: canned replies kept in
 * `channels.settings.cannedReplies` become team replies of their channel, reach the linked agents
 * through the event log, and leave the settings.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openMigratedDatabase } from '../../../src/node-shared/sqlite.js';
import * as m0001 from '../../../src/hub/store/sqlite/migrations/0001-initial.js';
import * as m0002 from '../../../src/hub/store/sqlite/migrations/0002-receipts-and-refunds.js';
import * as m0003 from '../../../src/hub/store/sqlite/migrations/0003-channels-trash-verified.js';
import * as m0004 from '../../../src/hub/store/sqlite/migrations/0004-channel-health.js';
import * as m0005 from '../../../src/hub/store/sqlite/migrations/0005-agent-access.js';
import * as m0006 from '../../../src/hub/store/sqlite/migrations/0006-provider-templates.js';
import { CredentialVault } from '../../../src/hub/services/vault.js';
import { CannedReply, Channel } from '../../../src/shared/domain.js';
import { SyncResult } from '../../../src/shared/protocol.js';
import { UUID_V7_PATTERN } from '../../../src/shared/uuidv7.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const BEFORE_CANNED_REPLY_TABLE = [m0001, m0002, m0003, m0004, m0005, m0006];
const Items = z.object({ items: z.array(CannedReply) });

/** A telegram channel row as the hub stored it before migration 0007, with `settings` as given. */
function insertChannel(
  db: ReturnType<typeof openMigratedDatabase>,
  vault: CredentialVault,
  id: string,
  settings: string,
): void {
  const botId = String(7_000_000_000 + Math.floor(Math.random() * 1_000_000));
  const credentials = vault.seal({
    botToken: `${botId}:AAE${randomBytes(8).toString('hex')}`,
    secretToken: 'secret_1',
  });
  db.prepare(
    `INSERT INTO channels (id, kind, name, identity, settings, credentials, created_at, updated_at)
     VALUES (?, 'telegram', ?, ?, ?, ?, 1, 1)`,
  ).run(id, `Bot ${id}`, botId, settings, credentials);
}

describe('hub migration 0007: canned replies out of the channel settings', () => {
  let dataDir: string;
  let t: TestHub | null = null;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-hub-0007-'));
  });
  afterEach(async () => {
    await t?.stop();
    t = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('moves each channel’s entries into team replies of that channel, logged for its agents, and drops them from the settings', async () => {
    const key = randomBytes(32);
    fs.writeFileSync(path.join(dataDir, 'secret.key'), key.toString('base64'), { mode: 0o600 });
    const vault = new CredentialVault(key);
    const db = openMigratedDatabase(path.join(dataDir, 'hub.sqlite'), BEFORE_CANNED_REPLY_TABLE, { foreignKeys: true });
    const legacy = {
      autoConvert: true,
      cannedReplies: [
        { title: 'Thanks', text: 'Thank you for waiting!' },
        { title: '', text: 'お問い合わせ\nありがとうございます' },
        { title: 'No text' },
        'not an entry',
      ],
    };
    insertChannel(db, vault, 'ch-legacy', JSON.stringify(legacy));
    insertChannel(db, vault, 'ch-plain', JSON.stringify({ autoConvert: false }));
    insertChannel(db, vault, 'ch-unreadable', '{not json');
    db.close();

    t = await startHub({ dataDir });
    const hub = t;
    const list = Items.parse((await hub.api('GET', '/api/canned-replies', { token: hub.adminToken })).body).items;
    expect(
      list.map(({ channelId, ownerId, title, shortcut, text }) => ({ channelId, ownerId, title, shortcut, text })),
    ).toEqual([
      { channelId: 'ch-legacy', ownerId: null, title: 'Thanks', shortcut: null, text: 'Thank you for waiting!' },
      {
        channelId: 'ch-legacy',
        ownerId: null,
        title: 'お問い合わせ ありがとうございます',
        shortcut: null,
        text: 'お問い合わせ\nありがとうございます',
      },
    ]);
    for (const reply of list) expect(reply.id).toMatch(UUID_V7_PATTERN);

    const channel = Channel.parse((await hub.api('GET', '/api/channels/ch-legacy', { token: hub.adminToken })).body);
    expect(channel.settings.autoConvert).toBe(true);
    const stored = new Map<string, unknown>();
    const check = openMigratedDatabase(path.join(dataDir, 'hub.sqlite'), [], { foreignKeys: false });
    for (const row of check.prepare<[], { id: string; settings: string }>('SELECT id, settings FROM channels').all()) {
      stored.set(row.id, row.settings);
    }
    check.close();
    expect(stored.get('ch-legacy')).not.toContain('cannedReplies');
    expect(stored.get('ch-unreadable')).toBe('{not json');

    // An agent linked to the channel gets them by sync, from events logged now (not compacted as old ones).
    const aiko = await hub.createAgent({ name: 'Aiko' });
    await hub.linkAgent('ch-legacy', aiko.agent.id);
    const sock = await hub.connect(aiko.token);
    const ack = await sock.command('sync', { after: 0 });
    if (!ack.ok) throw new Error(JSON.stringify(ack.error));
    const synced = SyncResult.parse(ack.data);
    if (synced.reset) throw new Error('unexpected reset');
    const events = synced.events.flatMap((e) => (e.type === 'cannedReply.upsert' ? [e] : []));
    expect(events.map((e) => e.cannedReply)).toEqual(list);
    for (const event of events) expect(Math.abs(event.at - Date.now())).toBeLessThan(60_000);
  });
});

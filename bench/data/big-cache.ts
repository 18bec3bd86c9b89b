/**
 * The large, warm client cache read by the inbox query, search, memory and
 * first paint figures: 100,000 conversations and 1,000,000 messages in the
 * real schema, in an account folder with a saved session, exactly where the
 * client service looks for them. Seeded with batched raw INSERTs (it is
 * data, not a measurement); the hub URL of the session points at a closed
 * port, so a client opened on it works offline from the cache.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountFolder, openCacheDb } from '../../src/main/core/cache/cache-db.js';
import type { StoredSession } from '../../src/main/core/session/stored-session.js';
import { fmtInt, nowMs, note } from '../measure.js';
import { Corpus } from './corpus.js';
import { contactSearchColumns, prepareMessageRow, RawCacheWriter, type MessageRows } from './raw-cache-writer.js';

/** Nothing listens on the discard port: connecting fails at once, the client stays offline. */
export const OFFLINE_HUB_URL = 'http://127.0.0.1:9';
const BATCH = 5000;

export interface BigCache {
  readonly corpus: Corpus;
  /** The client service's dataDir (holds the account folder). */
  readonly dataDir: string;
  /** The account folder holding cache.sqlite. */
  readonly folder: string;
  /** The saved session, as the file token store keeps it. */
  readonly sessionFile: string;
}

export function seedBigCache(root: string, shape: { conversations: number; messages: number }): BigCache {
  const started = nowMs();
  const corpus = new Corpus({ ...shape, seed: 23 });
  const dataDir = join(root, 'accounts');
  const folder = accountFolder(dataDir, OFFLINE_HUB_URL, corpus.me.id);
  // Written raw (a million messages through the repositories would take minutes) into the cache's
  // file, schema and settings (migrated on opening).
  const db = openCacheDb(folder);
  const writer = new RawCacheWriter(db);
  const unread = new Uint32Array(shape.conversations);
  writer.transaction(() => {
    writer.agents(corpus.agents);
    writer.channels(corpus.channels);
  });
  for (let start = 0; start < shape.messages; start += BATCH) {
    const rows: MessageRows[] = [];
    for (let k = start; k < Math.min(shape.messages, start + BATCH); k += 1) {
      const message = corpus.message(k);
      const n = corpus.conversationOfMessage(k);
      if (message.direction === 'in') unread[n] = (unread[n] ?? 0) + 1;
      rows.push(prepareMessageRow(message, k + 1));
    }
    writer.transaction(() => writer.messages(rows));
  }
  const times = corpus.lastMessageTimes();
  for (let start = 0; start < shape.conversations; start += BATCH) {
    writer.transaction(() => {
      for (let n = start; n < Math.min(shape.conversations, start + BATCH); n += 1) {
        const contact = corpus.contact(n);
        writer.contact(contact, contactSearchColumns(contact));
        writer.conversation(corpus.conversation(n, times[n] ?? 0), unread[n] ?? 0);
      }
    });
  }
  writer.transaction(() => writer.setSynced(shape.messages, Date.now()));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  const session: StoredSession = { hubUrl: OFFLINE_HUB_URL, token: 'bench-offline-token', agent: corpus.me };
  const sessionFile = join(root, 'session.json');
  writeFileSync(sessionFile, JSON.stringify(session));
  note(
    `seeded a cache of ${fmtInt(shape.conversations)} conversations / ${fmtInt(shape.messages)} messages in ${((nowMs() - started) / 1000).toFixed(1)} s`,
  );
  return { corpus, dataDir, folder, sessionFile };
}

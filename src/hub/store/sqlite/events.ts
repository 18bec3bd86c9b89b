/**
 * The event log clients sync from. Appended in the same transaction as the
 * change it records; `seq` comes from AUTOINCREMENT so it only grows, also
 * across compaction. The floor is the newest seq compaction removed: a client
 * whose cursor is below it must rebuild from a snapshot.
 */
import { randomUUID } from 'node:crypto';
import { HubEventBody, type HubEvent } from '../../../shared/protocol.js';
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { scopeClause, scopeParams } from './scope.js';
import { once } from '../../../node-shared/prepared.js';
import type { EventEntry, EventViewer, EventRepository } from '../ports/events.js';

export const LOG_ID_KEY = 'log.id';
/** Set in every backup copy (store/backup.ts): a hub that starts on it begins a new log identity. */
export const LOG_ROTATE_KEY = 'log.rotate';

interface EventRow {
  seq: number;
  at: number;
  channel_id: string | null;
  agent_id: string | null;
  body: string;
}

const FLOOR_KEY = 'events.floor';

export class SqliteEventRepository implements EventRepository {
  private readonly appendStatement = once(() =>
    this.db.prepare(`INSERT INTO events (at, type, channel_id, agent_id, body) VALUES (?, ?, ?, ?, ?)`),
  );
  private readonly listAfterStatement = once(() =>
    this.db.prepare<
      [number, string, string | null, string | null, number],
      EventRow
    >(`SELECT seq, at, channel_id, agent_id, body FROM events
         WHERE seq > ? AND (agent_id IS NULL OR agent_id = ?)
           AND (channel_id IS NULL OR ${scopeClause('channel_id')})
         ORDER BY seq LIMIT ?`),
  );
  private readonly latestSeqStatement = once(() =>
    this.db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`),
  );
  private readonly readMetaStatement = once(() =>
    this.db.prepare<[string], { value: string }>(`SELECT value FROM hub_meta WHERE key = ?`),
  );
  private readonly compactStatement = once(() => this.db.prepare(`DELETE FROM events WHERE seq <= ?`));
  private readonly writeMetaStatement = once(() =>
    this.db.prepare(
      `INSERT INTO hub_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
  );
  private readonly lastSeqAtOrBeforeStatement = once(() =>
    this.db.prepare<[number], { seq: number | null }>(`SELECT max(seq) AS seq FROM events WHERE at <= ?`),
  );

  private currentLogId: string | null = null;

  constructor(private readonly db: SqliteDb) {}

  async logId(): Promise<string> {
    this.currentLogId ??= this.settleLogId();
    return this.currentLogId;
  }

  private settleLogId(): string {
    const read = (key: string) => this.readMetaStatement().get(key)?.value ?? null;
    const existing = read(LOG_ID_KEY);
    if (existing !== null && read(LOG_ROTATE_KEY) === null) return existing;
    const next = randomUUID();
    this.db.transaction(() => {
      this.writeMetaStatement().run(LOG_ID_KEY, next);
      this.db.prepare(`DELETE FROM hub_meta WHERE key = ?`).run(LOG_ROTATE_KEY);
    })();
    return next;
  }

  async appendMany(entries: readonly EventEntry[]): Promise<HubEvent[]> {
    return entries.map(({ body, visibility, at }) => {
      const result = this.appendStatement().run(
        at,
        body.type,
        visibility.channelId,
        visibility.agentId,
        JSON.stringify(body),
      );
      return { seq: Number(result.lastInsertRowid), at, ...visibility, ...body };
    });
  }

  async listAfter(after: number, limit: number, viewer: EventViewer): Promise<HubEvent[]> {
    const events: HubEvent[] = [];
    let cursor = after;
    // Skipped rows do not count against the limit: read on past them until the page is full or the log ends.
    while (events.length < limit) {
      const wanted = limit - events.length;
      const rows = this.listAfterStatement().all(cursor, viewer.agentId, ...scopeParams(viewer.scope), wanted);
      for (const row of rows) {
        // A body an older hub stored out of bounds is repaired; one that cannot be read is skipped (its seq
        // simply absent, as if compacted) and reported: one bad row never fails everyone's sync.
        const body = readJson(HubEventBody, row.body, { column: 'events.body', id: row.seq }, null);
        if (body) events.push({ seq: row.seq, at: row.at, channelId: row.channel_id, agentId: row.agent_id, ...body });
      }
      const last = rows.at(-1);
      if (rows.length < wanted || last === undefined) break;
      cursor = last.seq;
    }
    return events;
  }

  async latestSeq(): Promise<number> {
    return this.latestSeqStatement().get()?.seq ?? 0;
  }

  async floorSeq(): Promise<number> {
    const row = this.readMetaStatement().get(FLOOR_KEY);
    return row ? Number(row.value) : 0;
  }

  async compact(upTo: number): Promise<number> {
    const limit = Math.min(upTo, (await this.latestSeq()) - 1);
    if (limit <= (await this.floorSeq())) return 0;
    const removed = this.compactStatement().run(limit).changes;
    this.writeMetaStatement().run(FLOOR_KEY, String(limit));
    return removed;
  }

  async lastSeqAtOrBefore(at: number): Promise<number> {
    return this.lastSeqAtOrBeforeStatement().get(at)?.seq ?? 0;
  }
}

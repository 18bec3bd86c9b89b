/**
 * The event log on Postgres. Same rows as SQLite's (store/sqlite/events.ts), but seqs come from the
 * `event_counter` row instead of an identity: `appendMany` runs at the end of the outermost write, just
 * before COMMIT, and `UPDATE event_counter … RETURNING seq` locks that row until the commit. A second
 * writer waits there for the first one's COMMIT, so seqs become visible in the order they were given and a
 * reader that saw seq n has already seen every seq below it (docs/scaling.md, "A log with no gaps").
 */
import { randomUUID } from 'node:crypto';
import { HubEventBody, type HubEvent } from '../../../shared/protocol.js';
import type { EventEntry, EventRepository, EventViewer } from '../ports/events.js';
import { LOG_ID_KEY, LOG_ROTATE_KEY } from '../sqlite/events.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeValue } from './scope.js';

interface EventRow {
  seq: number;
  at: number;
  channel_id: string | null;
  agent_id: string | null;
  body: string;
}

const FLOOR_KEY = 'events.floor';

const READ_META = `SELECT value FROM hub_meta WHERE key = $1`;
const WRITE_META = `INSERT INTO hub_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`;

export class PostgresEventRepository implements EventRepository {
  private currentLogId: string | null = null;

  constructor(private readonly db: PgDb) {}

  async logId(): Promise<string> {
    this.currentLogId ??= await this.settleLogId();
    return this.currentLogId;
  }

  /**
   * Several nodes may open the same database at once: the first to delete the rotate mark makes the new
   * identity (the others wait on that row and then find it gone), and a new database's identity is
   * inserted once (ON CONFLICT DO NOTHING), so every node ends up with the same one.
   */
  private async settleLogId(): Promise<string> {
    const rows = await this.db.query<{ key: string; value: string }>(
      `SELECT key, value FROM hub_meta WHERE key = ANY($1::text[])`,
      [[LOG_ID_KEY, LOG_ROTATE_KEY]],
    );
    const existing = rows.find((r) => r.key === LOG_ID_KEY)?.value ?? null;
    const rotate = rows.some((r) => r.key === LOG_ROTATE_KEY);
    if (existing !== null && !rotate) return existing;
    return this.db.transaction(async () => {
      const rotated = await this.db.run(`DELETE FROM hub_meta WHERE key = $1`, [LOG_ROTATE_KEY]);
      if (rotated > 0) {
        const next = randomUUID();
        await this.db.run(WRITE_META, [LOG_ID_KEY, next]);
        return next;
      }
      await this.db.run(`INSERT INTO hub_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
        LOG_ID_KEY,
        randomUUID(),
      ]);
      const row = await this.db.one<{ value: string }>(READ_META, [LOG_ID_KEY]);
      if (!row) throw new Error('hub_meta lost the log id it was just given');
      return row.value;
    });
  }

  async appendMany(entries: readonly EventEntry[]): Promise<HubEvent[]> {
    if (entries.length === 0) return [];
    const append = async (): Promise<HubEvent[]> => {
      // Locks the counter row until COMMIT: the gap-free rule (module comment).
      const counter = await this.db.one<{ seq: number }>(
        `UPDATE event_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq`,
        [entries.length],
      );
      if (!counter) throw new Error('event_counter has no row: the Postgres migrations did not run');
      const first = counter.seq - entries.length + 1;
      const events = entries.map(
        (e, i): HubEvent => ({ seq: first + i, at: e.at, ...e.visibility, ...e.body }) as HubEvent,
      );
      await this.db.run(
        `INSERT INTO events (seq, at, type, channel_id, agent_id, body)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])`,
        [
          events.map((e) => e.seq),
          entries.map((e) => e.at),
          entries.map((e) => e.body.type),
          entries.map((e) => e.visibility.channelId),
          entries.map((e) => e.visibility.agentId),
          entries.map((e) => JSON.stringify(e.body)),
        ],
      );
      return events;
    };
    // Outside a write the counter and the rows still commit together.
    return this.db.inTransaction ? append() : this.db.transaction(append);
  }

  async listAfter(after: number, limit: number, viewer: EventViewer): Promise<HubEvent[]> {
    const events: HubEvent[] = [];
    let cursor = after;
    const scope = pgScopeValue(viewer.scope);
    // Skipped rows do not count against the limit: read on past them until the page is full or the log ends.
    while (events.length < limit) {
      const wanted = limit - events.length;
      const rows = await this.db.query<EventRow>(
        `SELECT seq, at, channel_id, agent_id, body FROM events
           WHERE seq > $1 AND (agent_id IS NULL OR agent_id = $2)
             AND (channel_id IS NULL OR ${pgScope('channel_id', 3)})
           ORDER BY seq LIMIT $4`,
        [cursor, viewer.agentId, scope, wanted],
      );
      for (const row of rows) {
        // As on SQLite: a body that cannot be read is skipped (its seq absent, as if compacted) and reported.
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
    // The committed counter (or this transaction's own): every seq at or below it is committed and visible.
    const row = await this.db.one<{ seq: number }>(`SELECT seq FROM event_counter WHERE id = 1`);
    return row?.seq ?? 0;
  }

  async floorSeq(): Promise<number> {
    const row = await this.db.one<{ value: string }>(READ_META, [FLOOR_KEY]);
    return row ? Number(row.value) : 0;
  }

  async compact(upTo: number): Promise<number> {
    const limit = Math.min(upTo, (await this.latestSeq()) - 1);
    if (limit <= (await this.floorSeq())) return 0;
    const removed = await this.db.run(`DELETE FROM events WHERE seq <= $1`, [limit]);
    await this.db.run(WRITE_META, [FLOOR_KEY, String(limit)]);
    return removed;
  }

  async lastSeqAtOrBefore(at: number): Promise<number> {
    const row = await this.db.one<{ seq: number | null }>(`SELECT max(seq) AS seq FROM events WHERE at <= $1`, [at]);
    return row?.seq ?? 0;
  }
}

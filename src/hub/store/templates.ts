/** WhatsApp message templates (SPEC §5). */
import { z } from 'zod';
import { MergeField, type Template, type TemplateCategory, type TemplateStatus } from '../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { readJson } from './json-column.js';
import { scopeClause, scopeParams, type ChannelScope } from './scope.js';
import { once } from './prepared.js';

export interface TemplateRepository {
  insert(template: Template): void;
  update(template: Template): void;
  findById(id: string): Template | null;
  findByName(channelId: string, name: string, language: string): Template | null;
  list(scope: ChannelScope, channelId?: string): Template[];
}

interface TemplateRow {
  id: string;
  channel_id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  body: string;
  placeholders: string;
  status: TemplateStatus;
  created_at: number;
  updated_at: number;
}

const Placeholders = z.array(MergeField);

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    language: row.language,
    category: row.category,
    body: row.body,
    placeholders: readJson(Placeholders, row.placeholders, { column: 'templates.placeholders', id: row.id }, []),
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class SqliteTemplateRepository implements TemplateRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO templates (id, channel_id, name, language, category, body, placeholders, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db.prepare(
      `UPDATE templates SET category = ?, body = ?, placeholders = ?, status = ?, updated_at = ? WHERE id = ?`,
    ),
  );
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], TemplateRow>(`SELECT * FROM templates WHERE id = ?`),
  );
  private readonly findByNameStatement = once(() =>
    this.db.prepare<[string, string, string], TemplateRow>(
      `SELECT * FROM templates WHERE channel_id = ? AND name = ? AND language = ?`,
    ),
  );
  private readonly listStatement = once(() =>
    this.db.prepare<
      [string | null, string | null, string | null, string | null],
      TemplateRow
    >(`SELECT t.* FROM templates t JOIN channels c ON c.id = t.channel_id
         WHERE c.deleted_at IS NULL AND ${scopeClause('t.channel_id')} AND (? IS NULL OR t.channel_id = ?)
         ORDER BY t.name, t.language`),
  );

  constructor(private readonly db: SqliteDb) {}

  insert(t: Template): void {
    this.insertStatement().run(
      t.id,
      t.channelId,
      t.name,
      t.language,
      t.category,
      t.body,
      JSON.stringify(t.placeholders),
      t.status,
      t.createdAt,
      t.updatedAt,
    );
  }

  update(t: Template): void {
    this.updateStatement().run(t.category, t.body, JSON.stringify(t.placeholders), t.status, t.updatedAt, t.id);
  }

  findById(id: string): Template | null {
    const row = this.findByIdStatement().get(id);
    return row ? toTemplate(row) : null;
  }

  findByName(channelId: string, name: string, language: string): Template | null {
    const row = this.findByNameStatement().get(channelId, name, language);
    return row ? toTemplate(row) : null;
  }

  list(scope: ChannelScope, channelId?: string): Template[] {
    return this.listStatement()
      .all(...scopeParams(scope), channelId ?? null, channelId ?? null)
      .map(toTemplate);
  }
}

/**
 * Message templates and their provider sync state on Postgres: the same rows and order as sqlite/templates.ts.
 * Names sort byte by byte as in SQLite: the schema's text columns are COLLATE "C" (migrations/0001-initial.ts).
 */
import { z } from 'zod';
import {
  MergeField,
  TemplateButton,
  TemplateHeader,
  TemplateResubmission,
  type Template,
  type TemplateCategory,
  type TemplateStatus,
} from '../../../shared/domain.js';
import type { TemplateRepository, TemplateSyncRecord } from '../ports/templates.js';
import type { ChannelScope } from '../ports/scope.js';
import { readJson } from '../json-column.js';
import type { PgDb } from './db.js';
import { pgScope, pgScopeValue } from './scope.js';

interface TemplateRow {
  id: string;
  channel_id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  body: string;
  placeholders: string;
  status: TemplateStatus;
  header: string | null;
  footer: string | null;
  buttons: string;
  examples: string;
  provider_template_id: string | null;
  rejection_reason: string | null;
  resubmission: string | null;
  category_change_to: TemplateCategory | null;
  category_change_at: number | null;
  created_at: number;
  updated_at: number;
}

interface SyncRow {
  channel_id: string;
  fingerprint: string;
  attempted_at: number;
  synced_at: number | null;
  error_code: string | null;
  error_message: string | null;
  template_count: number;
}

const Placeholders = z.array(MergeField);
const Buttons = z.array(TemplateButton);
const Examples = z.array(z.string());

function toTemplate(row: TemplateRow): Template {
  const where = (column: string) => ({ column: `templates.${column}`, id: row.id });
  return {
    id: row.id,
    channelId: row.channel_id,
    name: row.name,
    language: row.language,
    category: row.category,
    body: row.body,
    placeholders: readJson(Placeholders, row.placeholders, where('placeholders'), []),
    status: row.status,
    header: row.header === null ? null : readJson(TemplateHeader, row.header, where('header'), null),
    footer: row.footer,
    buttons: readJson(Buttons, row.buttons, where('buttons'), []),
    examples: readJson(Examples, row.examples, where('examples'), []),
    providerTemplateId: row.provider_template_id,
    rejectionReason: row.rejection_reason,
    categoryChange:
      row.category_change_to === null ? null : { category: row.category_change_to, at: row.category_change_at },
    resubmission:
      row.resubmission === null ? null : readJson(TemplateResubmission, row.resubmission, where('resubmission'), null),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSync(row: SyncRow): TemplateSyncRecord {
  return {
    channelId: row.channel_id,
    fingerprint: row.fingerprint,
    attemptedAt: row.attempted_at,
    syncedAt: row.synced_at,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    templateCount: row.template_count,
  };
}

/** The columns every write sets, in the order of the statements below. */
function mutableColumns(t: Template): (string | number | null)[] {
  return [
    t.category,
    t.body,
    JSON.stringify(t.placeholders),
    t.status,
    t.header === null ? null : JSON.stringify(t.header),
    t.footer,
    JSON.stringify(t.buttons),
    JSON.stringify(t.examples),
    t.providerTemplateId,
    t.rejectionReason,
    t.resubmission === null ? null : JSON.stringify(t.resubmission),
    t.categoryChange?.category ?? null,
    t.categoryChange?.at ?? null,
    t.updatedAt,
  ];
}

const INSERT = `INSERT INTO templates (id, channel_id, name, language, created_at, category, body, placeholders,
    status, header, footer, buttons, examples, provider_template_id, rejection_reason, resubmission,
    category_change_to, category_change_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`;

const UPDATE = `UPDATE templates SET name = $1, category = $2, body = $3, placeholders = $4, status = $5, header = $6,
    footer = $7, buttons = $8, examples = $9, provider_template_id = $10, rejection_reason = $11, resubmission = $12,
    category_change_to = $13, category_change_at = $14, updated_at = $15
  WHERE id = $16`;

const BY_NAME = `ORDER BY t.name, t.language`;

const SAVE_SYNC = `INSERT INTO template_syncs (channel_id, fingerprint, attempted_at, synced_at, error_code, error_message,
    template_count) VALUES ($1, $2, $3, $4, $5, $6, $7)
  ON CONFLICT (channel_id) DO UPDATE SET fingerprint = excluded.fingerprint, attempted_at = excluded.attempted_at,
    synced_at = excluded.synced_at, error_code = excluded.error_code, error_message = excluded.error_message,
    template_count = excluded.template_count`;

export class PostgresTemplateRepository implements TemplateRepository {
  constructor(private readonly db: PgDb) {}

  private async first(where: string, params: readonly unknown[]): Promise<Template | null> {
    const row = await this.db.one<TemplateRow>(`SELECT * FROM templates t WHERE ${where}`, params);
    return row ? toTemplate(row) : null;
  }

  async insert(t: Template): Promise<void> {
    await this.db.run(INSERT, [t.id, t.channelId, t.name, t.language, t.createdAt, ...mutableColumns(t)]);
  }

  async update(t: Template): Promise<void> {
    // The name changes only when a category change switches over to Meta's new template.
    await this.db.run(UPDATE, [t.name, ...mutableColumns(t), t.id]);
  }

  findById(id: string): Promise<Template | null> {
    return this.first('t.id = $1', [id]);
  }

  findByName(channelId: string, name: string, language: string): Promise<Template | null> {
    return this.first('t.channel_id = $1 AND t.name = $2 AND t.language = $3', [channelId, name, language]);
  }

  findByProviderId(channelId: string, providerTemplateId: string): Promise<Template | null> {
    return this.first('t.channel_id = $1 AND t.provider_template_id = $2', [channelId, providerTemplateId]);
  }

  findByResubmissionId(channelId: string, providerTemplateId: string): Promise<Template | null> {
    // SQLite: json_extract(resubmission, '$.providerTemplateId'); the column stays text, read as jsonb here.
    return this.first(`t.channel_id = $1 AND (t.resubmission::jsonb ->> 'providerTemplateId') = $2`, [
      channelId,
      providerTemplateId,
    ]);
  }

  async listOfChannel(channelId: string): Promise<Template[]> {
    const rows = await this.db.query<TemplateRow>(`SELECT * FROM templates t WHERE t.channel_id = $1 ${BY_NAME}`, [
      channelId,
    ]);
    return rows.map(toTemplate);
  }

  async list(scope: ChannelScope, channelId?: string): Promise<Template[]> {
    const rows = await this.db.query<TemplateRow>(
      `SELECT t.* FROM templates t JOIN channels c ON c.id = t.channel_id
         WHERE c.deleted_at IS NULL AND ${pgScope('t.channel_id', 1)} AND ($2::text IS NULL OR t.channel_id = $2)
         ${BY_NAME}`,
      [pgScopeValue(scope), channelId ?? null],
    );
    return rows.map(toTemplate);
  }

  async syncOf(channelId: string): Promise<TemplateSyncRecord | null> {
    const row = await this.db.one<SyncRow>(`SELECT * FROM template_syncs WHERE channel_id = $1`, [channelId]);
    return row ? toSync(row) : null;
  }

  async saveSync(r: TemplateSyncRecord): Promise<void> {
    await this.db.run(SAVE_SYNC, [
      r.channelId,
      r.fingerprint,
      r.attemptedAt,
      r.syncedAt,
      r.errorCode,
      r.errorMessage,
      r.templateCount,
    ]);
  }
}

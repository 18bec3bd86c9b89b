/**
 * Message templates (SPEC §5) and, for WhatsApp channels, the state of their
 * sync with the WhatsApp Business Account (migration 0006), a category change
 * waiting for Meta and Meta's announced re-categorisation (migration 0009).
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
import type { SqliteDb } from './db.js';
import { readJson } from '../json-column.js';
import { scopeClause, scopeParams } from './scope.js';
import { once } from '../../../node-shared/prepared.js';
import type { TemplateSyncRecord, TemplateRepository } from '../ports/templates.js';
import type { ChannelScope } from '../ports/scope.js';

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

export class SqliteTemplateRepository implements TemplateRepository {
  private readonly insertStatement = once(() =>
    this.db.prepare(`INSERT INTO templates (id, channel_id, name, language, created_at, category, body, placeholders,
         status, header, footer, buttons, examples, provider_template_id, rejection_reason, resubmission,
         category_change_to, category_change_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db.prepare(
      `UPDATE templates SET name = ?, category = ?, body = ?, placeholders = ?, status = ?, header = ?, footer = ?, buttons = ?,
         examples = ?, provider_template_id = ?, rejection_reason = ?, resubmission = ?, category_change_to = ?,
         category_change_at = ?, updated_at = ? WHERE id = ?`,
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
  private readonly findByProviderIdStatement = once(() =>
    this.db.prepare<[string, string], TemplateRow>(
      `SELECT * FROM templates WHERE channel_id = ? AND provider_template_id = ?`,
    ),
  );
  private readonly findByResubmissionIdStatement = once(() =>
    this.db.prepare<[string, string], TemplateRow>(
      `SELECT * FROM templates WHERE channel_id = ? AND json_extract(resubmission, '$.providerTemplateId') = ?`,
    ),
  );
  private readonly listOfChannelStatement = once(() =>
    this.db.prepare<[string], TemplateRow>(`SELECT * FROM templates WHERE channel_id = ? ORDER BY name, language`),
  );
  private readonly listStatement = once(() =>
    this.db.prepare<
      [string | null, string | null, string | null, string | null],
      TemplateRow
    >(`SELECT t.* FROM templates t JOIN channels c ON c.id = t.channel_id
         WHERE c.deleted_at IS NULL AND ${scopeClause('t.channel_id')} AND (? IS NULL OR t.channel_id = ?)
         ORDER BY t.name, t.language`),
  );
  private readonly syncOfStatement = once(() =>
    this.db.prepare<[string], SyncRow>(`SELECT * FROM template_syncs WHERE channel_id = ?`),
  );
  private readonly saveSyncStatement = once(() =>
    this.db.prepare(`INSERT INTO template_syncs (channel_id, fingerprint, attempted_at, synced_at, error_code,
         error_message, template_count) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (channel_id) DO UPDATE SET fingerprint = excluded.fingerprint,
           attempted_at = excluded.attempted_at, synced_at = excluded.synced_at, error_code = excluded.error_code,
           error_message = excluded.error_message, template_count = excluded.template_count`),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert(t: Template): Promise<void> {
    this.insertStatement().run(t.id, t.channelId, t.name, t.language, t.createdAt, ...mutableColumns(t));
  }

  async update(t: Template): Promise<void> {
    // The name changes only when a category change switches over to Meta's new template.
    this.updateStatement().run(t.name, ...mutableColumns(t), t.id);
  }

  async findById(id: string): Promise<Template | null> {
    const row = this.findByIdStatement().get(id);
    return row ? toTemplate(row) : null;
  }

  async findByName(channelId: string, name: string, language: string): Promise<Template | null> {
    const row = this.findByNameStatement().get(channelId, name, language);
    return row ? toTemplate(row) : null;
  }

  async findByProviderId(channelId: string, providerTemplateId: string): Promise<Template | null> {
    const row = this.findByProviderIdStatement().get(channelId, providerTemplateId);
    return row ? toTemplate(row) : null;
  }

  async findByResubmissionId(channelId: string, providerTemplateId: string): Promise<Template | null> {
    const row = this.findByResubmissionIdStatement().get(channelId, providerTemplateId);
    return row ? toTemplate(row) : null;
  }

  async listOfChannel(channelId: string): Promise<Template[]> {
    return this.listOfChannelStatement().all(channelId).map(toTemplate);
  }

  async list(scope: ChannelScope, channelId?: string): Promise<Template[]> {
    return this.listStatement()
      .all(...scopeParams(scope), channelId ?? null, channelId ?? null)
      .map(toTemplate);
  }

  async syncOf(channelId: string): Promise<TemplateSyncRecord | null> {
    const row = this.syncOfStatement().get(channelId);
    return row ? toSync(row) : null;
  }

  async saveSync(r: TemplateSyncRecord): Promise<void> {
    this.saveSyncStatement().run(
      r.channelId,
      r.fingerprint,
      r.attemptedAt,
      r.syncedAt,
      r.errorCode,
      r.errorMessage,
      r.templateCount,
    );
  }
}

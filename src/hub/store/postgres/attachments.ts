/** Attachment rows and agents' uploads on Postgres: the same rows and order as sqlite/attachments.ts. */
import type { Attachment } from '../../../shared/domain.js';
import type { AttachmentRecord, AttachmentRepository, MediaUpload } from '../ports/attachments.js';
import type { PgDb } from './db.js';

interface AttachmentRow {
  id: string;
  message_id: string;
  position: number;
  mime_type: string;
  file_name: string | null;
  size: number | null;
  sha256: string | null;
  status: Attachment['status'];
  error: string | null;
  provider_ref: string | null;
  attempts: number;
}

interface UploadRow {
  id: string;
  agent_id: string;
  sha256: string;
  mime_type: string;
  file_name: string;
  size: number;
  created_at: number;
}

function toRecord(row: AttachmentRow): AttachmentRecord {
  return {
    attachment: {
      id: row.id,
      mimeType: row.mime_type,
      fileName: row.file_name,
      size: row.size,
      sha256: row.sha256,
      status: row.status,
      error: row.error,
    },
    messageId: row.message_id,
    position: row.position,
    providerRef: row.provider_ref,
    attempts: row.attempts,
  };
}

const INSERT = `INSERT INTO attachments (id, message_id, position, mime_type, file_name, size, sha256, status, error,
    provider_ref, attempts, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

const UPDATE = `UPDATE attachments SET mime_type = $1, file_name = $2, size = $3, sha256 = $4, status = $5, error = $6,
    attempts = $7, updated_at = $8
  WHERE id = $9`;

export class PostgresAttachmentRepository implements AttachmentRepository {
  constructor(private readonly db: PgDb) {}

  async insert(r: AttachmentRecord, at: number): Promise<void> {
    const a = r.attachment;
    await this.db.run(INSERT, [
      a.id,
      r.messageId,
      r.position,
      a.mimeType,
      a.fileName,
      a.size,
      a.sha256,
      a.status,
      a.error,
      r.providerRef,
      r.attempts,
      at,
      at,
    ]);
  }

  async update(a: Attachment, attempts: number, at: number): Promise<void> {
    await this.db.run(UPDATE, [a.mimeType, a.fileName, a.size, a.sha256, a.status, a.error, attempts, at, a.id]);
  }

  async findById(id: string): Promise<AttachmentRecord | null> {
    const row = await this.db.one<AttachmentRow>(`SELECT * FROM attachments WHERE id = $1`, [id]);
    return row ? toRecord(row) : null;
  }

  async listOfMessages(messageIds: readonly string[]): Promise<Map<string, Attachment[]>> {
    const byMessage = new Map<string, Attachment[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = await this.db.query<AttachmentRow>(
      `SELECT * FROM attachments WHERE message_id = ANY($1::text[]) ORDER BY message_id, position`,
      [[...messageIds]],
    );
    for (const row of rows) {
      const list = byMessage.get(row.message_id) ?? [];
      list.push(toRecord(row).attachment);
      byMessage.set(row.message_id, list);
    }
    return byMessage;
  }

  async listPending(limit: number): Promise<AttachmentRecord[]> {
    const rows = await this.db.query<AttachmentRow>(
      `SELECT * FROM attachments WHERE status = 'pending' ORDER BY created_at, id LIMIT $1`,
      [limit],
    );
    return rows.map(toRecord);
  }

  async insertUpload(u: MediaUpload): Promise<void> {
    await this.db.run(
      `INSERT INTO media_uploads (id, agent_id, sha256, mime_type, file_name, size, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [u.id, u.agentId, u.sha256, u.mimeType, u.fileName, u.size, u.createdAt],
    );
  }

  async findUpload(id: string): Promise<MediaUpload | null> {
    const row = await this.db.one<UploadRow>(`SELECT * FROM media_uploads WHERE id = $1`, [id]);
    return row
      ? {
          id: row.id,
          agentId: row.agent_id,
          sha256: row.sha256,
          mimeType: row.mime_type,
          fileName: row.file_name,
          size: row.size,
          createdAt: row.created_at,
        }
      : null;
  }
}

/** Attachment rows of messages and the media agents upload before sending. */
import type { Attachment } from '../../../shared/domain.js';
import type { SqliteDb } from './db.js';
import { once } from '../../../node-shared/prepared.js';
import type { AttachmentRecord, MediaUpload, AttachmentRepository } from '../ports/attachments.js';

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

export class SqliteAttachmentRepository implements AttachmentRepository {
  private readonly insertStatement = once(() =>
    this.db
      .prepare(`INSERT INTO attachments (id, message_id, position, mime_type, file_name, size, sha256, status, error,
           provider_ref, attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  );
  private readonly updateStatement = once(() =>
    this.db
      .prepare(`UPDATE attachments SET mime_type = ?, file_name = ?, size = ?, sha256 = ?, status = ?, error = ?, attempts = ?,
           updated_at = ? WHERE id = ?`),
  );
  private readonly findByIdStatement = once(() =>
    this.db.prepare<[string], AttachmentRow>(`SELECT * FROM attachments WHERE id = ?`),
  );
  private readonly listOfMessagesStatement = once(() =>
    this.db.prepare<[string], AttachmentRow>(
      `SELECT * FROM attachments WHERE message_id IN (SELECT value FROM json_each(?)) ORDER BY message_id, position`,
    ),
  );
  private readonly listPendingStatement = once(() =>
    this.db.prepare<[number], AttachmentRow>(
      `SELECT * FROM attachments WHERE status = 'pending' ORDER BY created_at, id LIMIT ?`,
    ),
  );
  private readonly insertUploadStatement = once(() =>
    this.db.prepare(
      `INSERT INTO media_uploads (id, agent_id, sha256, mime_type, file_name, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
  );
  private readonly findUploadStatement = once(() =>
    this.db.prepare<[string], UploadRow>(`SELECT * FROM media_uploads WHERE id = ?`),
  );

  constructor(private readonly db: SqliteDb) {}

  async insert(r: AttachmentRecord, at: number): Promise<void> {
    const a = r.attachment;
    this.insertStatement().run(
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
    );
  }

  async update(a: Attachment, attempts: number, at: number): Promise<void> {
    this.updateStatement().run(a.mimeType, a.fileName, a.size, a.sha256, a.status, a.error, attempts, at, a.id);
  }

  async findById(id: string): Promise<AttachmentRecord | null> {
    const row = this.findByIdStatement().get(id);
    return row ? toRecord(row) : null;
  }

  async listOfMessages(messageIds: readonly string[]): Promise<Map<string, Attachment[]>> {
    const byMessage = new Map<string, Attachment[]>();
    if (messageIds.length === 0) return byMessage;
    const rows = this.listOfMessagesStatement().all(JSON.stringify(messageIds));
    for (const row of rows) {
      const list = byMessage.get(row.message_id) ?? [];
      list.push(toRecord(row).attachment);
      byMessage.set(row.message_id, list);
    }
    return byMessage;
  }

  async listPending(limit: number): Promise<AttachmentRecord[]> {
    return this.listPendingStatement().all(limit).map(toRecord);
  }

  async insertUpload(u: MediaUpload): Promise<void> {
    this.insertUploadStatement().run(u.id, u.agentId, u.sha256, u.mimeType, u.fileName, u.size, u.createdAt);
  }

  async findUpload(id: string): Promise<MediaUpload | null> {
    const row = this.findUploadStatement().get(id);
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

import type { Attachment } from '../../../shared/domain.js';

export interface AttachmentRecord {
  readonly attachment: Attachment;
  readonly messageId: string;
  readonly position: number;
  /** JSON of the provider's MediaRef for inbound media not yet downloaded. */
  readonly providerRef: string | null;
  readonly attempts: number;
}

export interface MediaUpload {
  readonly id: string;
  readonly agentId: string;
  readonly sha256: string;
  readonly mimeType: string;
  readonly fileName: string;
  readonly size: number;
  readonly createdAt: number;
}

export interface AttachmentRepository {
  insert(record: AttachmentRecord, at: number): Promise<void>;
  update(attachment: Attachment, attempts: number, at: number): Promise<void>;
  findById(id: string): Promise<AttachmentRecord | null>;
  listOfMessages(messageIds: readonly string[]): Promise<Map<string, Attachment[]>>;
  listPending(limit: number): Promise<AttachmentRecord[]>;
  insertUpload(upload: MediaUpload): Promise<void>;
  findUpload(id: string): Promise<MediaUpload | null>;
}

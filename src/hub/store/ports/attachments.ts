import type { Attachment } from '../../../shared/domain';

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
  insert(record: AttachmentRecord, at: number): void;
  update(attachment: Attachment, attempts: number, at: number): void;
  findById(id: string): AttachmentRecord | null;
  listOfMessages(messageIds: readonly string[]): Map<string, Attachment[]>;
  listPending(limit: number): AttachmentRecord[];
  insertUpload(upload: MediaUpload): void;
  findUpload(id: string): MediaUpload | null;
}

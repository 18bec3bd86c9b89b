import { type Template } from '../../../shared/domain.js';
import type { ChannelScope } from './scope.js';

/** The last sync of one channel's templates with its provider. */
export interface TemplateSyncRecord {
  readonly channelId: string;
  /** sha256 of the credentials used: different credentials make the channel due at once. */
  readonly fingerprint: string;
  readonly attemptedAt: number;
  /** The last complete sync; null until one succeeded. */
  readonly syncedAt: number | null;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly templateCount: number;
}

export interface TemplateRepository {
  insert(template: Template): Promise<void>;
  update(template: Template): Promise<void>;
  findById(id: string): Promise<Template | null>;
  findByName(channelId: string, name: string, language: string): Promise<Template | null>;
  findByProviderId(channelId: string, providerTemplateId: string): Promise<Template | null>;
  /** The template whose category change waits for this Meta template. */
  findByResubmissionId(channelId: string, providerTemplateId: string): Promise<Template | null>;
  /** Every template of the channel, deleted ones included. */
  listOfChannel(channelId: string): Promise<Template[]>;
  list(scope: ChannelScope, channelId?: string): Promise<Template[]>;
  syncOf(channelId: string): Promise<TemplateSyncRecord | null>;
  saveSync(record: TemplateSyncRecord): Promise<void>;
}

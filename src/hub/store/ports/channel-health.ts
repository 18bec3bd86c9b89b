import { ProviderErrorFact, QualityFact, TokenFact, WebhookFact } from '../../../shared/admin/health.js';
import { type ChannelHealthSummary } from '../../../shared/domain.js';

export interface ChannelHealthRecord extends ChannelHealthSummary {
  readonly channelId: string;
  readonly lastInboundAt: number | null;
  readonly lastSentAt: number | null;
  readonly sendFailuresInRow: number;
  readonly lastError: ProviderErrorFact | null;
  readonly token: TokenFact | null;
  readonly webhook: WebhookFact | null;
  readonly quality: QualityFact | null;
  readonly updatedAt: number;
}

export interface ChannelHealthRepository {
  find(channelId: string): Promise<ChannelHealthRecord | null>;
  /** What a Channel carries: one primary-key read, no JSON. */
  summaryOf(channelId: string): Promise<ChannelHealthSummary | null>;
  save(record: ChannelHealthRecord): Promise<void>;
}

import { CannedReply } from '../../../shared/domain.js';
import type { ChannelScope } from './scope.js';

/** Whose replies a read returns: the team's and this agent's own, on the channels of `scope` (null = all). */
export interface CannedReplyViewer {
  readonly agentId: string;
  readonly scope: ChannelScope;
}

export interface CannedReplyRepository {
  insert(reply: CannedReply): Promise<void>;
  update(reply: CannedReply): Promise<void>;
  delete(id: string): Promise<void>;
  findById(id: string): Promise<CannedReply | null>;
  /**
   * The team's replies and the viewer's own, for every channel or a live channel of the viewer's scope
   * (replies of a deleted channel wait for its restore), by title.
   */
  listVisible(viewer: CannedReplyViewer): Promise<CannedReply[]>;
}

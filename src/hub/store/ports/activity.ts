import { Activity } from '../../../shared/activity';
import type { ChannelScope } from './scope.js';

export interface ActivityRepository {
  insert(activity: Activity): void;
  /** The activity of the channels in `scope` (null = all) with id > after, by id (snapshot pages). */
  listAfter(after: string, limit: number, scope: ChannelScope): Activity[];
  /** One conversation's activity, oldest first. */
  listOfConversation(conversationId: string): Activity[];
  count(scope: ChannelScope): number;
}

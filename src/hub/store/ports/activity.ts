import { Activity } from '../../../shared/activity.js';
import type { ChannelScope } from './scope.js';

export interface ActivityRepository {
  insert(activity: Activity): Promise<void>;
  /** The activity of the channels in `scope` (null = all) with id > after, by id (snapshot pages). */
  listAfter(after: string, limit: number, scope: ChannelScope): Promise<Activity[]>;
  /** One conversation's activity, oldest first. */
  listOfConversation(conversationId: string): Promise<Activity[]>;
  count(scope: ChannelScope): Promise<number>;
}

export interface ReachabilityRepository {
  /** The contact's latest follow or unfollow event, or null when the provider sent none. */
  lastFollowEvent(contactId: string): Promise<FollowState | null>;
}

export type FollowState = 'follow' | 'unfollow';

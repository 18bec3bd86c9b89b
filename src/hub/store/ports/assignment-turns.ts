/**
 * The round-robin position of automatic assignment (services/routing/router.ts): the `assigned_at` stamp
 * each assignment gets. Routing gives a conversation to the agent with the fewest open conversations, ties
 * to the one assigned longest ago; stamps that only grow make those ties go round even within a
 * millisecond. Kept per channel in the store, so every hub node continues the same sequence.
 */
export interface AssignmentTurnRepository {
  /**
   * The channel's next stamp: at least `now` and greater than every stamp given on that channel before,
   * by any node. Called inside the assigning transaction; on Postgres the channel's row stays locked until
   * that transaction ends, so a second node assigning on the channel meanwhile waits and takes the next.
   */
  next(channelId: string, now: number): Promise<number>;
  /**
   * Takes the channel's row lock, until the transaction ends, before routing reads who is free: a second
   * node picking on the channel meanwhile waits, then reads the first one's assignment, so two nodes never
   * give the last free place of one agent twice (Postgres; SQLite has one writer and locks nothing).
   */
  lock(channelId: string): Promise<void>;
}

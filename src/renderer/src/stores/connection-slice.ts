import type { ConnectionState } from '../../../shared/api.js';
import type { SliceCreator } from './app-store.js';

export interface ConnectionSlice {
  connection: ConnectionState;
  /** Unread messages across every conversation the agent can see (the badge). */
  unreadTotal: number;
  loadConnection(): Promise<void>;
  setConnection(state: ConnectionState): void;
  setUnreadTotal(total: number): void;
}

export const INITIAL_CONNECTION: ConnectionState = {
  status: 'connecting',
  lastSyncedAt: null,
  progress: null,
  outboxCount: 0,
  error: null,
};

export const createConnectionSlice: SliceCreator<ConnectionSlice> = ({ set, api }) => ({
  connection: INITIAL_CONNECTION,
  unreadTotal: 0,
  async loadConnection() {
    const [connection, unreadTotal] = await Promise.all([api.getConnection(), api.getUnreadCount()]);
    set({ connection, unreadTotal });
  },
  setConnection(connection) {
    set({ connection });
  },
  setUnreadTotal(unreadTotal) {
    set({ unreadTotal });
  },
});

/**
 * The signed-in agent as the session knows it: what the app acts on (name,
 * email, role, permissions, active) follows the synced copy an admin may
 * change, and presence follows what the hub last said or what I just chose,
 * so the presence menu and the top bar agree with the hub after every
 * (re)connection. It reports a change only when one of those differs.
 */
import type { Agent, Presence } from '../../../shared/domain.js';

const accessOf = (a: Agent) => JSON.stringify([a.name, a.email, a.role, a.permissions, a.active]);

export class OwnAgent {
  constructor(
    private current: Agent,
    private readonly onChanged: (agent: Agent) => void,
  ) {}

  get agent(): Agent {
    return this.current;
  }

  /** The synced copy of me (agent events); null: not in the cache yet. */
  synced(synced: Agent | null): void {
    if (!synced || accessOf(synced) === accessOf(this.current)) return;
    this.current = { ...synced, presence: this.current.presence };
    this.onChanged(this.current);
  }

  /** My presence, as the hub said it or as I just chose it. */
  presence(presence: Presence): void {
    if (this.current.presence === presence) return;
    this.current = { ...this.current, presence };
    this.onChanged(this.current);
  }
}

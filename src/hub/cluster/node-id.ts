/**
 * This hub process's node id: random at start, so two processes never share one, even on one machine or
 * after a restart (a restarted node is a new holder and waits out its old leases like any other node).
 * Leases (store/ports/leases.ts) name their holder by it; the cluster code can use it too.
 */
import { randomUUID } from 'node:crypto';

export const NODE_ID: string = `node-${randomUUID()}`;

/**
 * Assignment stamps per agent, not per channel (as SQLite's migration 0025): round robin continues from
 * each agent's row in `agent_assignments` (0007), and a pick locks the agent it chooses, not the channel,
 * so assignments on one channel no longer wait for each other (docs/scaling.md, "Shared state").
 */
export const version = 8;
export const name = 'stamps-per-agent';
export const sql = `
DROP TABLE assignment_turns;
`;

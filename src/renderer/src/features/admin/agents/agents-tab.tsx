/** Admin console tab (being built): AgentsTab. */
export function AgentsTab() {
  return null;
}

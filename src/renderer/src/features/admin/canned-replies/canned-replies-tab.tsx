/** Admin console tab (being built): CannedRepliesTab. */
export function CannedRepliesTab() {
  return null;
}

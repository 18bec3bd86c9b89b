/** Admin console tab (being built): ChannelsTab. */
export function ChannelsTab() {
  return null;
}

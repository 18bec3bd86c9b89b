/** Admin console tab (being built): ClickToChatTab. */
export function ClickToChatTab() {
  return null;
}

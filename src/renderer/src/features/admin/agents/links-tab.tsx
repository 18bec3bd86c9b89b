/** Admin console tab (being built): LinksTab. */
export function LinksTab() {
  return null;
}

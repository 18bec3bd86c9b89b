/** Admin console tab (being built): CreditsTab. */
export function CreditsTab() {
  return null;
}

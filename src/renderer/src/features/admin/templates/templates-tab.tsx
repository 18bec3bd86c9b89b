/** Admin console tab (being built): TemplatesTab. */
export function TemplatesTab() {
  return null;
}

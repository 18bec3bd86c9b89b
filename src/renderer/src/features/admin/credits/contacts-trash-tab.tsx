/** Admin console tab (being built): ContactsTrashTab. */
export function ContactsTrashTab() {
  return null;
}

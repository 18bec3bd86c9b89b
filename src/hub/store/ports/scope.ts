/** Which channels a query may read: null = all (admins), otherwise a list. */

/**
 * Which channels a query may read: null = all (admins), otherwise a list.
 * SQLite receives the list as one JSON parameter (json_each) so statements
 * stay prepared whatever the number of channels.
 */
export type ChannelScope = readonly string[] | null;

/**
 * `switchboard://conversation/<id>` links. On Windows and Linux a second
 * instance receives the link in argv; on macOS it arrives as open-url.
 */
export const DEEP_LINK_SCHEME = 'switchboard';
const CONVERSATION_LINK = /^switchboard:\/\/conversation\/([A-Za-z0-9_-]{1,128})\/?$/;

export function conversationIdFromLink(link: string): string | null {
  return CONVERSATION_LINK.exec(link.trim())?.[1] ?? null;
}

export function conversationIdFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const id = conversationIdFromLink(arg);
    if (id) return id;
  }
  return null;
}

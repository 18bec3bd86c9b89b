/**
 * Which links leave the app for the system browser or mail program: http:,
 * https: and mailto: URLs of bounded length, nothing else (no javascript:,
 * data:, file:, or the app's own schemes). One rule for the renderer's
 * linkifier, the client API's argument check and the shell's window-open
 * handler, so a link the renderer draws is one the shell will open.
 */
import { z } from 'zod';

/** Longer than any link an agent clicks on purpose; a guard against a page-long "URL". */
export const EXTERNAL_LINK_MAX = 2048;

export const EXTERNAL_LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:'];

/** True for a URL the shell may hand to the OS: parseable, of an allowed scheme, with a host for http(s). */
export function isExternalLink(url: string): boolean {
  if (url.length === 0 || url.length > EXTERNAL_LINK_MAX) return false;
  // Control characters and spaces never belong in a URL the agent sees; URL() would quietly strip some.
  if (/[\s\p{Cc}]/u.test(url)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false; // not a URL at all
  }
  if (!EXTERNAL_LINK_PROTOCOLS.includes(parsed.protocol)) return false;
  if (parsed.protocol === 'mailto:') return /^mailto:[^@/?#]+@[^@/?#]+/iu.test(url);
  return parsed.hostname.length > 0 && /^https?:\/\//iu.test(url);
}

/** The argument of `openExternalLink`: refused with VALIDATION_FAILED unless `isExternalLink`. */
export const ExternalLink = z
  .string()
  .max(EXTERNAL_LINK_MAX)
  .refine(isExternalLink, { message: 'only http:, https: and mailto: links are opened' });

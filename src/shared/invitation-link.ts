/**
 * The invitation link an admin mails to a new agent: `<hub URL>/invite#<token>`.
 * The token sits after `#`, so a browser that opens the link never sends it
 * to the hub (nor to a proxy's log); the hub's `/invite` page only says how to
 * use the link, and the desktop app's sign-in screen takes the link pasted
 * whole: the part before `/invite` is the hub to sign in to.
 */
import { InvitationToken } from './agent-access.js';

export const INVITE_PATH = '/invite';

export function invitationLink(hubUrl: string, token: string): string {
  return `${hubUrl.replace(/\/+$/, '')}${INVITE_PATH}#${token}`;
}

/** The hub address and token of a pasted link; null when the text is not one. */
export function parseInvitationLink(text: string): { hubUrl: string; token: string } | null {
  const trimmed = text.trim();
  const at = trimmed.lastIndexOf(`${INVITE_PATH}#`);
  if (at < 0) return null;
  const hubUrl = trimmed.slice(0, at);
  const token = trimmed.slice(at + INVITE_PATH.length + 1);
  if (!InvitationToken.safeParse(token).success) return null;
  if (!URL.canParse(hubUrl)) return null;
  const url = new URL(hubUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.search !== '' || url.hash !== '') return null;
  return { hubUrl, token };
}

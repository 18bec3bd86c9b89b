/**
 * Which URLs belong to the app: IPC is accepted only from them and the window
 * may navigate only within them. Pure so it is unit-tested without Electron.
 */

/** Same origin as the renderer; for file:// (origin "null") the same file. */
export function isAppUrl(url: string, rendererUrl: string): boolean {
  let target: URL;
  let app: URL;
  try {
    target = new URL(url);
    app = new URL(rendererUrl);
  } catch {
    return false; // not a URL at all: never ours
  }
  if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname;
  return target.origin === app.origin;
}

/** True when an IPC message comes from our own renderer's frame. */
export function isTrustedSender(frameUrl: string | undefined, rendererUrl: string): boolean {
  return frameUrl !== undefined && isAppUrl(frameUrl, rendererUrl);
}

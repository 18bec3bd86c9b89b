/**
 * The renderer's Content Security Policy. The page loads its own bundle, the
 * cached attachments (`sbmedia:`) and images it made itself from bytes the
 * client API answered (`blob:`), and nothing else: it never talks to the
 * hub or any network, because the main process does (the renderer only calls
 * `window.api`). docs/desktop.md gives each directive's reason. Delivered
 * twice with the same text: the `<meta>` in src/renderer/index.html (the only
 * way for a `file://` page, which gets no response headers) and a response
 * header for the dev server (window.ts); a unit test keeps the two equal.
 * Pure, so it is tested without Electron.
 */

/** The attachment cache's protocol (media-protocol.ts). */
export const MEDIA_SCHEME = 'sbmedia';

export const CONTENT_SECURITY_POLICY_DIRECTIVES: readonly (readonly [string, string])[] = [
  // Everything not named below (fonts, frames, objects, manifests, prefetches) is refused.
  ['default-src', "'none'"],
  // The app bundle only: no inline script, no eval, nothing remote.
  ['script-src', "'self'"],
  // Bundled stylesheets only; React's `style` props go through the CSSOM, which CSP does not govern.
  ['style-src', "'self'"],
  // Pictures, players and pdf.js's fetch of a PDF read cached attachments. `blob:` images are bytes the page
  // already holds, made into an object URL by its own script (the admin console's click-to-chat QR codes,
  // from the client API): no network, and an SVG shown by <img> runs no script.
  ['img-src', `${MEDIA_SCHEME}: blob:`],
  ['media-src', `${MEDIA_SCHEME}:`],
  ['connect-src', `${MEDIA_SCHEME}:`],
  // pdf.js's bundled worker; from a file:// page (origin "null") pdf.js starts it through a blob: module.
  ['worker-src', "'self' blob:"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

export const CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DIRECTIVES.map(
  ([name, value]) => `${name} ${value}`,
).join('; ');

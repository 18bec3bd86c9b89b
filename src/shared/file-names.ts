/**
 * File names and mime types as the hub keeps them. Both arrive from
 * customers and providers (a document's `filename`, a download's
 * Content-Type) and leave again in HTTP headers and in the desktop app's
 * file system, so they are made safe once, at ingest: a name is a base name
 * with no path, no control or line-breaking characters, at most 255 UTF-16
 * units with its extension kept; a mime type is a `type/subtype` token pair.
 */
import { cleanLine, clipText } from './text.js';

export const FILE_NAME_MAX = 255;
export const MIME_TYPE_MAX = 200;
export const FALLBACK_MIME_TYPE = 'application/octet-stream';
/** RFC 6838 §4.2 restricted names: type "/" subtype, parameters dropped. */
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const EXTENSION_KEPT_MAX = 16;

/** `type/subtype` in lower case, or application/octet-stream when the value is not one. */
export function safeMimeType(raw: string): string {
  const essence = (cleanLine(raw).split(';')[0] ?? '').trim().toLowerCase();
  return essence.length <= MIME_TYPE_MAX && MIME.test(essence) ? essence : FALLBACK_MIME_TYPE;
}

/** The base name of a customer's file name, safe to store and to show; null when nothing is left. */
export function safeFileName(raw: string): string | null {
  const line = cleanLine(raw);
  const base = (line.split(/[/\\]/).pop() ?? '').trim();
  // '.', '..' and names of dots only are path tricks, not names.
  if (base === '' || /^\.+$/.test(base)) return null;
  if (base.length <= FILE_NAME_MAX) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= EXTENSION_KEPT_MAX ? base.slice(dot) : '';
  return clipText(base.slice(0, base.length - extension.length), FILE_NAME_MAX - extension.length) + extension;
}

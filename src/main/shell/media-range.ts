/**
 * HTTP Range for the attachment protocol: <video> and <audio> seek with
 * `Range: bytes=start-end`, and Chromium will not seek in a large cached video
 * unless it gets 206 answers. Pure, so it is unit-tested without Electron.
 */
export type ByteRange = { readonly start: number; readonly end: number };

/**
 * The single range a `Range` header asks of a file of `size` bytes: null when
 * there is no usable header (serve the whole file), 'unsatisfiable' for 416.
 * Multi-range requests are answered with the whole file, as RFC 9110 allows.
 */
export function parseByteRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    // Suffix range: the last N bytes.
    const length = Number(to);
    if (length === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(from);
  if (start >= size) return 'unsatisfiable';
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (end < start) return 'unsatisfiable';
  return { start, end };
}

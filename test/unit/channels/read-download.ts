/**
 * For adapter tests that download media: the hub's guarded transfer (the fake
 * provider is reached through each channel's configured `apiBaseUrl`) and a
 * reader that drains a DownloadedMedia body the way the blob store would.
 */
import { createMediaTransfer } from '../../../src/hub/channels/safe-fetch.js';
import type { DownloadedMedia } from '../../../src/hub/channels/types.js';

export const transfer = createMediaTransfer();

export interface ReadDownload {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly fileName: string | null;
}

export async function readDownload(pending: Promise<DownloadedMedia>): Promise<ReadDownload> {
  const media = await pending;
  const chunks: Buffer[] = [];
  for await (const chunk of media.body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return { bytes: Buffer.concat(chunks), mimeType: media.mimeType, fileName: media.fileName };
}

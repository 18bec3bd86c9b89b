/**
 * Uploads a staged attachment to the hub (`POST /api/media`, raw body) and
 * returns its mediaId. The file name travels URI-encoded in X-File-Name
 * because HTTP header values cannot carry Japanese file names as they are.
 */
import { readFile } from 'node:fs/promises';
import { MediaUploadResponse } from '../../../shared/protocol.js';
import { ensureOk, hubRequest, hubUrlOf, readJson, type FetchLike } from '../session/hub-http.js';
import type { StagedFile } from './outbox-store.js';

export async function uploadMedia(fetch: FetchLike, hubUrl: string, token: string, file: StagedFile): Promise<string> {
  const body = await readFile(file.path);
  const response = await hubRequest(fetch, hubUrlOf(hubUrl, 'api/media'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': file.mimeType,
      'x-file-name': encodeURIComponent(file.fileName),
    },
    body,
  });
  const uploaded = await readJson(await ensureOk(response), MediaUploadResponse);
  return uploaded.mediaId;
}

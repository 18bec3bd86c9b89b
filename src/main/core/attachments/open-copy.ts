/**
 * The file side of *Open*: reads the first bytes the decision needs, and
 * copies a cached attachment to a folder of its own under its safe name, so
 * the OS sees a truthful name and the cache stays untouched. The shell then
 * only opens that copy or shows it in its folder, as the decision says.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AttachmentOpening } from '../../../shared/api.js';
import { AppError } from '../../../shared/errors.js';
import { HEAD_BYTES } from './open-decision.js';

/** The first `HEAD_BYTES` bytes of a file (all of a shorter one). */
export async function readFileHead(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface OpenTarget {
  /** 'open': hand `path` to the OS's program; 'reveal': show it in its folder. */
  readonly action: AttachmentOpening['action'];
  readonly path: string;
}

/**
 * Copies `source` to `<root>/<hash of the id>/<safe name>`. The folder is per attachment, so two files with the
 * same name never overwrite each other, and named by a short hash, so a long id cannot push the path past MAX_PATH.
 */
export async function copyForOpening(
  source: string,
  attachmentId: string,
  opening: AttachmentOpening,
  root: string,
): Promise<OpenTarget> {
  // The decision already made the name safe; a name that is not one plain file name would be our own bug.
  if (basename(opening.fileName) !== opening.fileName || opening.fileName.startsWith('.')) {
    throw new AppError('VALIDATION_FAILED', `not a plain file name: ${JSON.stringify(opening.fileName)}`);
  }
  const folder = join(root, createHash('sha256').update(attachmentId).digest('hex').slice(0, 16));
  await mkdir(folder, { recursive: true });
  const path = join(folder, opening.fileName);
  await copyFile(source, path);
  return { action: opening.action, path };
}

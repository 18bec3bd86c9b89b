/** One temp folder per bench run; every figure works below it and the run removes it at the end. */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  readonly path: string;
  /** A fresh sub-folder. */
  sub(name: string): string;
  remove(): void;
}

export function makeTempDir(prefix = 'sb-bench-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    sub(name) {
      const dir = join(path, name);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

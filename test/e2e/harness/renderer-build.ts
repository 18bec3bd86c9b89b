/**
 * Builds the renderer exactly as `electron-vite build` does (same root, base
 * and React plugin) into a temp folder, so the e2e run always drives the
 * current code and never a stale out/renderer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

export interface RendererBuild {
  readonly dir: string;
  remove(): void;
}

export async function buildRenderer(): Promise<RendererBuild> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-renderer-'));
  await build({
    configFile: false,
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'error',
    build: { outDir: dir, emptyOutDir: true },
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Builds the renderer the way `electron-vite build` does (same root, base and
 * React plugin) into a temp folder, so paint and heap figures always measure
 * the current code.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: resolve('src/renderer'),
    base: './',
    plugins: [react()],
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
}

/**
 * Draws a PDF's first page to a canvas with pdf.js. The library and its
 * worker are bundled (Vite `?url`), never fetched from elsewhere. pdf.js never
 * runs a PDF's own JavaScript unless a scripting sandbox is wired in, and we
 * wire none; eval is off too, so a PDF is pixels and nothing else. The legacy
 * build carries polyfills for the Chromium inside our Electron version.
 */
export interface PdfRenderResult {
  pages: number;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= Promise.all([
    import('pdfjs-dist/legacy/build/pdf.mjs'),
    import('pdfjs-dist/legacy/build/pdf.worker.min.mjs?url'),
  ]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return pdfjs;
}

export async function renderPdfFirstPage(
  url: string,
  canvas: HTMLCanvasElement,
  maxWidth: number,
  signal: AbortSignal,
): Promise<PdfRenderResult> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({ url, isEvalSupported: false, enableXfa: false, disableFontFace: true });
  signal.addEventListener('abort', () => void task.destroy(), { once: true });
  const doc = await task.promise;
  try {
    const page = await doc.getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    const ratio = globalThis.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: (maxWidth / unscaled.width) * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    await page.render({ canvas, viewport, annotationMode: lib.AnnotationMode.DISABLE }).promise;
    return { pages: doc.numPages };
  } finally {
    void doc.destroy();
  }
}

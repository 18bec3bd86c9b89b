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

/** pdf.js refuses two renders on one canvas at once: a new render waits for the previous one to stop. */
const inFlight = new WeakMap<HTMLCanvasElement, Promise<unknown>>();

export function renderPdfFirstPage(
  url: string,
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
  signal: AbortSignal,
): Promise<PdfRenderResult> {
  const previous = inFlight.get(canvas) ?? Promise.resolve();
  const next = previous.then(
    () => drawFirstPage(url, canvas, box, signal),
    () => drawFirstPage(url, canvas, box, signal),
  );
  inFlight.set(canvas, next);
  return next;
}

async function drawFirstPage(
  url: string,
  canvas: HTMLCanvasElement,
  box: { width: number; height: number },
  signal: AbortSignal,
): Promise<PdfRenderResult> {
  signal.throwIfAborted();
  const lib = await loadPdfJs();
  const task = lib.getDocument({ url, isEvalSupported: false, enableXfa: false, disableFontFace: true });
  const onAbort = () => void task.destroy();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(1);
    const unscaled = page.getViewport({ scale: 1 });
    const ratio = globalThis.devicePixelRatio || 1;
    const fit = Math.min(box.width / unscaled.width, box.height / unscaled.height);
    const viewport = page.getViewport({ scale: fit * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
    const render = page.render({ canvas, viewport, annotationMode: lib.AnnotationMode.DISABLE });
    signal.addEventListener('abort', () => render.cancel(), { once: true });
    await render.promise;
    return { pages: doc.numPages };
  } finally {
    signal.removeEventListener('abort', onAbort);
    void task.destroy();
  }
}

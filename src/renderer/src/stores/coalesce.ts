/**
 * One re-read at a time: a call while one runs asks for one more run after
 * it (never one per call), so a burst of changes costs at most two reads of
 * the same thing, and the last read always sees the newest state. Every
 * caller's promise settles when the run that covers its call is done.
 */
export function coalesced(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await run();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}

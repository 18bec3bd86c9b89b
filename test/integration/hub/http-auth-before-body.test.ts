/**
 * The hub authenticates a request from its headers, before it reads the
 * body: an upload without a valid token is refused while the client is still
 * sending, and the bytes it sent are never held in memory.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { streamUpload } from '../../helpers/raw-http.js';

const MB = 1024 * 1024;

/** Samples the process's resident memory until stopped; returns the highest value seen. */
function watchRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

describe('authentication before the body', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('six parallel unauthenticated 50 MB uploads are refused with 401 before they are sent, and the hub does not hold them', async () => {
    const before = process.memoryUsage().rss;
    const rss = watchRss();
    const uploads = Array.from({ length: 6 }, (_, i) =>
      streamUpload(`${t.url}/api/media`, {
        total: 50 * MB,
        headers: {
          'content-type': 'application/octet-stream',
          'x-file-name': `big-${i}.bin`,
          ...(i % 2 === 0 ? {} : { authorization: 'Bearer not-a-token' }),
        },
      }),
    );
    const answers = await Promise.all(uploads.map((u) => u.answer));
    const growth = rss.stop() - before;

    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      expect(answer.sentWhenAnswered).toBeLessThan(50 * MB);
    }
    // Buffered, the six bodies are 300 MB; what remains is socket buffers and the test's own noise.
    expect(growth).toBeLessThan(100 * MB);
    expect((await t.api('GET', '/health')).status).toBe(200);
  });
});

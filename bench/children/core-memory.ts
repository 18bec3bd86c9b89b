/**
 * The memory figure's main-process core, alone in its own process: the real
 * client service opens the large cache from its saved session (the hub URL
 * points at a closed port, so it works offline from the cache), does what an
 * agent's first minute does — the inbox's first page, a conversation's
 * messages, three searches, the unread count — and prints its memory as one
 * JSON line.
 */
import { createClientService } from '../../src/main/core/client-service.js';
import { fileTokenStore } from '../../test/helpers/client.js';
import { SEARCH_QUERIES } from '../data/text.js';

const dataDir = process.env['BENCH_DATA_DIR'] ?? '';
const sessionFile = process.env['BENCH_SESSION_FILE'] ?? '';
const service = createClientService({
  dataDir,
  tokenStore: fileTokenStore(sessionFile),
  mediaUrlFor: (id) => `sbmedia://attachment/${encodeURIComponent(id)}`,
});
await service.start();
const list = await service.listConversations({ view: 'all', limit: 50 });
const first = list.rows[0];
if (!first) throw new Error('the cache shows no conversations');
await service.getConversation(first.conversation.id);
await service.listMessages({ conversationId: first.conversation.id, limit: 50 });
for (const { query } of SEARCH_QUERIES) await service.search({ query, limit: 50 });
await service.getUnreadCount();
globalThis.gc?.();
const usage = process.memoryUsage();
process.stdout.write(`${JSON.stringify({ rss: usage.rss, heapUsed: usage.heapUsed, conversations: list.total })}\n`);
await service.stop();

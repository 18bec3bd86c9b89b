/**
 * GET /api/openapi.json: the OpenAPI document generated from the routes'
 * schemas, for integrators. It and docs/protocol.md §2 list the same
 * endpoints, so neither can drift from the other.
 */
import fs from 'node:fs';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { startHub, type TestHub } from '../../helpers/hub.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const Operation = z.looseObject({
  summary: z.string().min(1),
  security: z.array(z.record(z.string(), z.array(z.string()))).optional(),
  responses: z.record(z.string(), z.unknown()),
});
const Document = z.object({
  openapi: z.string().regex(/^3\./),
  info: z.object({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.partialRecord(z.enum(METHODS), Operation)),
});

/** "GET /api/agents/:id" for every row of the endpoint table in docs/protocol.md §2. */
function documentedEndpoints(): string[] {
  const doc = fs.readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('## 2. HTTP endpoints'), doc.indexOf('\n### 2.1'));
  const rows = [...section.matchAll(/^\| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)` \|/gm)];
  return rows.map((m) => `${m[1]} ${m[2]}`).sort();
}

describe('the OpenAPI document', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub({ extensions: [createProviderExtension()] });
  });
  afterEach(async () => {
    await t.stop();
  });

  it('is public and lists exactly the endpoints docs/protocol.md describes, with their schemas', async () => {
    const res = await t.api('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const document = Document.parse(res.body);
    const served = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    expect(served).toEqual(documentedEndpoints());
    expect(served.length).toBeGreaterThan(30);

    const createAgent = JSON.stringify(document.paths['/api/agents']?.post);
    expect(createAgent).toContain('"email"');
    expect(createAgent).toContain('"201"');
    expect(document.paths['/api/agents']?.post?.security).toEqual([{ bearerAuth: [] }]);
    expect(document.paths['/health']?.get?.security).toBeUndefined();
    expect(JSON.stringify(document.paths['/api/conversations']?.get)).toContain('"limit"');
  });
});

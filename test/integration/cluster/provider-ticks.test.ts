/**
 * The periodic provider checks on two hub nodes over one Postgres (docs/scaling.md, "Work done by one node"):
 * the template refresh and the channel health check ask the provider once per due round, from the node
 * holding their lease, not once per node; when that node stops, the other asks from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../../src/fake-provider/server.js';
import { waitFor } from '../channels/harness.js';
import { WA } from '../channels/provider-bodies.js';
import { startCluster, type Cluster, type ProviderNode } from './provider-nodes.js';

const HOUR = 60 * 60 * 1000;
const TICK_MS = 50;
/** Long on the hub clock, which the test moves by hours: a lease runs out only when its holder stops. */
const LEASE = { ttlMs: 100 * HOUR, renewMs: 100 };
const PHONE_NUMBER_ID = '5566778899001';

let offset = 0;
const now = (): number => Date.now() + offset;
let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({
    now,
    runtime: {
      templateRefreshTickMs: TICK_MS,
      healthCheck: { tickMs: TICK_MS, everyMs: HOUR, minSpacingMs: 1000 },
      leasePolicy: LEASE,
    },
  });
  await cluster.createChannel('whatsapp', {
    ...WA,
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '102290129340398',
    apiBaseUrl: cluster.fake.baseUrlFor('whatsapp'),
  });
}, 60_000);

afterAll(async () => await cluster?.stop());

/** Template lists and credential checks (GET /{phone-number-id}?fields=…verified_name…) of the channel. */
function providerCalls(): { templates: number; checks: number } {
  const calls: RecordedCall[] = cluster.fake.state.callsTo('whatsapp');
  return {
    templates: calls.filter((c) => c.method === 'GET' && c.path.endsWith('/102290129340398/message_templates')).length,
    checks: calls.filter(
      (c) =>
        c.method === 'GET' && c.path.endsWith(`/${PHONE_NUMBER_ID}`) && (c.query.fields ?? '').includes('verified'),
    ).length,
  };
}

/** Long enough for every node to tick about twenty times. */
async function severalTicks(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 20 * TICK_MS));
}

/** The hub clock moves past both periods; returns the calls the nodes made for that round. */
async function round(): Promise<{ templates: number; checks: number }> {
  const before = providerCalls();
  offset += 2 * HOUR;
  await waitFor('the round’s template list and credentials check', () => {
    const c = providerCalls();
    return c.templates > before.templates && c.checks > before.checks;
  });
  // Both nodes tick many times in between: a second node's calls would show by now.
  await severalTicks();
  const after = providerCalls();
  return { templates: after.templates - before.templates, checks: after.checks - before.checks };
}

describe('periodic provider checks on two nodes', () => {
  it('are made by one node per round, and by the other once the first stops', async () => {
    // The first passes at start (the new channel was synced when it was created): settle first.
    await severalTicks();
    for (let i = 0; i < 3; i += 1) expect(await round()).toEqual({ templates: 1, checks: 1 });

    const [a, b] = cluster.nodes as [ProviderNode, ProviderNode];
    const holder = (await a.runtime.leases.holdNow('timer:health-check')) ? a : b;
    const other = holder === a ? b : a;
    expect(await holder.runtime.leases.holdNow('timer:template-refresh')).toBe(true);
    await holder.hub.stop();
    cluster.nodes.splice(cluster.nodes.indexOf(holder), 1);

    for (let i = 0; i < 2; i += 1) expect(await round()).toEqual({ templates: 1, checks: 1 });
    expect(other.runtime.leases.holds('timer:health-check')).toBe(true);
    expect(other.runtime.leases.holds('timer:template-refresh')).toBe(true);
  }, 60_000);
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import type { Channel } from '../../../src/shared/domain.js';
import { startHarness, type AgentSession, type Harness } from './harness.js';

const Link = z.object({ url: z.string(), label: z.string() });

let h: Harness;
let wx: Channel;
let agent: AgentSession;

beforeAll(async () => {
  h = await startHarness();
  wx = await h.createChannel(
    'wechat',
    { appId: 'wx0123456789abcdef', appSecret: 'secret', token: 'tok', apiBaseUrl: h.fake.baseUrlFor('wechat') },
    { publicHandle: 'gh_1234567890ab' },
  );
  agent = await h.linkedAgent(wx.id);
});
afterAll(async () => h.stop());

it('the WeChat link is the content of the account’s own QR code, asked of WeChat once and then cached', async () => {
  const link = Link.parse(await h.json('GET', `/api/channels/${wx.id}/click-to-chat`, undefined, agent.token));
  expect(link).toEqual({ url: 'http://weixin.qq.com/q/fake_switchboard', label: 'WeChat gh_1234567890ab' });
  const [create] = h.fake.state.callsTo('wechat', '/cgi-bin/qrcode/create');
  expect(create?.json).toEqual({
    action_name: 'QR_LIMIT_STR_SCENE',
    action_info: { scene: { scene_str: 'switchboard' } },
  });

  const svg = await h.api('GET', `/api/channels/${wx.id}/click-to-chat.svg`, undefined, agent.token);
  expect(svg.status).toBe(200);
  expect(await svg.text()).toContain('<svg');
  expect(h.fake.state.callsTo('wechat', '/cgi-bin/qrcode/create')).toHaveLength(1);
});

it('when WeChat refuses the QR request the agent gets the provider’s reason, not a QR of nothing', async () => {
  const other = await h.createChannel(
    'wechat',
    { appId: 'wx00000000000000ff', appSecret: 'secret', token: 'tok', apiBaseUrl: h.fake.baseUrlFor('wechat') },
    { publicHandle: 'gh_other' },
  );
  const linked = await h.linkedAgent(other.id);
  h.fake.state.script('wechat', '/cgi-bin/qrcode/create', {
    status: 200,
    body: { errcode: 48001, errmsg: 'api unauthorized' },
  });
  const res = await h.api('GET', `/api/channels/${other.id}/click-to-chat.png`, undefined, linked.token);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(await res.text()).toContain('48001');
});

/**
 * The units the account runtime is composed of, each on a real cache: notification delivery
 * (live, burst summary, catch-up summary, first sync, muted sound), read-marker sending (offline
 * reads reach the hub on the next connection, a refusal keeps them pending) and presence sync
 * (a choice made offline goes out on reconnect, everyone's presence is read again), the session's
 * copy of me (follows what an admin changed and my presence) and the "viewing" notice (said again on a
 * new connection).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent, Presence } from '../../../src/shared/domain.js';
import type { HubEventBody } from '../../../src/shared/protocol.js';
import { AppError } from '../../../src/shared/errors.js';
import { ClientCache } from '../../../src/main/core/cache/client-cache.js';
import { silentLogger } from '../../../src/main/core/logger.js';
import { NotificationPolicy } from '../../../src/main/core/notify/notification-policy.js';
import { EventApplier } from '../../../src/main/core/sync/apply-events.js';
import {
  NotificationDelivery,
  type DeliveredNotification,
} from '../../../src/main/core/account/notification-delivery.js';
import { ReadMarkerSender } from '../../../src/main/core/account/read-marker-sender.js';
import { PresenceSync } from '../../../src/main/core/account/presence-sync.js';
import { OwnAgent } from '../../../src/main/core/account/own-agent.js';
import { ViewingSender } from '../../../src/main/core/account/viewing-sender.js';
import {
  T0,
  makeAgent,
  makeChannel,
  makeContact,
  makeConversation,
  makeMessage,
  makeTempDir,
  numberEvents,
} from '../../helpers/client.js';

const CUSTOMERS = ['a', 'b', 'c', 'd', 'e'];

describe('the account runtime’s units', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let cache: ClientCache;
  let applier: EventApplier;
  let seq: number;

  const apply = (bodies: HubEventBody[]) => {
    const result = applier.applyEvents(numberEvents(bodies, seq));
    seq += bodies.length;
    return result;
  };
  const inbound = (conversationId: string, text: string, createdAt = T0 + seq) => ({
    type: 'message.upsert' as const,
    message: makeMessage({ id: `m${seq}-${conversationId}`, conversationId, text, createdAt, updatedAt: createdAt }),
  });

  beforeEach(() => {
    tmp = makeTempDir();
    cache = ClientCache.open(tmp.dir, 'me');
    applier = new EventApplier(cache);
    seq = 1;
    apply([
      { type: 'agent.upsert', agent: makeAgent({ id: 'me', name: 'Aiko' }) },
      { type: 'agent.upsert', agent: makeAgent({ id: 'ben', name: 'Ben' }) },
      { type: 'channel.upsert', channel: makeChannel({ id: 'wa', name: 'WhatsApp JP', linkedAgentIds: ['me'] }) },
      ...CUSTOMERS.flatMap((id): HubEventBody[] => [
        { type: 'contact.upsert', contact: makeContact({ id: `k-${id}`, channelId: 'wa', name: `Customer ${id}` }) },
        {
          type: 'conversation.upsert',
          conversation: makeConversation({ id, channelId: 'wa', contactId: `k-${id}`, assigneeId: 'me' }),
        },
      ]),
    ]);
  });

  afterEach(() => {
    cache.close();
    tmp.cleanup();
  });

  describe('notification delivery', () => {
    let shown: DeliveredNotification[];
    let soundOn: boolean;
    let delivery: NotificationDelivery;

    beforeEach(() => {
      shown = [];
      soundOn = true;
      delivery = new NotificationDelivery({
        policy: new NotificationPolicy(cache),
        soundOn: () => soundOn,
        show: (note) => shown.push(note),
      });
    });

    it('shows a live message at once, silent when the agent muted sounds', () => {
      delivery.onBatch(apply([inbound('a', 'Where is my order?')]).candidates, 'live');
      soundOn = false;
      delivery.onBatch(apply([inbound('b', 'Hello')]).candidates, 'live');
      expect(shown.map((n) => [n.title, n.body, n.silent])).toEqual([
        ['Customer a · WhatsApp JP', 'Where is my order?', false],
        ['Customer b · WhatsApp JP', 'Hello', true],
      ]);
    });

    it('shows a live burst over more than three conversations as one summary', () => {
      delivery.onBatch(apply(CUSTOMERS.map((id) => inbound(id, `hi from ${id}`))).candidates, 'live');
      expect(shown).toHaveLength(1);
      expect(shown[0]?.conversationId).toBeNull();
    });

    it('keeps what a catch-up brings for one summary at its end, and says nothing after a first sync', () => {
      delivery.onBatch(apply([inbound('a', 'one')]).candidates, 'catch-up');
      delivery.onBatch(apply([inbound('b', 'two')]).candidates, 'catch-up');
      expect(shown).toEqual([]);
      delivery.onCaughtUp(false);
      expect(shown).toHaveLength(1);

      delivery.onBatch(apply([inbound('c', 'three')]).candidates, 'snapshot');
      delivery.onCaughtUp(true);
      expect(shown).toHaveLength(1);
      // Nothing left over for the next catch-up either.
      delivery.onCaughtUp(false);
      expect(shown).toHaveLength(1);
    });
  });

  describe('read markers to the hub', () => {
    function fakeLink() {
      const sent: { conversationId: string; readAt: number }[] = [];
      const link = {
        isOnline: false,
        refuse: false,
        markRead(request: { conversationId: string; readAt: number }) {
          if (link.refuse) return Promise.reject(new AppError('OFFLINE'));
          sent.push(request);
          return Promise.resolve({});
        },
      };
      return { link, sent };
    }

    it('sends the conversations read offline once the link is up, and keeps a refused one pending', async () => {
      const { link, sent } = fakeLink();
      const sender = new ReadMarkerSender(cache, link, silentLogger);
      cache.entities.setReadMarker('a', T0 + 10, true);
      cache.entities.setReadMarker('b', T0 + 20, true);

      await sender.sendPending();
      expect(sent).toEqual([]);

      link.isOnline = true;
      link.refuse = true;
      await sender.sendPending();
      expect(cache.readMarkers.pending()).toHaveLength(2);

      link.refuse = false;
      await sender.sendPending();
      expect(sent).toEqual([
        { conversationId: 'a', readAt: T0 + 10 },
        { conversationId: 'b', readAt: T0 + 20 },
      ]);
      expect(cache.readMarkers.pending()).toEqual([]);
      expect(cache.readMarkers.readAt('b')).toBe(T0 + 20);
      await sender.sendPending();
      expect(sent).toHaveLength(2);
    });
  });

  describe('presence sync', () => {
    it('sends a presence chosen offline on reconnect and then takes everyone’s presence from the hub', async () => {
      const sent: Presence[] = [];
      const own: Presence[] = [];
      let changes = 0;
      const link = {
        isOnline: false,
        setPresence: (request: { presence: Presence }) => {
          sent.push(request.presence);
          return Promise.resolve({});
        },
      };
      const hubAgents: Agent[] = [
        makeAgent({ id: 'me', name: 'Aiko', presence: 'away' }),
        makeAgent({ id: 'ben', name: 'Ben', presence: 'online' }),
      ];
      const presence = new PresenceSync({
        cache,
        link,
        fetchAgents: () => Promise.resolve(hubAgents),
        onOwnPresence: (p) => own.push(p),
        onChanged: () => (changes += 1),
      });

      await presence.choose('away');
      expect(sent).toEqual([]);
      expect(presence.handshakePresence).toBe('away');
      expect(cache.read.agent('me')?.presence).toBe('away');

      link.isOnline = true;
      await presence.afterConnect();
      expect(sent).toEqual(['away']);
      expect(cache.read.agent('ben')?.presence).toBe('online');
      expect(own.at(-1)).toBe('away');
      expect(changes).toBe(1);

      // Sent once: a later reconnect only reads presence again.
      await presence.afterConnect();
      expect(sent).toEqual(['away']);

      presence.onPush({ agentId: 'ben', presence: 'offline' });
      expect(cache.read.agent('ben')?.presence).toBe('offline');
      expect(changes).toBe(3);
    });
  });

  describe('the session’s copy of me', () => {
    it('follows a role an admin changed and my presence, and is quiet when nothing it shows changed', () => {
      const seen: Agent[] = [];
      const me = makeAgent({ id: 'me', name: 'Aiko', role: 'agent', presence: 'online' });
      const own = new OwnAgent(me, (agent) => seen.push(agent));
      own.synced({ ...me, presence: 'offline' });
      own.synced(null);
      own.presence('online');
      expect(seen).toEqual([]);

      own.synced({ ...me, role: 'admin', presence: 'offline' });
      own.presence('away');
      expect(seen.map((a) => [a.role, a.presence])).toEqual([
        ['admin', 'online'],
        ['admin', 'away'],
      ]);
      expect(own.agent.role).toBe('admin');
    });
  });

  describe('which conversation I have open', () => {
    it('tells the hub when it changes, again on a new connection, and never throws when refused', async () => {
      const sent: (string | null)[] = [];
      const link = {
        isOnline: false,
        refuse: false,
        view(request: { conversationId: string | null }) {
          sent.push(request.conversationId);
          return link.refuse ? Promise.reject(new AppError('OFFLINE')) : Promise.resolve({});
        },
      };
      const viewing = new ViewingSender(link, silentLogger);
      viewing.set('a');
      expect(sent).toEqual([]);
      link.isOnline = true;
      viewing.onConnected();
      viewing.set('a');
      viewing.set('b');
      viewing.set(null);
      viewing.onConnected();
      expect(sent).toEqual(['a', 'b', null]);
      link.refuse = true;
      viewing.set('c');
      await Promise.resolve();
      expect(sent.at(-1)).toBe('c');
    });
  });
});

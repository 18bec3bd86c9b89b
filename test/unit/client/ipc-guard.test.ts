import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientService, type ClientService } from '../../../src/main/core/client-service.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { fileTokenStore, makeTempDir } from '../../helpers/client.js';

describe('IPC argument validation', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let service: ClientService;

  beforeEach(() => {
    tmp = makeTempDir();
    service = createClientService({
      dataDir: tmp.dir,
      tokenStore: fileTokenStore(`${tmp.dir}/session.json`),
      mediaUrlFor: (id) => `sbmedia://attachment/${id}`,
    });
  });

  afterEach(async () => {
    await service.stop();
    tmp.cleanup();
  });

  const refused = (method: string, args: unknown) =>
    expect(callApi(service, method, args)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

  it('refuses methods that are not part of the API', async () => {
    await refused('constructor', []);
    await refused('__proto__', []);
    await refused('start', []);
    await refused('attachmentFile', ['x']);
  });

  it('refuses arguments that do not match the shared schemas', async () => {
    await refused('getConversation', []);
    await refused('getConversation', [42]);
    await refused('getConversation', ['']);
    await refused('getConversation', ['a', 'extra']);
    await refused('getConnection', ['unexpected']);
    await refused('search', [{ query: '' }]);
    await refused('search', [{ query: 'x'.repeat(201) }]);
    await refused('setPresence', ['invisible']);
    await refused('sendMessage', [{ conversationId: 'c1', kind: 'shout', text: 'hi' }]);
    await refused('decideHeldReply', [{ clientId: 'not-a-uuid', action: 'send' }]);
    await refused('signIn', [{ hubUrl: 'not a url', email: 'a@example.com', password: 'x' }]);
    await refused('listConversations', [{ limit: 100000 }]);
    await refused('saveDraft', ['c1', 'x'.repeat(70000)]);
    await refused('getConversation', 'c1');
    await refused('setLabels', ['c1', 'vip']);
    await refused('setLabels', ['c1', ['x'.repeat(51)]]);
    await refused('setLabels', ['c1', ['   ']]);
    await refused('setTyping', ['c1', 'yes']);
    await refused('getPreferences', ['extra']);
    await refused('setPreferences', [{ notificationSound: 'off' }]);
  });

  it('passes the label, typing and preference calls through to the service', async () => {
    // Typing is best effort: with nobody signed in it is simply dropped.
    await expect(callApi(service, 'setTyping', ['c1', true])).resolves.toBeUndefined();
    await expect(callApi(service, 'setLabels', ['c1', ['vip']])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(callApi(service, 'getPreferences', [])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(callApi(service, 'setPreferences', [{ notificationSound: false }])).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('passes valid calls through to the service', async () => {
    await expect(callApi(service, 'getSession', [])).resolves.toBeNull();
    await expect(callApi(service, 'getConnection', [])).resolves.toMatchObject({ status: 'signed-out' });
    await expect(callApi(service, 'getUnreadCount', [])).resolves.toBe(0);
    // Well-formed, but nobody is signed in.
    await expect(callApi(service, 'getConversation', ['c1'])).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

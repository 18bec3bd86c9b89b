import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_METHOD_NAMES } from '../../../src/shared/api-methods.js';
import { CLIENT_METHODS, OUTGOING_FILE_MAX_BYTES, clientMethods, type ClientApi } from '../../../src/shared/api.js';
import { AppError } from '../../../src/shared/errors.js';
import { createClientService, type ClientService } from '../../../src/main/core/client-service.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { silentLogger, type Logger } from '../../../src/main/core/logger.js';
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

  const refused = (method: unknown, args: unknown) =>
    expect(callApi(service, method, args)).resolves.toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
  const failsWith = (method: string, args: unknown[], code: string) =>
    expect(callApi(service, method, args)).resolves.toMatchObject({ ok: false, error: { code } });

  it('refuses methods that are not part of the API', async () => {
    await refused('constructor', []);
    await refused('__proto__', []);
    await refused('start', []);
    await refused('attachmentFile', ['x']);
    await refused('account', []);
    await refused(42, []);
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

  it('a refused call says which field is wrong, in a result rather than a thrown error', async () => {
    const result = await callApi(service, 'getConversation', [42]);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^0: /) },
    });
  });

  it('files cross as bytes: base64 text is refused, and so is a file bigger than any channel accepts', async () => {
    const send = (data: unknown) => [
      {
        conversationId: 'c1',
        kind: 'attachment',
        files: [{ fileName: 'scan.pdf', mimeType: 'application/pdf', data }],
      },
    ];
    await refused('sendMessage', send('JVBERi0='));
    await refused('sendMessage', send([37, 80, 68, 70]));
    await refused('sendMessage', send(new Uint8Array(OUTGOING_FILE_MAX_BYTES + 1)));
    // Within the bound the bytes pass the guard; this service is signed out, so the account refuses.
    await failsWith('sendMessage', send(new Uint8Array([37, 80, 68, 70])), 'UNAUTHENTICATED');
  });

  it('passes the label, typing and preference calls through to the service', async () => {
    // Typing is best effort: with nobody signed in it is simply dropped.
    await expect(callApi(service, 'setTyping', ['c1', true])).resolves.toEqual({ ok: true, value: undefined });
    await failsWith('setLabels', ['c1', ['vip']], 'UNAUTHENTICATED');
    await failsWith('getPreferences', [], 'UNAUTHENTICATED');
    await failsWith('setPreferences', [{ notificationSound: false }], 'UNAUTHENTICATED');
  });

  it('passes valid calls through to the service', async () => {
    await expect(callApi(service, 'getSession', [])).resolves.toEqual({ ok: true, value: null });
    await expect(callApi(service, 'getConnection', [])).resolves.toMatchObject({
      ok: true,
      value: { status: 'signed-out' },
    });
    await expect(callApi(service, 'getUnreadCount', [])).resolves.toEqual({ ok: true, value: 0 });
    // Well-formed, but nobody is signed in.
    await failsWith('getConversation', ['c1'], 'UNAUTHENTICATED');
  });
});

describe('errors across IPC', () => {
  /** A service whose every method fails with `error`; the guard only ever sees the ClientApi. */
  const failingService = (error: unknown): ClientApi => {
    const fail = async (): Promise<never> => {
      throw error;
    };
    return { ...clientMethods(API_METHOD_NAMES, () => fail), onEvent: () => () => undefined };
  };
  const recordingLogger = () => {
    const errors: { fields: object; message: string | undefined }[] = [];
    const logger: Logger = { ...silentLogger, error: (fields, message) => errors.push({ fields, message }) };
    return { logger, errors };
  };

  it('an AppError from the service arrives with its code, message and details intact', async () => {
    const refusal = new AppError('ATTACHMENT_TOO_LARGE', undefined, { fileName: 'scan.jpg', limitBytes: 5242880 });
    const result = await callApi(failingService(refusal), 'markRead', ['c1']);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'ATTACHMENT_TOO_LARGE',
        message: 'The file is larger than the provider accepts.',
        details: { fileName: 'scan.jpg', limitBytes: 5242880 },
      },
    });
  });

  it('any other failure arrives as INTERNAL with a generic message, and the real one is logged in main', async () => {
    const { logger, errors } = recordingLogger();
    const result = await callApi(
      failingService(new Error('SQLITE_CORRUPT at /home/aiko/cache.db')),
      'markRead',
      ['c1'],
      logger,
    );
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on our side.' } });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.fields).toMatchObject({ method: 'markRead', error: 'SQLITE_CORRUPT at /home/aiko/cache.db' });
  });
});

describe('the method table', () => {
  it('the preload’s zod-free name list names exactly the methods of CLIENT_METHODS', () => {
    expect([...API_METHOD_NAMES].sort()).toEqual(Object.keys(CLIENT_METHODS).sort());
    expect(new Set(API_METHOD_NAMES).size).toBe(API_METHOD_NAMES.length);
  });
});

/**
 * Fake Twilio Programmable Messaging API (2010-04-01): create a message
 * (form-encoded, basic auth) and serve inbound media the way Twilio does, with
 * a redirect from the Media resource to the file. Error bodies have Twilio's
 * `{ code, message, more_info, status }` shape; a `Body` over 1,600 characters is refused with 21617.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEFAULT_FAKE_ACCOUNTS } from './accounts.js';
import { recordedCall, type FakeProviderState } from './server.js';

function twilioError(reply: FastifyReply, status: number, code: number, message: string): FastifyReply {
  return reply.code(status).send({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

/** The account sid named by `Authorization: Basic base64(sid:token)`, or null. */
function basicUser(header: string | undefined): string | null {
  const encoded = /^Basic (\S+)$/.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 && colon < decoded.length - 1 ? decoded.slice(0, colon) : null;
}

/** Basic auth naming `accountSid` with a token the fake has not revoked. */
function authenticates(state: FakeProviderState, header: string | undefined, accountSid: string): boolean {
  if (basicUser(header) !== accountSid) return false;
  const decoded = Buffer.from(header?.slice('Basic '.length) ?? '', 'base64').toString('utf8');
  return !state.isRevoked('twilio', decoded.slice(decoded.indexOf(':') + 1));
}

/** Phone numbers bought on the fake account (`IncomingPhoneNumbers`), E.164. */
const NUMBERS = new WeakMap<FakeProviderState, Set<string>>();

export function addTwilioNumber(state: FakeProviderState, phoneNumber: string): void {
  const numbers = NUMBERS.get(state) ?? new Set<string>();
  numbers.add(phoneNumber);
  NUMBERS.set(state, numbers);
}

/** The account's friendly name unless the fake was started with other accounts. */
export const FAKE_TWILIO_ACCOUNT_NAME = DEFAULT_FAKE_ACCOUNTS.twilioAccountName;

function accountResource(state: FakeProviderState, accountSid: string): Record<string, unknown> {
  return {
    sid: accountSid,
    friendly_name: state.accounts.twilioAccountName,
    status: 'active',
    type: 'Full',
    owner_account_sid: accountSid,
    uri: `/2010-04-01/Accounts/${accountSid}.json`,
  };
}

function incomingNumbers(state: FakeProviderState, accountSid: string, phoneNumber: string | undefined): unknown {
  const owned = [...(NUMBERS.get(state) ?? [])].filter((n) => phoneNumber === undefined || n === phoneNumber);
  return {
    incoming_phone_numbers: owned.map((n) => ({
      sid: `PN${n.replace(/\D/g, '').padStart(32, '0')}`,
      account_sid: accountSid,
      phone_number: n,
      friendly_name: n,
    })),
    page: 0,
    page_size: 50,
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers.json`,
  };
}

export function registerTwilioFake(app: FastifyInstance, state: FakeProviderState): void {
  // `/Accounts/{sid}.json`: the route takes the whole segment; the `.json` suffix is checked here.
  app.get('/2010-04-01/Accounts/:account', async (req, reply) => {
    const call = recordedCall(req);
    const segment = call.path.split('/')[3] ?? '';
    if (!segment.endsWith('.json')) return twilioError(reply, 404, 20404, 'The requested resource was not found');
    const accountSid = segment.slice(0, -'.json'.length);
    if (!authenticates(state, call.headers.authorization, accountSid))
      return twilioError(reply, 401, 20003, 'Authenticate');
    return reply.send(accountResource(state, accountSid));
  });

  app.get('/2010-04-01/Accounts/:accountSid/IncomingPhoneNumbers.json', async (req, reply) => {
    const call = recordedCall(req);
    const accountSid = call.path.split('/')[3] ?? '';
    if (!authenticates(state, call.headers.authorization, accountSid))
      return twilioError(reply, 401, 20003, 'Authenticate');
    return reply.send(incomingNumbers(state, accountSid, call.query.PhoneNumber));
  });

  app.post('/2010-04-01/Accounts/:accountSid/Messages.json', async (req, reply) => {
    const call = recordedCall(req);
    const accountSid = call.path.split('/')[3] ?? '';
    if (basicUser(call.headers.authorization) !== accountSid) return twilioError(reply, 401, 20003, 'Authenticate');
    const form = call.form ?? {};
    if (!form.To) return twilioError(reply, 400, 21604, "A 'To' phone number is required.");
    if (!form.From) return twilioError(reply, 400, 21603, "A 'From' phone number is required.");
    if (!form.Body && !form.MediaUrl && !form.ContentSid) {
      return twilioError(reply, 400, 21619, 'A text message body or media urls must be specified.');
    }
    // https://www.twilio.com/docs/api/errors/21617: `Body` holds at most 1,600 characters.
    if ((form.Body ?? '').length > 1600)
      return twilioError(reply, 400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    const sid = `SM${state.nextId('').padStart(32, '0')}`;
    state.reportSent({
      kind: 'twilio',
      providerMessageId: sid,
      recipient: form.To,
      statusCallback: form.StatusCallback ?? null,
    });
    return reply.code(201).send({
      sid,
      account_sid: accountSid,
      to: form.To,
      from: form.From,
      body: form.Body ?? '',
      status: 'queued',
      num_media: form.MediaUrl ? '1' : '0',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  });

  // The Media resource redirects to the stored file, as Twilio's does.
  app.get('/2010-04-01/Accounts/:accountSid/Messages/:messageSid/Media/:mediaSid', async (req, reply) => {
    const call = recordedCall(req);
    const accountSid = call.path.split('/')[3] ?? '';
    if (basicUser(call.headers.authorization) !== accountSid) return twilioError(reply, 401, 20003, 'Authenticate');
    const mediaSid = call.path.split('/')[7] ?? '';
    if (!state.getMedia('twilio', mediaSid))
      return twilioError(reply, 404, 20404, 'The requested resource was not found');
    return reply.redirect(`${state.baseUrlFor('twilio')}/media-content/${encodeURIComponent(mediaSid)}`, 307);
  });

  app.get('/media-content/:mediaSid', async (req, reply) => {
    const call = recordedCall(req);
    const media = state.getMedia('twilio', decodeURIComponent(call.path.split('/')[2] ?? ''));
    if (!media) return reply.code(404).send('not found');
    return reply.type(media.mimeType).send(media.bytes);
  });
}

/**
 * The one door from the renderer (IPC) or the e2e harness into the client
 * service: the method must be a ClientApi method and its arguments must parse
 * with API_ARGS[method]; anything else is VALIDATION_FAILED before the service
 * sees it. It never trusts the caller's types.
 */
import type { z } from 'zod';
import { API_ARGS, type ClientApi, type ClientApiMethod } from '../../shared/api.js';
import { AppError, validationError } from '../../shared/errors.js';

function isApiMethod(method: string): method is ClientApiMethod {
  return Object.hasOwn(API_ARGS, method);
}

export async function callApi(service: ClientApi, method: string, args: unknown): Promise<unknown> {
  if (typeof method !== 'string' || !isApiMethod(method)) {
    throw new AppError('VALIDATION_FAILED', `unknown method: ${String(method).slice(0, 64)}`);
  }
  if (!Array.isArray(args)) throw new AppError('VALIDATION_FAILED', `${method}: arguments must be a list`);
  return dispatch(service, method, args);
}

function parseArgs<S extends z.ZodType>(schema: S, args: unknown[]): z.infer<S> {
  const parsed = schema.safeParse(args);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

async function dispatch(service: ClientApi, method: ClientApiMethod, args: unknown[]): Promise<unknown> {
  switch (method) {
    case 'getSession':
      return service.getSession(...parseArgs(API_ARGS.getSession, args));
    case 'signIn':
      return service.signIn(...parseArgs(API_ARGS.signIn, args));
    case 'signOut':
      return service.signOut(...parseArgs(API_ARGS.signOut, args));
    case 'getConnection':
      return service.getConnection(...parseArgs(API_ARGS.getConnection, args));
    case 'setPresence':
      return service.setPresence(...parseArgs(API_ARGS.setPresence, args));
    case 'listChannels':
      return service.listChannels(...parseArgs(API_ARGS.listChannels, args));
    case 'listConversations':
      return service.listConversations(...parseArgs(API_ARGS.listConversations, args));
    case 'getConversation':
      return service.getConversation(...parseArgs(API_ARGS.getConversation, args));
    case 'listMessages':
      return service.listMessages(...parseArgs(API_ARGS.listMessages, args));
    case 'search':
      return service.search(...parseArgs(API_ARGS.search, args));
    case 'getUnreadCount':
      return service.getUnreadCount(...parseArgs(API_ARGS.getUnreadCount, args));
    case 'markRead':
      return service.markRead(...parseArgs(API_ARGS.markRead, args));
    case 'sendMessage':
      return service.sendMessage(...parseArgs(API_ARGS.sendMessage, args));
    case 'decideHeldReply':
      return service.decideHeldReply(...parseArgs(API_ARGS.decideHeldReply, args));
    case 'retryMessage':
      return service.retryMessage(...parseArgs(API_ARGS.retryMessage, args));
    case 'listTemplates':
      return service.listTemplates(...parseArgs(API_ARGS.listTemplates, args));
    case 'getDraft':
      return service.getDraft(...parseArgs(API_ARGS.getDraft, args));
    case 'saveDraft':
      return service.saveDraft(...parseArgs(API_ARGS.saveDraft, args));
    case 'listAssignableAgents':
      return service.listAssignableAgents(...parseArgs(API_ARGS.listAssignableAgents, args));
    case 'assignConversation':
      return service.assignConversation(...parseArgs(API_ARGS.assignConversation, args));
    case 'setStatus':
      return service.setStatus(...parseArgs(API_ARGS.setStatus, args));
    case 'setLabels':
      return service.setLabels(...parseArgs(API_ARGS.setLabels, args));
    case 'setTyping':
      return service.setTyping(...parseArgs(API_ARGS.setTyping, args));
    case 'getPreferences':
      return service.getPreferences(...parseArgs(API_ARGS.getPreferences, args));
    case 'setPreferences':
      return service.setPreferences(...parseArgs(API_ARGS.setPreferences, args));
    case 'openAttachment':
      return service.openAttachment(...parseArgs(API_ARGS.openAttachment, args));
    case 'exportTranscript':
      return service.exportTranscript(...parseArgs(API_ARGS.exportTranscript, args));
  }
}

import type { Presence } from '../../../shared/domain.js';
import type { InvitationSignIn, Preferences, Session, SignInRequest } from '../../../shared/api.js';
import type { SliceCreator } from './app-store.js';
import { errorCodeOf } from './error-code.js';

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in';

export interface SessionSlice {
  session: Session | null;
  sessionStatus: SessionStatus;
  signingIn: boolean;
  signInErrorCode: string | null;
  /** The hub address used last, so agents type it once. */
  rememberedHubUrl: string;
  loadSession(): Promise<void>;
  signIn(req: SignInRequest): Promise<boolean>;
  /** Signs in with an invitation link's hub and token, setting the password. */
  signInWithInvitation(req: InvitationSignIn): Promise<boolean>;
  /** After a temporary password: the agent's own; the error code when the hub refused it. */
  replaceTemporaryPassword(newPassword: string): Promise<string | null>;
  signOut(): Promise<void>;
  applySession(session: Session | null): void;
  setPresence(presence: Presence): Promise<void>;
  /** This agent's preferences on this machine; null until loaded. */
  preferences: Preferences | null;
  loadPreferences(): Promise<void>;
  setNotificationSound(on: boolean): Promise<void>;
}

const HUB_URL_KEY = 'switchboard.hubUrl';

export const createSessionSlice: SliceCreator<SessionSlice> = ({ set, get, api, env }) => {
  /** Loads what every screen needs once an agent is signed in. */
  async function bootstrap(): Promise<void> {
    await Promise.all([get().loadChannels(), get().reloadInbox(), get().loadConnection(), get().loadPreferences()]);
    // The queue summary follows: the inbox does not wait for it (its read never fails).
    void get().loadQueues();
  }

  /** Either way of signing in: busy meanwhile, the hub remembered and the session applied, or the refusal's code kept. */
  async function signInAt(hubUrl: string, call: () => Promise<Session>): Promise<boolean> {
    set({ signingIn: true, signInErrorCode: null });
    try {
      const session = await call();
      env.storage.setItem(HUB_URL_KEY, hubUrl);
      set({ signingIn: false, rememberedHubUrl: hubUrl });
      get().applySession(session);
      return true;
    } catch (error) {
      set({ signingIn: false, signInErrorCode: errorCodeOf(error) });
      return false;
    }
  }

  return {
    session: null,
    sessionStatus: 'loading',
    signingIn: false,
    signInErrorCode: null,
    rememberedHubUrl: env.storage.getItem(HUB_URL_KEY) ?? '',
    preferences: null,
    async loadSession() {
      try {
        get().applySession(await api.getSession());
      } catch (error) {
        set({ sessionStatus: 'signed-out', signInErrorCode: errorCodeOf(error) });
      }
    },
    signIn: (req) => signInAt(req.hubUrl, () => api.signIn(req)),
    signInWithInvitation: (req) => signInAt(req.hubUrl, () => api.signInWithInvitation(req)),
    async replaceTemporaryPassword(newPassword) {
      try {
        get().applySession(await api.replaceTemporaryPassword(newPassword));
        return null;
      } catch (error) {
        return errorCodeOf(error);
      }
    },
    async signOut() {
      await api.signOut();
      get().applySession(null);
    },
    applySession(session) {
      const before = get().session;
      // A session waiting for its temporary password to be replaced has nothing to load yet.
      const wasSignedIn = before?.passwordChangeRequired ? undefined : before?.agent.id;
      set({ session, sessionStatus: session ? 'signed-in' : 'signed-out' });
      if (!session) {
        get().resetConversation();
        return;
      }
      if (session.passwordChangeRequired) return;
      if (wasSignedIn !== session.agent.id) {
        bootstrap().catch((error: unknown) => get().pushToast({ kind: 'error', code: errorCodeOf(error) }));
      }
    },
    async loadPreferences() {
      set({ preferences: await api.getPreferences() });
    },
    async setNotificationSound(on) {
      const preferences = { ...(get().preferences ?? { notificationSound: true }), notificationSound: on };
      try {
        await api.setPreferences(preferences);
        set({ preferences });
      } catch (error) {
        get().pushToast({ kind: 'error', code: errorCodeOf(error) });
      }
    },
    async setPresence(presence) {
      try {
        await api.setPresence(presence);
        const session = get().session;
        if (session) set({ session: { ...session, agent: { ...session.agent, presence } } });
      } catch (error) {
        get().pushToast({ kind: 'error', code: errorCodeOf(error) });
      }
    },
  };
};

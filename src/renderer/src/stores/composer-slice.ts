import type { Channel, Template } from '../../../shared/domain.js';
import type { ClientMessage, OutgoingFile, SendRequest } from '../../../shared/api.js';
import { CHANNEL_RULES, checkAttachment } from '../../../shared/channel-rules.js';
import { templateCharge } from '../../../shared/template-charge.js';
import type { SliceCreator } from './app-store.js';
import { errorCodeOf } from './error-code.js';
import { composerMode } from './composer-mode.js';

export interface PendingFile {
  key: number;
  file: OutgoingFile;
}

/** Why a picked, dropped or pasted file was not attached. */
export interface FileProblem {
  fileName: string;
  code: 'ATTACHMENT_TYPE_NOT_ALLOWED' | 'ATTACHMENT_TOO_LARGE' | 'UNREADABLE';
  limitBytes: number | null;
}

export interface ComposerSlice {
  composerConversationId: string | null;
  composerText: string;
  composerFiles: PendingFile[];
  fileProblems: FileProblem[];
  composerNote: boolean;
  replyTo: ClientMessage | null;
  sending: boolean;
  sendErrorCode: string | null;
  templates: Template[];
  templatesChannelId: string | null;
  loadComposer(conversationId: string): Promise<void>;
  setComposerText(text: string): void;
  addFiles(files: readonly File[]): Promise<void>;
  removeFile(key: number): void;
  setComposerNote(isNote: boolean): void;
  setReplyTo(message: ClientMessage | null): void;
  sendComposer(): Promise<boolean>;
  sendTemplate(templateId: string, params: string[]): Promise<boolean>;
  loadTemplates(channel: Channel): Promise<void>;
  /** Saves a draft still waiting for its timer (switching conversation, closing). */
  flushDraft(): Promise<void>;
}

/** The renderer has no file system: files cross to the main process as their bytes (IPC clones a Uint8Array). */
export function readFileBytes(file: Blob): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      if (reader.result instanceof ArrayBuffer) resolve(new Uint8Array(reader.result));
      else reject(new Error('the file was not read as bytes'));
    };
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.readAsArrayBuffer(file);
  });
}

export const createComposerSlice: SliceCreator<ComposerSlice> = ({ set, get, api, env }) => {
  let draftTimer: ReturnType<typeof setTimeout> | null = null;
  let pendingDraft: { conversationId: string; text: string } | null = null;
  let nextFileKey = 1;

  async function saveDraftNow(): Promise<void> {
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = null;
    const draft = pendingDraft;
    pendingDraft = null;
    if (!draft) return;
    try {
      await api.saveDraft(draft.conversationId, draft.text);
    } catch (error) {
      get().pushToast({ kind: 'error', code: errorCodeOf(error) });
    }
  }

  function scheduleDraft(conversationId: string, text: string): void {
    pendingDraft = { conversationId, text };
    if (draftTimer) clearTimeout(draftTimer);
    draftTimer = setTimeout(() => void saveDraftNow(), env.draftDelayMs);
  }

  async function send(req: SendRequest): Promise<boolean> {
    set({ sending: true, sendErrorCode: null });
    try {
      // Shown from the answer; the main process's change for it re-reads the list once (no second read here).
      get().showMessage(await api.sendMessage(req));
      set({ sending: false });
      get().stopTyping();
      return true;
    } catch (error) {
      set({ sending: false, sendErrorCode: errorCodeOf(error) });
      return false;
    }
  }

  function clearComposer(conversationId: string): void {
    set({ composerText: '', composerFiles: [], fileProblems: [], replyTo: null });
    scheduleDraft(conversationId, '');
    void saveDraftNow();
  }

  return {
    composerConversationId: null,
    composerText: '',
    composerFiles: [],
    fileProblems: [],
    composerNote: false,
    replyTo: null,
    sending: false,
    sendErrorCode: null,
    templates: [],
    templatesChannelId: null,
    async loadComposer(conversationId) {
      if (get().composerConversationId === conversationId) return;
      await saveDraftNow();
      set({
        composerConversationId: conversationId,
        composerText: '',
        composerFiles: [],
        fileProblems: [],
        composerNote: false,
        replyTo: null,
        sendErrorCode: null,
      });
      try {
        const draft = await api.getDraft(conversationId);
        // Keep what the agent already typed while the draft was loading.
        if (get().composerConversationId === conversationId && get().composerText === '') set({ composerText: draft });
      } catch (error) {
        get().pushToast({ kind: 'error', code: errorCodeOf(error) });
      }
    },
    setComposerText(text) {
      set({ composerText: text, sendErrorCode: null });
      const id = get().composerConversationId;
      if (!id) return;
      scheduleDraft(id, text);
      if (text.trim()) get().noteTyping(id);
      else get().stopTyping();
    },
    async addFiles(files) {
      const kind = get().detail?.row.channelKind;
      if (!kind) return;
      const problems: FileProblem[] = [];
      const accepted: PendingFile[] = [];
      for (const file of files) {
        const check = checkAttachment(kind, file.name, file.size);
        if (!check.ok) {
          problems.push({ fileName: file.name, code: check.code, limitBytes: check.limitBytes ?? null });
          continue;
        }
        try {
          const outgoing = { fileName: file.name, mimeType: check.mimeType, data: await readFileBytes(file) };
          accepted.push({ key: nextFileKey++, file: outgoing });
        } catch {
          // The reason (permissions, a file that vanished) means nothing to the agent; say which file.
          problems.push({ fileName: file.name, code: 'UNREADABLE', limitBytes: null });
        }
      }
      set({ composerFiles: [...get().composerFiles, ...accepted], fileProblems: problems, sendErrorCode: null });
    },
    removeFile(key) {
      set({ composerFiles: get().composerFiles.filter((f) => f.key !== key) });
    },
    setComposerNote(composerNote) {
      set({ composerNote, sendErrorCode: null });
    },
    setReplyTo(replyTo) {
      set({ replyTo });
    },
    async sendComposer() {
      const { detail, composerText, composerFiles, composerNote, replyTo, sending } = get();
      if (!detail || sending) return false;
      const conversationId = detail.row.conversation.id;
      if (composerMode(detail.row.window, Date.now(), composerNote) !== 'free') return false;
      const text = composerText.trim();
      const files = composerNote ? [] : composerFiles.map((f) => f.file);
      if (!text && files.length === 0) return false;
      const kind = composerNote ? 'note' : files.length > 0 ? 'attachment' : 'text';
      const ok = await send({
        conversationId,
        kind,
        text: text || null,
        files,
        replyToMessageId: replyTo?.id ?? null,
      });
      if (ok && get().composerConversationId === conversationId) clearComposer(conversationId);
      return ok;
    },
    async sendTemplate(templateId, params) {
      const detail = get().detail;
      if (!detail || get().sending) return false;
      const template = get().templates.find((tpl) => tpl.id === templateId);
      const credits = detail.channel.credits;
      // Refused here, by the hub's rule (template-charge.ts), rather than by the hub: the agent sees why first.
      const { conversation, channelKind: kind } = detail.row;
      const cost =
        template && credits
          ? templateCharge({ kind, conversation, category: template.category, costs: credits.costs, now: Date.now() })
          : 0;
      if (credits && credits.balance < cost) {
        set({ sendErrorCode: 'CREDITS_EXHAUSTED' });
        return false;
      }
      return send({ conversationId: detail.row.conversation.id, kind: 'template', template: { templateId, params } });
    },
    async loadTemplates(channel) {
      set({ templatesChannelId: channel.id, templates: [] });
      if (!CHANNEL_RULES[channel.kind].supportsTemplates) return;
      try {
        const templates = await api.listTemplates(channel.id);
        if (get().templatesChannelId === channel.id) set({ templates });
      } catch (error) {
        get().pushToast({ kind: 'error', code: errorCodeOf(error) });
      }
    },
    flushDraft: saveDraftNow,
  };
};

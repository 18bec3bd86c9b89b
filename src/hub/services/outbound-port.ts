/**
 * The seam between the hub core and the provider side for outbound messages.
 * The core stores an accepted message as 'queued' and calls
 * `OutboundDispatcher.dispatch(id)`; the dispatcher (src/hub/services/
 * dispatcher.ts, by the adapters) loads what it needs with `loadForDispatch`,
 * sends, and reports with `updateDelivery`. Without a dispatcher messages stay queued.
 */
import type { Attachment, Channel, Contact, Conversation, Message, Template } from '../../shared/domain.js';

export interface OutboundDispatcher {
  /** Called after the message committed; must not throw (failures are reported via updateDelivery). */
  dispatch(messageId: string): void;
}

/** Leaves every message queued: the hub before the adapters' dispatcher is plugged in. */
export const idleDispatcher: OutboundDispatcher = {
  dispatch: () => undefined,
};

export interface DispatchMedia {
  readonly attachment: Attachment;
  readonly bytes: Buffer;
  readonly fileName: string;
  /** A signed URL the provider can fetch without a session (LINE, Twilio); null without a public URL. */
  readonly publicUrl: string | null;
  /** For a video: a signed URL of its preview image (LINE `previewImageUrl`); null otherwise. */
  readonly posterUrl?: string | null;
}

/** Everything a dispatcher needs to send one message. */
export interface DispatchJob {
  readonly message: Message;
  readonly conversation: Conversation;
  readonly contact: Contact;
  /** Group id when the conversation is a group chat. */
  readonly threadKey: string | null;
  readonly channel: Channel;
  /** Decrypted; parse with the kind's adapter credentialsSchema before use. */
  readonly credentials: unknown;
  readonly media: readonly DispatchMedia[];
  /** For template messages: the template and the params after merge fields were filled. */
  readonly template: {
    readonly template: Template;
    readonly params: readonly string[];
    readonly renderedBody: string;
  } | null;
  readonly replyToProviderMessageId: string | null;
  /** The conversation's LINE reply token if it is still valid now. */
  readonly replyToken: string | null;
  /** The channel's webhook URL for per-message status callbacks (Twilio); null without a public URL. */
  readonly statusCallbackUrl: string | null;
}

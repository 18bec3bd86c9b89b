/**
 * The capability of an adapter whose provider keeps the templates itself
 * (WhatsApp Cloud: the message templates of the WhatsApp Business Account,
 * which Meta approves). The core lists, submits, edits and deletes through
 * it and never sees the provider's format; kinds without it keep local
 * templates (Twilio).
 */
import type { TemplateButton, TemplateCategory, TemplateHeader, TemplateStatus } from '../../shared/domain.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { TemplateContent } from '../../shared/template-slots.js';
import type { AdapterContext, ProviderFailure } from './types.js';

export type ProviderOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ProviderFailure };

/** One template as the provider lists it; merge fields are ours, so placeholders come as a count. */
export interface ProviderTemplate {
  readonly providerTemplateId: string;
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly status: TemplateStatus;
  readonly rejectionReason: string | null;
  readonly body: string;
  /** How many numbered placeholders the body has. */
  readonly placeholderCount: number;
  readonly examples: readonly string[];
  readonly header: TemplateHeader | null;
  readonly footer: string | null;
  readonly buttons: readonly TemplateButton[];
}

/** Everything the provider listed: what Switchboard can send, and what it cannot (named, with why). */
export interface ProviderListing {
  readonly templates: readonly ProviderTemplate[];
  readonly unsupported: readonly { readonly name: string; readonly language: string; readonly reason: string }[];
}

export interface TemplateDraft {
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly content: TemplateContent;
}

/** The provider's answer to a submission: its id, and the status and category it gave. */
export interface TemplateSubmitted {
  readonly providerTemplateId: string;
  readonly status: TemplateStatus;
  readonly category: TemplateCategory;
}

/** A status change the provider reported by webhook (WhatsApp `message_template_status_update`). */
export interface TemplateStatusChange {
  /** The account the change belongs to (WhatsApp: the WABA id of the entry). */
  readonly accountId: string;
  readonly providerTemplateId: string;
  readonly name: string;
  readonly language: string;
  /** Null for events that are no state of ours (FLAGGED, LOCKED …): nothing changes but a sync. */
  readonly status: TemplateStatus | null;
  /** The reason in the provider's words ("INVALID_FORMAT: Variables can't be at the start …"), or null. */
  readonly reason: string | null;
  readonly category: TemplateCategory | null;
}

/**
 * A category change the provider reported by webhook (WhatsApp `template_category_update`): `impending`
 * when Meta will re-categorise the template at `at`, `completed` when it has.
 */
export interface TemplateCategoryUpdate {
  readonly accountId: string;
  readonly providerTemplateId: string;
  readonly name: string;
  readonly language: string;
  readonly phase: 'impending' | 'completed';
  /** The category the template will have (impending) or has now (completed). */
  readonly category: TemplateCategory;
  /** Impending: when Meta will change it (ms), if it said. */
  readonly at: number | null;
}

/** A sample file for a media header, for the provider's review. */
export interface TemplateSample {
  readonly bytes: Buffer;
  readonly mimeType: string;
  readonly fileName: string;
}

export interface ProviderTemplates<C> {
  /** What the credentials lack for templates (the WhatsApp Business Account id), or null. */
  missing(credentials: C): ErrorCode | null;
  /** The account whose webhook changes belong to this channel. */
  accountOf(credentials: C): string | null;
  /** Every template of the account, all pages. */
  list(credentials: C, ctx: AdapterContext): Promise<ProviderOutcome<ProviderListing>>;
  create(credentials: C, draft: TemplateDraft, ctx: AdapterContext): Promise<ProviderOutcome<TemplateSubmitted>>;
  /**
   * Submits a changed category or content again; the provider reviews it anew. Meta: not the category of an
   * approved template, and an approved one's content a limited number of times.
   */
  edit(
    credentials: C,
    providerTemplateId: string,
    change: { readonly category?: TemplateCategory; readonly content?: TemplateContent },
    ctx: AdapterContext,
  ): Promise<ProviderOutcome<null>>;
  /** Deletes one template (this language only). */
  remove(
    credentials: C,
    template: { readonly name: string; readonly providerTemplateId: string },
    ctx: AdapterContext,
  ): Promise<ProviderOutcome<null>>;
  /** Uploads a media header's sample; answers the handle a submission names it by. */
  uploadSample(credentials: C, sample: TemplateSample, ctx: AdapterContext): Promise<ProviderOutcome<string>>;
}

/**
 * One error type for hub and client. Codes are shared so the UI can say why,
 * in Japanese and English, whatever side refused.
 */
import { z } from 'zod';

export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, en: 'The request is not valid.', ja: 'リクエストの内容が正しくありません。' },
  UNAUTHENTICATED: { status: 401, en: 'Please sign in again.', ja: 'もう一度サインインしてください。' },
  INVALID_CREDENTIALS: {
    status: 401,
    en: 'The email or password is wrong.',
    ja: 'メールアドレスまたはパスワードが違います。',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    en: 'Too many failed sign-ins. Wait a moment and try again.',
    ja: 'サインインの失敗が続いています。しばらく待ってからもう一度お試しください。',
  },
  RATE_LIMITED: {
    status: 429,
    en: 'Too many requests. Wait a moment and try again.',
    ja: 'リクエストが多すぎます。しばらく待ってからもう一度お試しください。',
  },
  FORBIDDEN: { status: 403, en: 'You do not have permission to do this.', ja: 'この操作を行う権限がありません。' },
  NOT_LINKED_TO_CHANNEL: {
    status: 403,
    en: 'That agent is not linked to this conversation’s channel.',
    ja: 'この担当者は会話のチャネルに紐付けられていません。',
  },
  NOT_FOUND: {
    status: 404,
    en: 'It no longer exists or you cannot see it.',
    ja: '見つからないか、閲覧する権限がありません。',
  },
  NO_AVATAR: {
    status: 404,
    en: 'This contact has no picture.',
    ja: 'この連絡先には画像がありません。',
  },
  CONFLICT: {
    status: 409,
    en: 'This conflicts with something that already exists.',
    ja: '既存のデータと競合しています。',
  },
  AGENT_INACTIVE: { status: 409, en: 'That agent is deactivated.', ja: 'この担当者は無効になっています。' },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    en: 'Choose a new password first: the one you signed in with was temporary.',
    ja: '先に新しいパスワードを設定してください。サインインに使ったパスワードは仮のものです。',
  },
  INVITATION_INVALID: {
    status: 410,
    en: 'This invitation link no longer works (already used, expired or replaced by a newer one). Ask your admin for a new one.',
    ja: 'この招待リンクは使えません（使用済み、期限切れ、または新しいリンクに置き換え済み）。管理者に新しいリンクを依頼してください。',
  },
  SIGNATURE_INVALID: {
    status: 401,
    en: 'The webhook signature does not verify.',
    ja: 'Webhook の署名を検証できません。',
  },
  SESSION_WINDOW_CLOSED: {
    status: 422,
    en: 'The customer’s session window has closed: only approved templates can be sent.',
    ja: 'お客様とのセッション期間が終了しました。承認済みテンプレートのみ送信できます。',
  },
  SESSION_WINDOW_CLOSED_NO_SEND: {
    status: 422,
    en: 'More than 48 hours have passed since the customer last wrote: WeChat allows no message until they write again.',
    ja: 'お客様の最後のメッセージから 48 時間が過ぎたため、お客様から連絡があるまで WeChat では送信できません。',
  },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 422,
    en: 'This channel does not accept this file type.',
    ja: 'このチャネルではこの種類のファイルを送信できません。',
  },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    en: 'The file is larger than the provider accepts.',
    ja: 'ファイルのサイズがプロバイダーの上限を超えています。',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    en: 'This kind of request body is not accepted here.',
    ja: 'この形式のリクエスト本文は受け付けていません。',
  },
  REQUEST_TIMEOUT: {
    status: 408,
    en: 'The request took too long to arrive.',
    ja: 'リクエストの受信に時間がかかりすぎました。',
  },
  HEADERS_TOO_LARGE: {
    status: 431,
    en: 'The request headers are too large.',
    ja: 'リクエストヘッダーが大きすぎます。',
  },
  TEMPLATE_TOO_LONG: {
    status: 422,
    en: 'A template body may be at most 1,024 characters.',
    ja: 'テンプレート本文は 1,024 文字以内にしてください。',
  },
  TEMPLATE_PARAMS_MISSING: {
    status: 422,
    en: 'Fill in every placeholder of the template.',
    ja: 'テンプレートのすべてのプレースホルダーを入力してください。',
  },
  TEMPLATE_NOT_APPROVED: {
    status: 422,
    en: 'This template is not approved yet.',
    ja: 'このテンプレートはまだ承認されていません。',
  },
  // WhatsApp templates live in the WhatsApp Business Account; Meta approves them, never an admin.
  TEMPLATES_NEED_WABA_ID: {
    status: 422,
    en: 'WhatsApp templates need the channel’s WhatsApp Business Account ID: add it to the channel’s credentials.',
    ja: 'WhatsApp のテンプレートにはチャネルの WhatsApp ビジネスアカウント ID が必要です。チャネルの認証情報に追加してください。',
  },
  TEMPLATE_STATUS_BY_PROVIDER: {
    status: 422,
    en: 'Meta approves or rejects WhatsApp templates; the status changes when Meta decides.',
    ja: 'WhatsApp のテンプレートは Meta が承認・却下します。Meta の審査結果でステータスが変わります。',
  },
  TEMPLATE_IN_REVIEW: {
    status: 409,
    en: 'Meta is reviewing this template: it can be changed once Meta has decided.',
    ja: 'このテンプレートは Meta が審査中です。審査結果が出てから変更できます。',
  },
  TICKET_REQUIRED: {
    status: 422,
    en: 'This template needs a ticket: convert the conversation to a ticket (side panel) or turn on auto-convert for the channel.',
    ja: 'このテンプレートにはチケットが必要です。サイドパネルで会話をチケットに変換するか、チャネルの自動チケット化を有効にしてください。',
  },
  TICKET_MISSING: {
    status: 409,
    en: 'This conversation has no ticket yet: convert it to a ticket first.',
    ja: 'この会話にはまだチケットがありません。先にチケットに変換してください。',
  },
  CREDITS_EXHAUSTED: {
    status: 402,
    en: 'The WhatsApp credit balance is used up.',
    ja: 'WhatsApp のクレジット残高がありません。',
  },
  // FAQ 24: while a cancellation of the subscription is scheduled, credits cannot be bought.
  CANCELLATION_SCHEDULED: {
    status: 409,
    en: 'Credits cannot be bought while a cancellation of the subscription is scheduled.',
    ja: 'サブスクリプションのキャンセルが予定されているため、クレジットを購入できません。',
  },
  CONTACT_ALREADY_MERGED: {
    status: 409,
    en: 'These contacts are already the same person.',
    ja: 'これらのコンタクトはすでに同じ人物として統合されています。',
  },
  CONTACT_NOT_MERGED: {
    status: 409,
    en: 'This contact is not merged with another contact.',
    ja: 'このコンタクトは他のコンタクトと統合されていません。',
  },
  CONTACT_MERGE_INVALID: {
    status: 422,
    en: 'These contacts cannot be merged: pick another contact (not itself, not one in the trash).',
    ja: 'このコンタクトは統合できません。別のコンタクトを選んでください（同じコンタクトやゴミ箱にあるコンタクトは不可）。',
  },
  CONTACT_NOT_IN_TRASH: {
    status: 409,
    en: 'Only a contact in the trash can be deleted permanently. Move it to the trash first.',
    ja: '完全に削除できるのはゴミ箱にあるコンタクトだけです。先にゴミ箱に移してください。',
  },
  CHANNEL_NOT_VERIFIED: {
    status: 422,
    en: 'The provider did not accept these credentials. Check them, or save the channel as unverified.',
    ja: 'プロバイダーがこの認証情報を受け付けませんでした。内容を確認するか、未確認のまま保存してください。',
  },
  CHANNEL_IN_TRASH: {
    status: 409,
    en: 'This channel is in the trash. An admin can restore it.',
    ja: 'このチャネルはゴミ箱にあります。管理者が復元できます。',
  },
  CHANNEL_IDENTITY_IMMUTABLE: {
    status: 409,
    en: 'A channel’s provider number or bot cannot change; create a new channel.',
    ja: 'チャネルの電話番号やボットは変更できません。新しいチャネルを作成してください。',
  },
  PROVIDER_UNREACHABLE_COUNTRY: {
    status: 502,
    en: 'The provider cannot deliver to the customer’s country.',
    ja: 'プロバイダーはお客様の国に配信できません。',
  },
  PROVIDER_NOT_ON_WHATSAPP: {
    status: 502,
    en: 'The number is not on WhatsApp.',
    ja: 'この番号は WhatsApp を利用していません。',
  },
  PROVIDER_BLOCKED: {
    status: 502,
    en: 'The customer blocked this account or left the chat.',
    ja: 'お客様がこのアカウントをブロックしたか、トークを退出しました。',
  },
  PROVIDER_RATE_LIMITED: {
    status: 503,
    en: 'The provider is limiting how fast we can send; it will be retried.',
    ja: 'プロバイダーの送信制限に達しました。自動で再送します。',
  },
  PROVIDER_AUTH_FAILED: {
    status: 502,
    en: 'The channel’s provider credentials were refused; an admin must update them.',
    ja: 'チャネルの認証情報が拒否されました。管理者が更新する必要があります。',
  },
  PROVIDER_REJECTED: {
    status: 502,
    en: 'The provider refused the message.',
    ja: 'プロバイダーがメッセージを受け付けませんでした。',
  },
  PROVIDER_UNAVAILABLE: {
    status: 503,
    en: 'The provider could not be reached; it will be retried.',
    ja: 'プロバイダーに接続できませんでした。自動で再送します。',
  },
  MEDIA_DOWNLOAD_FAILED: {
    status: 502,
    en: 'The attachment could not be downloaded from the provider.',
    ja: '添付ファイルをプロバイダーから取得できませんでした。',
  },
  REPLY_HELD: {
    status: 409,
    en: 'Someone else answered or the conversation was reassigned while you were offline.',
    ja: 'オフラインの間に他の担当者が返信したか、会話の担当が変わりました。',
  },
  HUB_UNREACHABLE: {
    status: 503,
    en: 'The hub cannot be reached. Check the address and your network.',
    ja: 'ハブに接続できません。アドレスとネットワークを確認してください。',
  },
  OFFLINE: {
    status: 503,
    en: 'You are offline; this needs a connection to the hub.',
    ja: 'オフラインです。この操作にはハブへの接続が必要です。',
  },
  BULK_TOO_LARGE: {
    status: 400,
    en: 'At most 200 conversations can be changed at once.',
    ja: '一度に変更できる会話は 200 件までです。',
  },
  CHANNEL_NOT_LINKED: {
    status: 403,
    en: 'You are not linked to this conversation’s channel.',
    ja: 'この会話のチャネルに紐付けられていません。',
  },
  // Writing first (docs/lifecycle.md, "Writing first"): what each provider lets a business start.
  PHONE_NUMBER_INVALID: {
    status: 422,
    en: 'This is not a phone number WhatsApp can reach: check the digits (for example 090-1234-5678 or +81 90 1234 5678).',
    ja: 'WhatsApp で送信できる電話番号ではありません。番号を確認してください（例：090-1234-5678、+81 90 1234 5678）。',
  },
  PHONE_NUMBER_NEEDS_COUNTRY: {
    status: 422,
    en: 'Type the number with its country code (for example +81 90 1234 5678): the channel has no country for national numbers.',
    ja: '国番号から入力してください（例：+81 90 1234 5678）。このチャネルには国内番号の国が設定されていません。',
  },
  FIRST_MESSAGE_NEEDS_TEMPLATE: {
    status: 422,
    en: 'WhatsApp lets a business write first only with an approved template: choose one.',
    ja: 'WhatsApp で企業から最初に送れるのは承認済みテンプレートだけです。テンプレートを選んでください。',
  },
  CONTACT_NEVER_WROTE: {
    status: 422,
    en: 'This customer has never written to this channel: Telegram, LINE and WeChat let you write only to customers who wrote first.',
    ja: 'このお客様はこのチャネルに一度も連絡していません。Telegram・LINE・WeChat では、先に連絡をくれたお客様にのみ送信できます。',
  },
  LINE_NOT_FOLLOWING: {
    status: 422,
    en: 'This customer no longer follows the LINE account (they blocked or removed it): LINE delivers nothing until they add it again.',
    ja: 'このお客様は LINE 公式アカウントの友だちではなくなりました（ブロックまたは削除）。再度友だち追加されるまで LINE では届きません。',
  },
  // A hub on PostgreSQL (docs/scaling.md): the database is slow, busy or out of reach; trying again later may work.
  DATABASE_TIMEOUT: {
    status: 503,
    en: 'The hub’s database took too long to answer. Try again in a moment.',
    ja: 'ハブのデータベースの応答に時間がかかりすぎました。しばらくしてからもう一度お試しください。',
  },
  DATABASE_UNAVAILABLE: {
    status: 503,
    en: 'The hub cannot reach its database. Try again in a moment; if it keeps happening, tell your admin.',
    ja: 'ハブがデータベースに接続できません。しばらくしてからもう一度お試しください。続く場合は管理者に連絡してください。',
  },
  // GET /ready on a node that is not serving (docs/scaling.md, "Health and readiness"): the load balancer sends
  // its requests to another node; a client that reaches it directly tries again in a moment.
  HUB_STARTING: {
    status: 503,
    en: 'The hub is starting. Try again in a moment.',
    ja: 'ハブを起動しています。しばらくしてからもう一度お試しください。',
  },
  HUB_STOPPING: {
    status: 503,
    en: 'This hub node is shutting down. Try again in a moment.',
    ja: 'このハブは停止処理中です。しばらくしてからもう一度お試しください。',
  },
  INTERNAL: { status: 500, en: 'Something went wrong on our side.', ja: '内部エラーが発生しました。' },
} as const satisfies Record<string, { status: number; en: string; ja: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOG;
export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [ErrorCode, ...ErrorCode[]];
export const ErrorCodeSchema = z.enum(ERROR_CODES);

/** What crosses a boundary: `{ error: { code, message } }` over HTTP, `{ ok: false, error }` in acks. */
export const ErrorBody = z.object({
  code: z.string().max(64),
  message: z.string().max(2000),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? ERROR_CATALOG[code].en);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CATALOG, value);
}

/** The sentence an agent reads for a code, in their language; unknown codes fall back to INTERNAL. */
export function describeError(code: string, lang: 'ja' | 'en'): string {
  return isErrorCode(code) ? ERROR_CATALOG[code][lang] : ERROR_CATALOG.INTERNAL[lang];
}

/** Turns a zod failure into a VALIDATION_FAILED error naming the first bad field. */
export function validationError(error: z.ZodError): AppError {
  const issue = error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new AppError('VALIDATION_FAILED', `${where}${issue?.message ?? 'invalid input'}`, {
    issues: error.issues.slice(0, 10).map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}

/** Parses untrusted input with a schema or throws VALIDATION_FAILED. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(result.error);
  return result.data;
}

/**
 * UI strings of sending and its failures (issue 13 §1): free follow-up templates, replies held because
 * the session window closed, provider failures with their code, transcript export, previews of
 * messages without words. English and Japanese.
 */
export const sendsEn = {
  'composer.templateFree': 'Free: a paid WhatsApp conversation with this customer is open until {time}.',
  'transcript.title': 'Export transcript',
  'transcript.zone': 'Times are written in your time zone, {zone}, as the app shows them.',
  'transcript.includeNotes': 'Include private notes',
  'transcript.export': 'Export',
  'message.windowStopped': 'Not sent: {reason}',
  'message.sendAsTemplate': 'Send as template',
  'message.retried': 'Sent again',
  'message.providerCode': 'Provider code {code}',
  'template.fromReply': 'In place of your unsent reply: “{text}”',
};

export const sendsJa: Record<keyof typeof sendsEn, string> = {
  'composer.templateFree': '無料: この顧客との有料 WhatsApp 会話は {time} まで続いています。',
  'transcript.title': '会話履歴を書き出す',
  'transcript.zone': '時刻はアプリの表示と同じく、あなたのタイムゾーン（{zone}）で書き出します。',
  'transcript.includeNotes': 'メモ（非公開）も含める',
  'transcript.export': '書き出す',
  'message.windowStopped': '送信されませんでした: {reason}',
  'message.sendAsTemplate': 'テンプレートで送る',
  'message.retried': '再送済み',
  'message.providerCode': 'プロバイダーのコード {code}',
  'template.fromReply': '送信されなかった返信の代わりに送ります: 「{text}」',
};

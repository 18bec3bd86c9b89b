/**
 * UI strings of conversations and tickets (docs/lifecycle.md, "Conversations and tickets"): an ended
 * conversation opened from past conversations, converting to a ticket, the ticket subject, the channel's
 * reopen window and converting open conversations when auto-convert is turned on. English and Japanese.
 */
export const ticketsEn = {
  'tickets.ended': 'This conversation has ended. The customer’s newer conversation:',
  'tickets.endedOpen': 'open',
  'tickets.convert': 'Convert to ticket',
  'tickets.converting': 'Converting…',
  'tickets.editSubject': 'Edit subject',
  'tickets.subject': 'Ticket subject',
  'tickets.saveSubject': 'Save',
  'tickets.cancelSubject': 'Cancel',
  'tickets.reopenWindow.title': 'Reopening resolved conversations',
  'tickets.reopenWindow.label': 'Reopen window (minutes)',
  'tickets.reopenWindow.hint':
    'A customer who writes within this time after a conversation was resolved reopens it; later, a new conversation (and ticket) starts. 0 = always a new conversation. Default 1440 (24 hours).',
  'tickets.reopenWindow.save': 'Save reopen window',
  'tickets.reopenWindow.saved': 'Saved',
  'tickets.convertOpen.title': 'Auto-convert is on',
  'tickets.convertOpen.text': 'Convert this channel’s open conversations that have no ticket yet, too?',
  'tickets.convertOpen.confirm': 'Convert open conversations',
  'tickets.convertOpen.done': '{count} open conversations converted to tickets',
};

export const ticketsJa: Record<keyof typeof ticketsEn, string> = {
  'tickets.ended': 'この会話は終了しています。お客様の新しい会話：',
  'tickets.endedOpen': '開く',
  'tickets.convert': 'チケットに変換',
  'tickets.converting': '変換中…',
  'tickets.editSubject': '件名を編集',
  'tickets.subject': 'チケットの件名',
  'tickets.saveSubject': '保存',
  'tickets.cancelSubject': 'キャンセル',
  'tickets.reopenWindow.title': '解決済みの会話の再オープン',
  'tickets.reopenWindow.label': '再オープン期間（分）',
  'tickets.reopenWindow.hint':
    '会話が解決済みになってからこの時間内にお客様から連絡があると、その会話が再オープンされます。それ以降は新しい会話（とチケット）になります。0 = 常に新しい会話。既定は 1440（24 時間）。',
  'tickets.reopenWindow.save': '再オープン期間を保存',
  'tickets.reopenWindow.saved': '保存しました',
  'tickets.convertOpen.title': '自動チケット化が有効になりました',
  'tickets.convertOpen.text': 'このチャネルのチケットのない未解決の会話もチケットに変換しますか？',
  'tickets.convertOpen.confirm': '未解決の会話を変換',
  'tickets.convertOpen.done': '{count} 件の未解決の会話をチケットに変換しました',
};

/**
 * UI strings of the conversation's layout (issue 13 §2): the side panel with the conversation's
 * details, the thread's day separators and links. English and Japanese.
 */
export const threadSpaceEn = {
  'thread.today': 'Today',
  'thread.yesterday': 'Yesterday',
  'link.opensOutside': 'Opens in your browser',
  'link.opensMail': 'Opens in your mail app',
  'details.title': 'Conversation details',
  'details.toggle': 'Details',
} as const;

export const threadSpaceJa: Record<keyof typeof threadSpaceEn, string> = {
  'thread.today': '今日',
  'thread.yesterday': '昨日',
  'link.opensOutside': 'ブラウザーで開きます',
  'link.opensMail': 'メールアプリで開きます',
  'details.title': '会話の詳細',
  'details.toggle': '詳細',
};

/** The few words the shell itself shows (tray menu), in the OS language. */
const LABELS = {
  en: { open: 'Open Switchboard', online: 'Online', away: 'Away', quit: 'Quit', unread: (n: number) => `${n} unread` },
  ja: {
    open: 'Switchboard を開く',
    online: 'オンライン',
    away: '離席中',
    quit: '終了',
    unread: (n: number) => `未読 ${n} 件`,
  },
} as const;

export function shellLabel(locale: string) {
  const words = locale.toLowerCase().startsWith('ja') ? LABELS.ja : LABELS.en;
  return (key: 'open' | 'online' | 'away' | 'quit' | 'unread', count = 0): string =>
    key === 'unread' ? words.unread(count) : words[key];
}

/**
 * UI strings of sending and its failures (issue 13 §1): free follow-up templates, replies held because
 * the session window closed, provider failures with their code, transcript export, previews of
 * messages without words. English and Japanese.
 */
export const sendsEn = {
  'composer.templateFree': 'Free: a paid WhatsApp conversation with this customer is open until {time}.',
};

export const sendsJa: Record<keyof typeof sendsEn, string> = {
  'composer.templateFree': '無料: この顧客との有料 WhatsApp 会話は {time} まで続いています。',
};

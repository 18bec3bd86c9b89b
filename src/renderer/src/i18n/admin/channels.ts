/** UI strings of the admin console's channels screens, English and Japanese (ルート = channel, 担当者 = agent). */
export const channelsEn = {} as const;

export const channelsJa: Record<keyof typeof channelsEn, string> = {};

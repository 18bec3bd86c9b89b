/** UI strings of the admin console's health screens, English and Japanese (ルート = channel, 担当者 = agent). */
export const healthEn = {} as const;

export const healthJa: Record<keyof typeof healthEn, string> = {};

/** UI strings of the admin console's agents screens, English and Japanese (ルート = channel, 担当者 = agent). */
export const agentsEn = {} as const;

export const agentsJa: Record<keyof typeof agentsEn, string> = {};

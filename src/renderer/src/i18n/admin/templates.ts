/** UI strings of the admin console's templates screens, English and Japanese (ルート = channel, 担当者 = agent). */
export const templatesEn = {} as const;

export const templatesJa: Record<keyof typeof templatesEn, string> = {};

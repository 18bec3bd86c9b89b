/** UI strings of the admin console's canned-replies screens, English and Japanese (ルート = channel, 担当者 = agent). */
export const cannedRepliesEn = {} as const;

export const cannedRepliesJa: Record<keyof typeof cannedRepliesEn, string> = {};

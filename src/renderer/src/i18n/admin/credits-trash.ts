/** UI strings of the admin console's credits-trash screens, English and Japanese (ルート = channel, 担当者 = agent). */
export const creditsTrashEn = {} as const;

export const creditsTrashJa: Record<keyof typeof creditsTrashEn, string> = {};

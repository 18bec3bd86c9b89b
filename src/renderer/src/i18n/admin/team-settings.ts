/** UI strings of the admin console's Team section (settings for the whole team). English and Japanese. */
export const teamSettingsEn = {
  'teamSettings.title': 'Team',
  'teamSettings.assignOnReply': 'Replying to an unassigned conversation assigns it to the agent who replies',
  'teamSettings.assignOnReply.hint':
    'Only an agent linked to the conversation’s channel who can view it is assigned. A private note never assigns.',
  'teamSettings.assignOnReply.on': 'A reply to an unassigned conversation now assigns it to the replier.',
  'teamSettings.assignOnReply.off': 'Replies no longer assign unassigned conversations.',
};

export const teamSettingsJa: Record<keyof typeof teamSettingsEn, string> = {
  'teamSettings.title': 'チーム',
  'teamSettings.assignOnReply': '未割り当ての会話に返信したエージェントにその会話を割り当てる',
  'teamSettings.assignOnReply.hint':
    '会話のチャネルにリンクされ、閲覧できるエージェントだけが割り当てられます。非公開メモでは割り当てられません。',
  'teamSettings.assignOnReply.on':
    '未割り当ての会話に返信すると、返信したエージェントに割り当てられるようになりました。',
  'teamSettings.assignOnReply.off': '返信しても未割り当ての会話は割り当てられなくなりました。',
};

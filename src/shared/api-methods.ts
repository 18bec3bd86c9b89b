/**
 * The names of the ClientApi methods, without zod, so the sandboxed preload
 * can forward them without bundling the schemas. `api.ts` checks at compile
 * time that this list and the keys of CLIENT_METHODS agree, so a method added
 * there and not here (or the reverse) does not build.
 */
export const API_METHOD_NAMES = [
  'getSession',
  'signIn',
  'signInWithInvitation',
  'replaceTemporaryPassword',
  'signOut',
  'getConnection',
  'changePassword',
  'setPresence',
  'listChannels',
  'listConversations',
  'getConversation',
  'listMessages',
  'listActivity',
  'search',
  'getUnreadCount',
  'markRead',
  'markUnread',
  'markAllRead',
  'bulkUpdate',
  'sendMessage',
  'decideHeldReply',
  'retryMessage',
  'listTemplates',
  'listCannedReplies',
  'getDraft',
  'saveDraft',
  'listAssignableAgents',
  'assignConversation',
  'setStatus',
  'setLabels',
  'setTyping',
  'getPreferences',
  'setPreferences',
  'openAttachment',
  'exportTranscript',
  'openExternalLink',
  // Hub-call methods (src/shared/admin/*.ts), one block per area; keep each block to its own area.
  // admin:channels
  'adminVerifyChannel',
  'adminCreateChannel',
  'adminUpdateChannel',
  'adminReplaceChannelCredentials',
  'adminTrashChannel',
  'adminListChannelTrash',
  'adminRestoreChannel',
  'adminGetChannelSetup',
  'adminListChannels',
  'adminGetChannel',
  // admin:health
  'adminListChannelHealth',
  'adminGetChannelHealth',
  'adminCheckChannelHealth',
  // admin:agents
  'adminListAgents',
  'adminCreateAgent',
  'adminUpdateAgent',
  'adminDeactivateAgent',
  'adminReactivateAgent',
  'adminResetPassword',
  'adminSetLinks',
  // admin:templates
  'adminListTemplates',
  'adminTemplateSyncState',
  'adminSyncTemplates',
  'adminCreateTemplate',
  'adminUpdateTemplate',
  'adminDeleteTemplate',
  'adminUploadTemplateSample',
  // admin:canned-replies
  'adminListTeamCannedReplies',
  'adminCreateTeamCannedReply',
  'listMyCannedReplies',
  'createMyCannedReply',
  'updateCannedReply',
  'deleteCannedReply',
  // admin:credits-trash
  'adminListCreditLedger',
  'adminTopUpCredits',
  'adminSetCreditsCancellation',
  'adminSetCreditsThreshold',
  'adminGetClickToChat',
  'adminGetClickToChatQr',
  'adminListTrashedContacts',
  'adminRestoreContact',
  'adminPurgeContact',
  // admin:team-settings
  'adminGetTeamSettings',
  'adminUpdateTeamSettings',
] as const;

export const IPC_PREFIX = 'switchboard:';
export const IPC_EVENT_CHANNEL = 'switchboard:event';

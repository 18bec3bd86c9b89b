/**
 * UI strings of the contact panel's name and notes (issue 13 §3): renaming a contact, keeping notes
 * on it, and what the agent is told when that cannot be saved. English and Japanese.
 */
export const contactEditEn = {
  'contactEdit.rename': 'Rename',
  'contactEdit.renameLabel': 'Name of {name}',
  'contactEdit.name': 'Name',
  'contactEdit.nameHint': 'Leave empty to use the name from {kind}.',
  'contactEdit.save': 'Save',
  'contactEdit.cancel': 'Cancel',
  'contactEdit.notes': 'Notes',
  'contactEdit.notesHint': 'Seen by every agent of this channel. {count} of {max} characters.',
  'contactEdit.saveNotes': 'Save notes',
  'contactEdit.saved': 'Saved.',
  'contactEdit.saving': 'Saving…',
  'contactEdit.renamedByAgent': 'Name set by an agent',
  'contactEdit.needsUpdate': 'Renaming a contact and writing its notes needs the “update” permission.',
};

export const contactEditJa: Record<keyof typeof contactEditEn, string> = {
  'contactEdit.rename': '名前を変更',
  'contactEdit.renameLabel': '{name} の名前',
  'contactEdit.name': '名前',
  'contactEdit.nameHint': '空にすると {kind} の名前を使います。',
  'contactEdit.save': '保存',
  'contactEdit.cancel': 'キャンセル',
  'contactEdit.notes': 'メモ',
  'contactEdit.notesHint': 'このチャネルのエージェント全員が見られます。{count} / {max} 文字。',
  'contactEdit.saveNotes': 'メモを保存',
  'contactEdit.saved': '保存しました。',
  'contactEdit.saving': '保存中…',
  'contactEdit.renamedByAgent': 'エージェントが設定した名前',
  'contactEdit.needsUpdate': 'コンタクトの名前の変更とメモの記入には「更新」権限が必要です。',
};

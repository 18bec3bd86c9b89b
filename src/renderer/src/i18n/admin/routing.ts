/**
 * UI strings of routing in the admin console (issue 14 §2): the channel page's Routing section and an
 * agent's own capacity. English and Japanese.
 */
export const routingEn = {
  'routing.title': 'Routing',
  'routing.intro':
    'Conversations that arrive while no linked agent can take them wait in this channel’s queue, oldest first, and go to the next agent who becomes available.',
  'routing.capacity': 'Open conversations per agent',
  'routing.capacityHint':
    'Leave empty for no limit. A full agent is skipped. An agent’s own limit (Agents tab) comes first.',
  'routing.awayMinutes': 'Minutes away or offline before their waiting conversations return to the queue',
  'routing.awayHint': 'Only conversations whose customer is still waiting for an answer go back.',
  'routing.passOn': 'Pass a conversation its agent does not answer to the next available agent',
  'routing.passMinutes': 'Minutes without an answer before it passes',
  'routing.passMax': 'Most passes before it waits in the queue',
  'routing.save': 'Save routing',
  'routing.saved': 'Routing saved.',
  'routing.noLimit': 'No limit',
  'routing.error.capacity': 'Enter a whole number from 1 to 500, or leave it empty for no limit.',
  'routing.error.minutes': 'Enter a whole number of minutes from 1 to 1440 (24 hours).',
  'routing.error.passMax': 'Enter a whole number from 1 to 10.',
  'routing.error.fix': 'Check the fields marked above; nothing was saved.',
  'agents.capacity': 'Most open conversations',
  'agents.capacityHint':
    'Leave empty to use each channel’s limit. New conversations skip this agent while they have this many open.',
  'agents.capacity.error': 'Enter a whole number from 1 to 500, or leave it empty.',
  'agents.capacity.count': 'up to {count} open',
};

export const routingJa: Record<keyof typeof routingEn, string> = {
  'routing.title': 'ルーティング',
  'routing.intro':
    '対応できるリンク済みエージェントがいないときに届いた会話は、このチャネルの待機列で古い順に待ち、次に対応可能になったエージェントに割り当てられます。',
  'routing.capacity': 'エージェント 1 人あたりの対応中の会話数',
  'routing.capacityHint':
    '空欄にすると上限なし。上限に達したエージェントは飛ばされます。エージェント個別の上限（エージェント タブ）が優先されます。',
  'routing.awayMinutes': '離席・オフラインが何分続いたら待機中の会話を待機列に戻すか',
  'routing.awayHint': '戻るのは、お客様が返信を待っている会話だけです。',
  'routing.passOn': '担当者が返信しない会話を次の対応可能なエージェントに回す',
  'routing.passMinutes': '回すまでの返信なしの時間（分）',
  'routing.passMax': '待機列に戻すまでに回す最大回数',
  'routing.save': 'ルーティングを保存',
  'routing.saved': 'ルーティングを保存しました。',
  'routing.noLimit': '上限なし',
  'routing.error.capacity': '1〜500 の整数を入力するか、上限なしにするには空欄にしてください。',
  'routing.error.minutes': '1〜1440（24 時間）の整数で分数を入力してください。',
  'routing.error.passMax': '1〜10 の整数を入力してください。',
  'routing.error.fix': '上の項目を確認してください。保存されていません。',
  'agents.capacity': '対応中の会話の上限',
  'agents.capacityHint':
    '空欄にすると各チャネルの上限を使います。この数の会話を対応中のあいだ、新しい会話はこのエージェントを飛ばします。',
  'agents.capacity.error': '1〜500 の整数を入力するか、空欄にしてください。',
  'agents.capacity.count': '最大 {count} 件',
};

/**
 * UI strings of the channel queues (issue 14 §2): the inbox's queue summary and the "In queue" chip of
 * a waiting conversation's row. English and Japanese.
 */
export const queuesEn = {
  'queue.summary': 'Queue {count} · oldest waiting {wait}',
  'queue.empty': 'No one waiting',
  'queue.asOf': 'as of {time}',
  'queue.inQueue': 'In queue · {wait}',
  'queue.wait.underMinute': 'under 1 min',
  'queue.wait.minutes': '{minutes} min',
  'queue.wait.hours': '{hours} h {minutes} min',
};

export const queuesJa: Record<keyof typeof queuesEn, string> = {
  'queue.summary': '待機中 {count}件 · 最長 {wait}',
  'queue.empty': '待機中の会話はありません',
  'queue.asOf': '{time} 時点',
  'queue.inQueue': '待機中 · {wait}',
  'queue.wait.underMinute': '1分未満',
  'queue.wait.minutes': '{minutes}分',
  'queue.wait.hours': '{hours}時間{minutes}分',
};

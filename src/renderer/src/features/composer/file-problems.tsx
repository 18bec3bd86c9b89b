/** Says which file was refused and why, before anything is uploaded. */
import type { ChannelKind } from '../../../../shared/domain.js';
import { CHANNEL_RULES } from '../../../../shared/channel-rules.js';
import type { FileProblem } from '../../stores/composer-slice.js';
import { useComposer } from '../../stores/store-context.js';
import { useT, type T } from '../../common/use-t.js';
import { formatBytes, type Lang } from '../../i18n/translate.js';
import { fileNameText } from '../conversation/attachments/file-name.js';

export function describeFileProblem(problem: FileProblem, kind: ChannelKind, t: T, lang: Lang): string {
  const channel = t(`channel.${kind}`);
  const name = fileNameText(problem.fileName);
  switch (problem.code) {
    case 'ATTACHMENT_TYPE_NOT_ALLOWED':
      return t('composer.fileTypeNotAllowed', {
        name,
        channel,
        types: CHANNEL_RULES[kind].allowedExtensions.join(', '),
      });
    case 'ATTACHMENT_TOO_LARGE':
      return t('composer.fileTooLarge', {
        name,
        channel,
        limit: formatBytes(lang, problem.limitBytes ?? 0),
      });
    case 'UNREADABLE':
      return t('composer.fileUnreadable', { name });
  }
}

export function FileProblems({ kind }: { kind: ChannelKind }) {
  const { t, lang } = useT();
  const problems = useComposer((s) => s.fileProblems);
  if (problems.length === 0) return null;
  return (
    <ul className="file-problems" role="alert">
      {problems.map((p, i) => (
        <li key={i}>{describeFileProblem(p, kind, t, lang)}</li>
      ))}
    </ul>
  );
}

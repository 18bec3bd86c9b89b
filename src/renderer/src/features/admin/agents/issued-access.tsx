/**
 * What the hub issued for an agent's next sign-in, shown once: the temporary password, or the
 * invitation link to mail (built from the hub address this app uses when the hub has no public URL).
 */
import type { IssuedAccess } from '../../../../../shared/agent-access.js';
import { invitationLink } from '../../../../../shared/invitation-link.js';
import { CopyField } from '../../../common/copy-to-clipboard.js';
import { useT } from '../../../common/use-t.js';
import { formatDateTime } from '../../../i18n/translate.js';
import { useSession } from '../../../stores/store-context.js';

export function IssuedAccessView({ issued }: { issued: IssuedAccess }) {
  const { t, lang } = useT();
  const hubUrl = useSession((s) => s.session?.hubUrl ?? '');
  const { agent } = issued.access;
  return (
    <div className="issued-access">
      {issued.temporaryPassword !== null && (
        <CopyField
          label={t('agents.issued.password')}
          value={issued.temporaryPassword}
          hint={t('agents.issued.passwordHint', { name: agent.name, hub: hubUrl })}
        />
      )}
      {issued.invitation !== null && (
        <CopyField
          label={t('agents.issued.link')}
          value={issued.invitation.link ?? invitationLink(hubUrl, issued.invitation.token)}
          hint={t('agents.issued.linkHint', {
            email: agent.email,
            date: formatDateTime(lang, issued.invitation.expiresAt),
          })}
        />
      )}
    </div>
  );
}

/**
 * A template as the provider lists it, made ours: Switchboard's merge fields,
 * media link and URL placeholders kept where the provider's parts still fit,
 * and what Meta is doing to its category carried along.
 */
import type { Template, TemplateButton, TemplateHeader } from '../../shared/domain.js';
import { uuidv7 } from '../../shared/uuidv7.js';
import type { ProviderTemplate } from '../channels/template-types.js';

/** The placeholders' merge fields stay when the template still has as many. */
function keptPlaceholders(local: Template, remote: ProviderTemplate): Template['placeholders'] {
  return local.placeholders.length === remote.placeholderCount
    ? local.placeholders
    : Array.from({ length: remote.placeholderCount }, () => 'custom' as const);
}

function keptHeader(local: TemplateHeader | null, remote: TemplateHeader | null): TemplateHeader | null {
  if (!remote || !local) return remote;
  if (remote.format === 'text' && local.format === 'text' && local.text === remote.text)
    return { ...remote, placeholder: local.placeholder };
  if (remote.format !== 'text' && local.format === remote.format) return { ...remote, mediaUrl: local.mediaUrl };
  return remote;
}

function keptButtons(local: readonly TemplateButton[], remote: readonly TemplateButton[]): TemplateButton[] {
  return remote.map((button, i) => {
    const mine = local[i];
    return button.type === 'url' && mine?.type === 'url' && mine.url === button.url
      ? { ...button, placeholder: mine.placeholder }
      : button;
  });
}

export function fromProvider(
  local: Template | null,
  remote: ProviderTemplate,
  channelId: string,
  now: number,
): Template {
  return {
    id: local?.id ?? uuidv7(),
    channelId,
    name: remote.name,
    language: remote.language,
    category: remote.category,
    body: remote.body,
    placeholders: local
      ? keptPlaceholders(local, remote)
      : Array.from({ length: remote.placeholderCount }, () => 'custom' as const),
    status: remote.status,
    header: keptHeader(local?.header ?? null, remote.header),
    footer: remote.footer,
    buttons: keptButtons(local?.buttons ?? [], remote.buttons),
    examples: [...remote.examples],
    providerTemplateId: remote.providerTemplateId,
    rejectionReason: remote.status === 'approved' ? null : remote.rejectionReason,
    // An announced re-categorisation is over once Meta lists the template in that category.
    categoryChange: local?.categoryChange?.category === remote.category ? null : (local?.categoryChange ?? null),
    resubmission: local?.resubmission ?? null,
    createdAt: local?.createdAt ?? now,
    updatedAt: local?.updatedAt ?? now,
  };
}

export const sameTemplate = (a: Template, b: Template): boolean =>
  JSON.stringify({ ...a, updatedAt: 0 }) === JSON.stringify({ ...b, updatedAt: 0 });

/**
 * A template as the editor holds it while the admin types: plain strings
 * for every field, turned into the hub's request on submit. The body's
 * placeholders decide how many merge fields and examples there are, so the
 * mapping follows the wording as it changes.
 */
import { templatePlaceholders } from '../../../../../shared/channel-rules.js';
import type {
  MergeField,
  Template,
  TemplateButton,
  TemplateCategory,
  TemplateHeader,
} from '../../../../../shared/domain.js';
import { SAMPLE_VALUES, checkTemplateContent, type TemplateContent } from '../../../../../shared/template-slots.js';

export const HEADER_KINDS = ['none', 'text', 'image', 'video', 'document'] as const;
export type HeaderKind = (typeof HEADER_KINDS)[number];

export type DraftButton =
  | { readonly type: 'quick_reply'; readonly text: string }
  | {
      readonly type: 'url';
      readonly text: string;
      readonly url: string;
      readonly placeholder: MergeField;
      readonly example: string;
    }
  | { readonly type: 'phone_number'; readonly text: string; readonly phoneNumber: string };

export interface Draft {
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly headerKind: HeaderKind;
  readonly headerText: string;
  readonly headerPlaceholder: MergeField;
  readonly headerExample: string;
  readonly mediaUrl: string;
  /** The media sample Meta reviews: an upload handle, or the URL Meta lists the template's sample under. */
  readonly sample: string | null;
  readonly body: string;
  readonly placeholders: readonly MergeField[];
  readonly examples: readonly string[];
  readonly footer: string;
  readonly buttons: readonly DraftButton[];
}

export const EMPTY_DRAFT: Draft = {
  name: '',
  language: 'ja',
  category: 'utility',
  headerKind: 'none',
  headerText: '',
  headerPlaceholder: 'custom',
  headerExample: '',
  mediaUrl: '',
  sample: null,
  body: '',
  placeholders: [],
  examples: [],
  footer: '',
  buttons: [],
};

function buttonOf(b: TemplateButton): DraftButton {
  if (b.type === 'url')
    return { type: 'url', text: b.text, url: b.url, placeholder: b.placeholder ?? 'custom', example: b.example ?? '' };
  return b;
}

export function draftOf(template: Template): Draft {
  const h = template.header;
  return {
    name: template.name,
    language: template.language,
    category: template.category,
    headerKind: h === null ? 'none' : h.format,
    headerText: h?.format === 'text' ? h.text : '',
    headerPlaceholder: h?.format === 'text' ? (h.placeholder ?? 'custom') : 'custom',
    headerExample: h?.format === 'text' ? (h.example ?? '') : '',
    mediaUrl: h !== null && h.format !== 'text' ? (h.mediaUrl ?? '') : '',
    sample: h !== null && h.format !== 'text' ? h.example : null,
    body: template.body,
    placeholders: template.placeholders,
    examples: template.placeholders.map((_f, i) => template.examples[i] ?? ''),
    footer: template.footer ?? '',
    buttons: template.buttons.map(buttonOf),
  };
}

/** The body changed: one merge field and example per placeholder number, the ones already chosen kept. */
export function withBody(draft: Draft, body: string): Draft {
  const count = Math.min(20, Math.max(0, ...templatePlaceholders(body)));
  return {
    ...draft,
    body,
    placeholders: Array.from({ length: count }, (_v, i) => draft.placeholders[i] ?? 'custom'),
    examples: Array.from({ length: count }, (_v, i) => draft.examples[i] ?? ''),
  };
}

function headerOf(d: Draft): TemplateHeader | null {
  switch (d.headerKind) {
    case 'none':
      return null;
    case 'text':
      return {
        format: 'text',
        text: d.headerText,
        placeholder: d.headerPlaceholder,
        example: d.headerExample.trim() === '' ? null : d.headerExample,
      };
    default:
      return { format: d.headerKind, mediaUrl: d.mediaUrl.trim() === '' ? null : d.mediaUrl.trim(), example: d.sample };
  }
}

function buttonToTemplate(b: DraftButton): TemplateButton {
  if (b.type === 'url')
    return {
      type: 'url',
      text: b.text,
      url: b.url.trim(),
      placeholder: b.placeholder,
      example: b.example.trim() === '' ? null : b.example,
    };
  return b;
}

/** What the draft says, in the hub's shape; `local` templates (Twilio) are a body only. */
export function contentOf(d: Draft, local: boolean): TemplateContent {
  return {
    body: d.body,
    placeholders: [...d.placeholders],
    examples: local
      ? []
      : d.examples.map((e, i) => (e.trim() === '' ? SAMPLE_VALUES[d.placeholders[i] ?? 'custom'] : e)),
    header: local ? null : headerOf(d),
    footer: local || d.footer.trim() === '' ? null : d.footer,
    buttons: local ? [] : d.buttons.map(buttonToTemplate),
  };
}

export type DraftProblem = 'name' | 'body' | 'placeholders' | 'header' | 'footer' | 'buttons';

/** The first rule the draft breaks, named by the part at fault (the words are the UI's), or null. */
export function problemOf(d: Draft, local: boolean, isNew: boolean): DraftProblem | null {
  if (isNew && !/^[a-z0-9_]+$/.test(d.name)) return 'name';
  if (d.body.trim() === '') return 'body';
  const content = contentOf(d, local);
  if (content.header?.format === 'text' && content.header.text.trim() === '') return 'header';
  if (d.buttons.some((b) => b.text.trim() === '' || (b.type === 'phone_number' && b.phoneNumber.trim() === '')))
    return 'buttons';
  const problem = checkTemplateContent(content);
  if (problem === null) return null;
  const field = problem.split(/[.:]/, 1)[0] ?? '';
  if (field === 'examples') return 'placeholders';
  return field === 'placeholders' || field === 'header' || field === 'footer' || field === 'buttons' ? field : 'body';
}

/** The button kinds still allowed next to the ones there are (Meta: 10 in all, 2 URL, 1 phone number). */
export function canAdd(buttons: readonly DraftButton[], type: DraftButton['type']): boolean {
  if (buttons.length >= 10) return false;
  if (type === 'url') return buttons.filter((b) => b.type === 'url').length < 2;
  if (type === 'phone_number') return buttons.every((b) => b.type !== 'phone_number');
  return true;
}

export function newButton(type: DraftButton['type']): DraftButton {
  if (type === 'url') return { type, text: '', url: 'https://', placeholder: 'custom', example: '' };
  if (type === 'phone_number') return { type, text: '', phoneNumber: '' };
  return { type, text: '' };
}

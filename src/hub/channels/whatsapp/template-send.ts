/**
 * A template message's `components` for `POST /{phone-number-id}/messages`
 * (Cloud API): the header's parameter (its text value, or the media by
 * link), the body's values in order, and each URL button's value by its
 * index. Components without variables are not named: Meta fills them.
 */
import { bodyParams, buttonParam, headerParam, type TemplateContent } from '../../../shared/template-slots.js';

type Component = Record<string, unknown>;

const text = (value: string) => ({ type: 'text', text: value });

function headerComponent(content: TemplateContent, params: readonly string[]): Component | null {
  const header = content.header;
  if (!header) return null;
  if (header.format === 'text') {
    const value = headerParam(content, params);
    return value === null ? null : { type: 'header', parameters: [text(value)] };
  }
  if (header.mediaUrl === null) return null;
  return { type: 'header', parameters: [{ type: header.format, [header.format]: { link: header.mediaUrl } }] };
}

export function templateComponents(content: TemplateContent, params: readonly string[]): Component[] {
  const components: Component[] = [];
  const header = headerComponent(content, params);
  if (header) components.push(header);
  const body = bodyParams(content, params);
  if (body.length > 0) components.push({ type: 'body', parameters: body.map(text) });
  content.buttons.forEach((_button, index) => {
    const value = buttonParam(content, params, index);
    if (value !== null)
      components.push({ type: 'button', sub_type: 'url', index: String(index), parameters: [text(value)] });
  });
  return components;
}

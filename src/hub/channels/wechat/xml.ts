/**
 * WeChat pushes flat XML (`<xml><ToUserName>…</ToUserName>…</xml>`, text in
 * CDATA). Values stay strings: a MsgId has 19 digits and would lose precision
 * as a JS number. WeChat never sends a DOCTYPE, so one is refused outright
 * (no entity expansion tricks).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
});

const Root = z.object({ xml: z.record(z.string(), z.unknown()) });

/** The fields of `<xml>` as strings (nested elements, such as ScanCodeInfo, stay objects). */
export function parseWechatXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text))
    throw new AppError('VALIDATION_FAILED', 'WeChat XML must not declare a DOCTYPE');
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new AppError('VALIDATION_FAILED', `WeChat body is not XML: ${valid.err.msg}`);
  const parsed = Root.safeParse(parser.parse(text));
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'WeChat body has no <xml> root element');
  return parsed.data.xml;
}

/** A string field, or undefined (an empty element parses as ''). */
export function field(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

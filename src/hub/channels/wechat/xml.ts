/**
 * WeChat pushes flat XML (`<xml><ToUserName>…</ToUserName>…</xml>`, text in
 * CDATA). Values stay strings: a MsgId has 19 digits and would lose precision
 * as a JS number. Before fast-xml-parser sees a body, one linear scan bounds
 * its nesting and refuses every `<!…>` declaration outside CDATA: WeChat never
 * sends a DOCTYPE, so entity tricks are refused outright, while a customer who
 * types "<!DOCTYPE" inside a message (CDATA) is read as written. Every parser
 * failure is VALIDATION_FAILED (400), never an uncaught error.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.js';

/**
 * The deepest WeChat push nests four elements under `<xml>`
 * (`SendPicsInfo > PicList > item > PicMd5Sum` of the pic_* menu events);
 * eight leaves room and stops the parser's recursion long before it matters.
 */
export const WECHAT_MAX_XML_DEPTH = 8;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  // A second fence behind the scan below (the parser counts the root too).
  maxNestedTags: WECHAT_MAX_XML_DEPTH + 2,
});

const Root = z.object({ xml: z.record(z.string(), z.unknown()) });

function malformed(reason: string): AppError {
  return new AppError('VALIDATION_FAILED', `WeChat body is not acceptable XML: ${reason}`);
}

/** Where the construct opened at `from` ends (just past `terminator`); throws when it never closes. */
function skipPast(text: string, from: number, terminator: string, what: string): number {
  const end = text.indexOf(terminator, from);
  if (end === -1) throw malformed(`${what} is never closed`);
  return end + terminator.length;
}

/** One pass over the markup: CDATA, comments and the XML declaration are skipped, `<!…>` refused, depth counted. */
export function checkWechatXmlShape(text: string): void {
  let depth = 0;
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at)) {
    if (text.startsWith('<![CDATA[', at)) at = skipPast(text, at + 9, ']]>', 'a CDATA section');
    else if (text.startsWith('<!--', at)) at = skipPast(text, at + 4, '-->', 'a comment');
    else if (text.startsWith('<!', at)) throw malformed('WeChat never declares a DOCTYPE or ENTITY');
    else if (text.startsWith('<?', at)) at = skipPast(text, at + 2, '?>', 'a processing instruction');
    else {
      const end = skipPast(text, at + 1, '>', 'a tag');
      if (text[at + 1] === '/') depth -= 1;
      else if (text[end - 2] !== '/') depth += 1;
      if (depth > WECHAT_MAX_XML_DEPTH) throw malformed(`elements nest deeper than ${WECHAT_MAX_XML_DEPTH} levels`);
      at = end;
    }
  }
}

/** The fields of `<xml>` as strings (nested elements, such as ScanCodeInfo, stay objects). */
export function parseWechatXml(text: string): Record<string, unknown> {
  checkWechatXmlShape(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw malformed(valid.err.msg);
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (err) {
    throw malformed(err instanceof Error ? err.message : String(err));
  }
  const root = Root.safeParse(parsed);
  if (!root.success) throw malformed('there is no <xml> root element');
  return root.data.xml;
}

/** A string field, or undefined (an empty element parses as ''). */
export function field(fields: Record<string, unknown>, name: string): string | undefined {
  const value = fields[name];
  return typeof value === 'string' ? value : undefined;
}

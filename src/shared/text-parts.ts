/**
 * Splits a text too long for one provider message into ordered parts a reader can follow: each part
 * ends at the last paragraph break that fits, else a line break, else a sentence end, else a word
 * boundary, else a character (grapheme) boundary — never inside a surrogate pair, an emoji sequence
 * or a letter with its combining marks. Lengths are counted in UTF-16 units, as Twilio counts them
 * (an emoji counts double; docs/lifecycle.md, "Provider rules the hub keeps"). Shared: the hub splits
 * with it, the composer counts the parts an agent's text will become.
 */

/** Twilio's limit on a message's `Body` (error 21617), in UTF-16 units. */
export const TWILIO_BODY_MAX = 1600;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const sentences = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const words = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Segmenting a little past the limit keeps a boundary at the limit from being one only of the prefix. */
const LOOKAHEAD = 64;

/** Where segments start in `text` (0 excluded), in order. */
function starts(segmenter: Intl.Segmenter, text: string): number[] {
  const out: number[] = [];
  for (const segment of segmenter.segment(text)) if (segment.index > 0) out.push(segment.index);
  return out;
}

/** The last grapheme boundary ≤ `max`, or a code point boundary when one cluster is longer than that. */
function characterCut(head: string, max: number): number {
  const cut = starts(graphemes, head)
    .filter((i) => i <= max)
    .at(-1);
  if (cut !== undefined) return cut;
  const code = head.charCodeAt(max - 1);
  // Never between the halves of a surrogate pair.
  return code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** Where the first part of `text` (longer than `max`) ends. */
function cutPoint(text: string, max: number): number {
  const head = text.slice(0, max + LOOKAHEAD);
  const graphemeStarts = new Set(starts(graphemes, head));
  // A boundary in the first half would leave parts much shorter than they may be.
  const fits = (i: number) => i >= Math.floor(max / 2) && i <= max && graphemeStarts.has(i);
  const paragraph = head.lastIndexOf('\n\n', max - 2);
  if (paragraph >= 0 && fits(paragraph + 2)) return paragraph + 2;
  const line = head.lastIndexOf('\n', max - 1);
  if (line >= 0 && fits(line + 1)) return line + 1;
  const sentence = starts(sentences, head).filter(fits).at(-1);
  if (sentence !== undefined) return sentence;
  const word = starts(words, head).filter(fits).at(-1);
  if (word !== undefined) return word;
  return characterCut(head, max);
}

/**
 * `text` in parts of at most `max` UTF-16 units each, in reading order; whitespace at a cut is dropped
 * (a part never starts or ends with the blank line it was cut at). A text that fits is one part. Only a
 * single character longer than `max` (an emoji sequence of many code points) is cut, between code points.
 */
export function splitAtBoundaries(text: string, max: number): string[] {
  if (max < 2) throw new RangeError('a part must hold at least two UTF-16 units');
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const part = rest.slice(0, cut).trimEnd();
    // A part of nothing but whitespace is dropped, never sent empty.
    if (part !== '') parts.push(part);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() !== '') parts.push(rest.trimEnd());
  return parts;
}

/** How many Twilio messages `text` goes out as (1 when it fits one `Body`). */
export function twilioPartCount(text: string): number {
  return text.length <= TWILIO_BODY_MAX ? 1 : splitAtBoundaries(text, TWILIO_BODY_MAX).length;
}

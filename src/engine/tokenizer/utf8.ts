// What a byte-level tokenizer needs to know about the text before it encodes it: that every UTF-16 unit has a UTF-8
// form (a lone surrogate has none; TextEncoder would silently put U+FFFD in its place), and where each UTF-8 byte
// falls in the JS string, so tokens can be located in both. Follows the Unicode standard's §3.9 (UTF-8, UTF-16).

/** A surrogate half with no partner: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Thrown instead of encoding a text that UTF-8 cannot carry unchanged; `offset` is the UTF-16 index of the half. */
export class LoneSurrogateError extends Error {
  override name = 'LoneSurrogateError';

  constructor(readonly offset: number, unit: number) {
    super(
      `The text has a lone surrogate U+${unit.toString(16).toUpperCase()} at UTF-16 offset ${offset}: half of a ` +
        'UTF-16 pair without its partner, which has no UTF-8 form, so a byte-level tokenizer cannot encode it ' +
        'unchanged. Remove it, or replace it with U+FFFD (�).',
    );
  }
}

/** UTF-16 offset of the first lone surrogate, or -1 when the text is well-formed. */
export function findLoneSurrogate(text: string): number {
  return text.search(LONE_SURROGATE);
}

/** Throws a LoneSurrogateError naming the first lone surrogate, if any. */
export function assertWellFormed(text: string): void {
  const at = findLoneSurrogate(text);
  if (at >= 0) throw new LoneSurrogateError(at, text.charCodeAt(at));
}

/** UTF-8 length of a code point. */
export function utf8Length(codePoint: number): number {
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * For each UTF-8 byte of a well-formed text, the UTF-16 range [start, end) of the character it belongs to
 * (one entry per byte; length = the text's UTF-8 length).
 * @example characterOfByte('é!') // start [0, 0, 1], end [1, 1, 2]: é is two bytes of one UTF-16 unit
 */
export function characterOfByte(text: string): { start: Int32Array; end: Int32Array } {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // A surrogate pair is 2 units and 4 bytes: 2 bytes per unit, like U+0080–U+07FF.
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
  }
  const start = new Int32Array(bytes);
  const end = new Int32Array(bytes);
  let b = 0;
  for (let i = 0; i < text.length;) {
    const unit = text.charCodeAt(i);
    const isPair = unit >= 0xd800 && unit <= 0xdbff;
    const n = isPair ? 4 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
    const units = isPair ? 2 : 1;
    for (let k = 0; k < n; k++) {
      start[b + k] = i;
      end[b + k] = i + units;
    }
    b += n;
    i += units;
  }
  return { start, end };
}

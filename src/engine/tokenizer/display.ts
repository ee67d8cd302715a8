// Readable strings for token bytes: what a UI shows for a token, including byte pieces that are not valid UTF-8.
// Follows the UTF-8 well-formedness table of Unicode §3.9 (no overlongs, no surrogates, nothing past U+10FFFF).

const MARK = /^\p{M}/u;
// Code points that would be invisible or would break a one-line label: controls, format chars (ZWJ, BOM),
// line/paragraph separators and spaces other than the plain one.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Zs}]/u;

const NAMED: Record<string, string> = { ' ': '␣', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\' };

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

/** Shows one code point: plain space as ␣, common controls as \n \r \t, other invisibles as \u{…}. */
export function codePointToDisplay(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const cp = ch.codePointAt(0) ?? 0;
  // A lone surrogate (only reachable from JS strings, never from valid UTF-8) has no glyph either.
  if (INVISIBLE.test(ch) || (cp >= 0xd800 && cp <= 0xdfff)) return `\\u{${hex(cp, 4)}}`;
  return ch;
}

/** Escapes a JS string for display; a leading combining mark gets a dotted circle to sit on. */
export function stringToDisplay(s: string): string {
  let out = '';
  for (const ch of s) out += codePointToDisplay(ch);
  return MARK.test(out) ? `◌${out}` : out;
}

/** Length of the well-formed UTF-8 sequence starting at bytes[i], or 0 if none starts there. */
export function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i];
  if (b0 === undefined) return 0;
  if (b0 < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) n = 2;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    n = 3;
    if (b0 === 0xe0) lo = 0xa0; // no overlongs
    if (b0 === 0xed) hi = 0x9f; // no UTF-16 surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    n = 4;
    if (b0 === 0xf0) lo = 0x90; // no overlongs
    if (b0 === 0xf4) hi = 0x8f; // nothing past U+10FFFF
  } else return 0;
  for (let k = 1; k < n; k++) {
    const b = bytes[i + k];
    if (b === undefined) return 0;
    if (k === 1 ? b < lo || b > hi : b < 0x80 || b > 0xbf) return 0;
  }
  return n;
}

const decoder = new TextDecoder('utf-8', { ignoreBOM: true }); // a U+FEFF token is shown, not swallowed

/**
 * Display form of raw token bytes: valid UTF-8 is decoded and escaped as in `stringToDisplay`; each byte that does not
 * start a well-formed sequence is shown as \xNN. Example: bytes E2 80 (half of "—") → "\xE2\x80".
 */
export function bytesToDisplay(bytes: Uint8Array): string {
  let text = '';
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) {
      text += `\\x${hex(bytes[i] as number, 2)}`;
      i += 1;
    } else {
      text += codePointToDisplay(decoder.decode(bytes.subarray(i, i + n)));
      i += n;
    }
  }
  return MARK.test(text) ? `◌${text}` : text;
}

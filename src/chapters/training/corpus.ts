// The text a run trains on: Tiny Shakespeare (fetched once) or the reader's own, pasted or uploaded. Every way a
// text can be unusable gets a message before the engine sees it; the engine checks again with the real tokens.

/** Longest text the chapter takes (the worker's limit is 64 MiB; this keeps tokenizing under a few seconds). */
export const MAX_CORPUS_CHARACTERS = 5_000_000;
/** Shortest: enough for a validation split that holds a few windows of a small context. */
export const MIN_CORPUS_CHARACTERS = 2_000;

export const SHAKESPEARE_URL = 'data/tinyshakespeare.txt';

let shakespeare: Promise<string> | null = null;

/** Tiny Shakespeare, fetched once per page (the service worker keeps it offline). */
export function loadShakespeare(): Promise<string> {
  shakespeare ??= fetch(SHAKESPEARE_URL).then(async (r) => {
    if (!r.ok) throw new Error(`Tiny Shakespeare could not be loaded (HTTP ${r.status}).`);
    return r.text();
  });
  shakespeare.catch(() => {
    shakespeare = null; // a failed fetch is tried again next time
  });
  return shakespeare;
}

/** Forgets the fetched text (tests serve a different one each). */
export function forgetShakespeare(): void {
  shakespeare = null;
}

/** Null when the text can be trained on, otherwise why not, in words. */
export function corpusProblem(text: string, context: number): string | null {
  if (text.trim().length === 0) return 'The text is empty: paste or upload something to train on.';
  if (text.length > MAX_CORPUS_CHARACTERS) {
    return `The text has ${text.length.toLocaleString('en')} characters; this chapter takes at most ${MAX_CORPUS_CHARACTERS.toLocaleString('en')}. Cut it and try again.`;
  }
  // Control characters other than tab and newlines, or the replacement character a failed decoding leaves, mean
  // this is not text (an image, a zip) or not in the encoding it claims.
  const odd = text.match(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFD]/g)?.length ?? 0;
  if (odd > Math.max(3, text.length * 0.001)) {
    return `This does not look like text: ${odd.toLocaleString('en')} control or undecodable characters. Upload a plain-text file in UTF-8.`;
  }
  const needed = Math.max(MIN_CORPUS_CHARACTERS, 20 * (context + 1));
  if (text.length < needed) {
    return `The text is too short: ${text.length.toLocaleString('en')} characters, and a model with a context of ${context} needs at least ${needed.toLocaleString('en')} so that a tenth of it can be held out for validation.`;
  }
  return null;
}

/** Reads an uploaded file as UTF-8 (refusing other encodings and binary files with a message). */
export async function readTextFile(file: File): Promise<{ text: string } | { problem: string }> {
  if (file.size > MAX_CORPUS_CHARACTERS * 4) {
    return { problem: `“${file.name}” is ${(file.size / 2 ** 20).toFixed(1)} MB; this chapter takes texts up to about ${MAX_CORPUS_CHARACTERS / 1e6} million characters.` };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) return { problem: `“${file.name}” holds zero bytes, so it is not a text file (or is UTF-16). Save it as UTF-8 plain text.` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: `“${file.name}” is not valid UTF-8. Save it as UTF-8 plain text and upload it again.` };
  }
}

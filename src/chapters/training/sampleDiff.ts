// What changed between two samples of the same prompt: a word-level diff (longest common subsequence), so the
// reader sees which words the later model kept, dropped and wrote anew.

export type DiffPart = { kind: 'same' | 'added' | 'removed'; text: string };

/** Words and the white space after them, so the parts join back into the text. */
function wordsOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** The parts of `before` → `after`, in reading order; comparing words without their trailing spaces. */
export function wordDiff(before: string, after: string): DiffPart[] {
  const a = wordsOf(before), b = wordsOf(after);
  const key = (w: string) => w.trim();
  // lcs[i][j]: the longest common subsequence of a[i:] and b[j:] (samples are short: at most a few hundred words).
  const lcs = Array.from({ length: a.length + 1 }, () => new Int32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = key(a[i]) === key(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart['kind'], text: string) => {
    const last = parts.at(-1);
    if (last?.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && key(a[i]) === key(b[j])) {
      push('same', b[j]);
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) push('added', b[j++]);
    else push('removed', a[i++]);
  }
  return parts;
}

/** Share of the later sample's words that are English-like: letters only, with at most one apostrophe. */
export function wordLikeShare(text: string): number {
  const words = text.split(/\s+/).map((w) => w.replace(/^[^A-Za-z']+|[^A-Za-z']+$/g, '')).filter(Boolean);
  if (!words.length) return 0;
  return words.filter((w) => /^[A-Za-z]+('[A-Za-z]+)?$/.test(w) && /[aeiouyAEIOUY]/.test(w)).length / words.length;
}

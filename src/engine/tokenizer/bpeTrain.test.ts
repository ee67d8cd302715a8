import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { trainBpe, trainBpeAsync, type MergeEvent, type TrainProgress } from './bpeTrain';
import { preSplit } from './pretokenize';

const shakespeare = readFileSync(new URL('../../../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');

function collect(text: string, options: Parameters<typeof trainBpe>[1]): { merges: MergeEvent[]; tok: ReturnType<typeof trainBpe> } {
  const merges: MergeEvent[] = [];
  const tok = trainBpe(text, { ...options, onMerge: (m) => void merges.push(m) });
  return { merges, tok };
}

/** Slow, obviously-correct BPE: recount every pair of every chunk before each merge. Same tie rule. */
function naiveMerges(text: string, numMerges: number): [number, number, number][] {
  const counts = new Map<string, number>();
  for (const c of preSplit(text)) counts.set(c, (counts.get(c) ?? 0) + 1);
  let words = [...counts].map(([c, f]) => ({ ids: [...new TextEncoder().encode(c)], f }));
  const out: [number, number, number][] = [];
  for (let r = 0; r < numMerges; r++) {
    const pairs = new Map<string, number>();
    for (const { ids, f } of words) for (let i = 0; i + 1 < ids.length; i++) {
      const k = `${ids[i]},${ids[i + 1]}`;
      pairs.set(k, (pairs.get(k) ?? 0) + f);
    }
    let best: [number, number, number] | null = null;
    for (const [k, c] of pairs) {
      const [a, b] = k.split(',').map(Number) as [number, number];
      if (!best || c > best[2] || (c === best[2] && (a < best[0] || (a === best[0] && b < best[1])))) best = [a, b, c];
    }
    if (!best || best[2] < 2) break;
    out.push(best);
    const [a, b] = best;
    words = words.map(({ ids, f }) => {
      const n: number[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (ids[i] === a && ids[i + 1] === b) { n.push(256 + r); i++; } else n.push(ids[i] as number);
      }
      return { ids: n, f };
    });
  }
  return out;
}

describe('trainBpe', () => {
  it('refuses a corpus with a lone surrogate, naming its offset, instead of learning U+FFFD', () => {
    expect(() => trainBpe('fine text \uD800 here', { vocabSize: 260 })).toThrow(/U\+D800 at UTF-16 offset 10/);
  });

  it('reproduces the textbook example aaabdaaabac → ZabdZabac → ZYdZYac → XdXac', () => {
    const { merges, tok } = collect('aaabdaaabac', { vocabSize: 1000, preSplit: false });
    expect(merges.map((m) => [m.rank, m.pair, m.count, m.id, m.text])).toEqual([
      [0, [97, 97], 4, 256, 'aa'], // Z = aa: four overlapping occurrences counted, two replaced
      [1, [97, 98], 2, 257, 'ab'], // Y = ab: ties with Z+a (count 2), wins on the lower left id
      [2, [256, 257], 2, 258, 'aaab'], // X = ZY
    ]); // then every pair occurs once: below minCount 2, so training stops early
    expect(tok.vocabSize).toBe(259);
    expect(tok.encodeOrdinary('aaabdaaabac')).toEqual([258, 100, 258, 97, 99]); // X d X a c
    expect([...merges[2]!.bytes]).toEqual([97, 97, 97, 98]);
  });

  it('breaks ties by the lowest (left, right) ids when merging pairs seen once', () => {
    const { merges } = collect('aaabdaaabac', { vocabSize: 260, preSplit: false, minCount: 1 });
    expect(merges[3]!.pair).toEqual([97, 99]); // a c beats X d, d X, X a
  });

  it('matches a naive recount-everything trainer merge for merge', () => {
    const slice = shakespeare.slice(0, 60_000);
    const { merges } = collect(slice, { vocabSize: 256 + 150 });
    expect(merges.map((m) => [...m.pair, m.count])).toEqual(naiveMerges(slice, 150));
  });

  it('emits exactly vocabSize − 256 − specials merges with ranks 0..n−1 and compresses Tiny Shakespeare', () => {
    const { merges, tok } = collect(shakespeare, { vocabSize: 512, specialTokens: ['<|endoftext|>'] });
    expect(merges).toHaveLength(255);
    expect(merges.map((m) => m.rank)).toEqual([...Array(255).keys()]);
    expect(merges.every((m) => m.id === 256 + m.rank)).toBe(true);
    expect(tok.vocabSize).toBe(512);
    expect(tok.specialTokenId('<|endoftext|>')).toBe(511);
    expect(merges[0]).toMatchObject({ pair: [32, 116], count: 23837, text: '␣t' });
    const ids = tok.encode(shakespeare);
    const charsPerToken = shakespeare.length / ids.length;
    console.log(`Tiny Shakespeare, vocab 512: ${ids.length} tokens, ${charsPerToken.toFixed(3)} chars/token`);
    // Cross-checked with an independent Python trainer (same pre-split and tie rule): after 256 merges it gets
    // 575,345 tokens and its 256th merge has count 464, so 255 merges leave 575,809. That is 1.94 chars/token;
    // with GPT-2-style pre-splitting, 2.5 chars/token takes a vocabulary of about 1150.
    expect(ids.length).toBe(575_809);
    expect(charsPerToken).toBeGreaterThan(1.9);
    expect(tok.decode(ids)).toBe(shakespeare);
  });

  it('never merges across or into special tokens', () => {
    const text = 'hi there<|endoftext|>'.repeat(50);
    const plain = collect(text, { vocabSize: 300 }).merges;
    expect(plain.some((m) => m.text.includes('|'))).toBe(true); // without the special, "<|" etc. get merged
    const { merges, tok } = collect(text, { vocabSize: 300, specialTokens: ['<|endoftext|>'] });
    expect(merges.some((m) => m.text.includes('|') || m.text.includes('<'))).toBe(false);
    expect(tok.encode('hi<|endoftext|>')).toContain(tok.specialTokenId('<|endoftext|>'));
  });

  it('stops when onMerge returns false, keeping the merges so far', () => {
    const tok = trainBpe(shakespeare.slice(0, 20_000), { vocabSize: 400, onMerge: (m) => m.rank < 9 });
    expect(tok.vocabSize).toBe(256 + 10);
  });

  it('throws the abort reason when the signal aborts, and refuses to start when already aborted', () => {
    const ctl = new AbortController();
    const run = (): unknown =>
      trainBpe(shakespeare.slice(0, 20_000), { vocabSize: 400, signal: ctl.signal, onMerge: (m) => void (m.rank === 4 && ctl.abort(new Error('stop'))) });
    expect(run).toThrow('stop');
    expect(run).toThrow('stop'); // already aborted
  });

  it('reports counting progress up to the total', () => {
    const seen: TrainProgress[] = [];
    trainBpe(shakespeare.slice(0, 100_000), { vocabSize: 256, onProgress: (p) => void seen.push(p) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((p, i) => i === 0 || p.done >= seen[i - 1]!.done)).toBe(true);
    expect(seen.at(-1)).toEqual({ phase: 'count', done: 100_000, total: 100_000 });
  });

  it('rejects impossible vocab sizes and bad special tokens', () => {
    expect(() => trainBpe('abc', { vocabSize: 256, specialTokens: ['<s>'] })).toThrow(/vocabSize must be .*\[257, /);
    expect(() => trainBpe('abc', { vocabSize: 300.5 })).toThrow(RangeError);
    expect(() => trainBpe('abc', { vocabSize: 300, specialTokens: ['<s>', '<s>'] })).toThrow(/appears twice/);
  });
});

describe('trainBpeAsync', () => {
  it('gives the same tokenizer as trainBpe', async () => {
    const slice = shakespeare.slice(0, 30_000);
    const tok = await trainBpeAsync(slice, { vocabSize: 320, sliceMs: 0 });
    expect(tok.toJSON()).toEqual(trainBpe(slice, { vocabSize: 320 }).toJSON());
  });

  it('can be cancelled from outside between slices', async () => {
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('cancelled by reader')), 0);
    await expect(trainBpeAsync(shakespeare, { vocabSize: 4000, signal: ctl.signal, sliceMs: 1 })).rejects.toThrow('cancelled by reader');
  });
});

import { describe, expect, it } from 'vitest';
import { BpeTokenizer } from './bpe';
import { trainBpe, type MergeEvent } from './bpeTrain';
import { loadRankedBpe } from './encodings';
import { MergeReplay } from './mergeReplay';
import { mergeTree } from './mergeTree';

const training = 'the cat sat on the mat; the hat, the bat. Привет, привет! 早上好早上好 👍👍 aaaa aaa';
const heldOut = 'the rat sat on a hat. привет мир 👍 aaaaa thethe';

describe('MergeReplay', () => {
  it('counts, after every merge, exactly the tokens the tokenizer with those merges gives', () => {
    const events: MergeEvent[] = [];
    trainBpe(training, { vocabSize: 256 + 40, onMerge: (m) => void events.push(m) });
    expect(events.length).toBeGreaterThan(10);
    const replay = new MergeReplay(heldOut);
    expect(replay.tokenCount).toBe(new TextEncoder().encode(heldOut).length);
    events.forEach((m, k) => {
      replay.apply(m.pair[0], m.pair[1], m.id);
      const tok = BpeTokenizer.fromMerges(events.slice(0, k + 1).map((e) => e.pair));
      expect(replay.tokenCount).toBe(tok.encode(heldOut).length);
      expect(replay.tokens()).toEqual(tok.encode(heldOut));
    });
  });

  it('reports a lone surrogate instead of changing it', () => {
    expect(() => new MergeReplay('ok \uD800 there')).toThrow(/surrogate/i);
  });

  it('is empty for an empty text', () => {
    const replay = new MergeReplay('');
    expect(replay.tokenCount).toBe(0);
    expect(replay.apply(97, 97, 256)).toBe(0);
    expect(replay.tokens()).toEqual([]);
  });
});

describe('mergeTree', () => {
  it('unwinds the textbook example to bytes, with ranks', () => {
    const tok = trainBpe('aaabdaaabac', { vocabSize: 259, preSplit: false });
    const tree = mergeTree(tok, 258); // aaab = aa + ab
    expect(tree).toMatchObject({ label: 'aaab', rank: 2 });
    expect(tree.children.map((c) => [c.label, c.rank])).toEqual([['aa', 0], ['ab', 1]]);
    expect(tree.children[0].children.map((c) => [c.id, c.rank])).toEqual([[97, null], [97, null]]);
    expect(mergeTree(tok, 97).children).toEqual([]);
    expect(() => mergeTree(tok, 259)).toThrow(RangeError);
  });

  it("unwinds GPT-2's and GPT-4o's tokens by rank, each part of lower rank, its bytes joining to the token's", async () => {
    for (const name of ['r50k_base', 'o200k_base'] as const) {
      const tok = await loadRankedBpe(name);
      const [id] = tok.encode(' unbelievable').slice(-1);
      const tree = mergeTree(tok, id);
      const check = (node: typeof tree): void => {
        if (node.children.length === 0) return;
        expect(node.children.flatMap((c) => c.bytes)).toEqual(node.bytes);
        for (const c of node.children) {
          if (c.rank !== null) expect(c.rank).toBeLessThan(node.rank as number);
          check(c);
        }
      };
      expect(tree.rank).toBe(id);
      expect(tree.children).toHaveLength(2);
      check(tree);
      // Leaves are single bytes.
      const leaves = (n: typeof tree): number[][] => (n.children.length ? n.children.flatMap(leaves) : [n.bytes]);
      expect(leaves(tree).every((b) => b.length === 1)).toBe(true);
    }
    const gpt2 = await loadRankedBpe('r50k_base');
    expect(gpt2.partsOf(gpt2.encode(' the')[0]).map((p) => gpt2.decode([p]))).toEqual([' t', 'he']);
    expect(gpt2.partsOf(gpt2.specialTokenId('<|endoftext|>') as number)).toEqual([]);
  });
});

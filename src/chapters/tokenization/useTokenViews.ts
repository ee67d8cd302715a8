// The reader's text cut by five tokenizers at once, each by the engine's `tokenize` method in the worker: by
// characters, by words, by the active model's own tokenizer, by GPT-2's and by GPT-4o's byte-pair encodings.
import { useMemo } from 'react';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import type { ResultOf } from '../../workers/protocol';

export type TokenizeResult = ResultOf<'tokenize'>;
export type ViewId = 'char' | 'word' | 'model' | 'gpt2' | 'gpt4o';

export interface ViewMeta {
  id: ViewId;
  name: string;
  /** What the reader should know about this way of cutting. */
  about: string;
}

export const views: readonly ViewMeta[] = [
  { id: 'char', name: 'Characters', about: 'one token per character; the vocabulary is the characters of your text' },
  { id: 'word', name: 'Words', about: 'one token per word, space or mark; the vocabulary is the words of your text' },
  { id: 'model', name: "This book's model", about: "the tokenizer of the model loaded in the lab, the one every other chapter computes with" },
  { id: 'gpt2', name: 'GPT-2 (r50k)', about: 'the byte-pair encoding GPT-2 and GPT-3 used, 50,257 tokens' },
  { id: 'gpt4o', name: 'GPT-4o (o200k)', about: 'the byte-pair encoding of GPT-4o, about 200,000 tokens' },
];

/** Bits of a tokenization's flags (engine TOKEN_PARTIAL, TOKEN_SPECIAL, TOKEN_UNKNOWN; the page keeps the engine out). */
export const PARTIAL = 1;
export const SPECIAL = 2;
export const UNKNOWN = 4;

export interface ViewState {
  meta: ViewMeta;
  result: TokenizeResult | null;
  error: string | null;
  isComputing: boolean;
}

/** One query per view; the model's waits for the lab, the others need no model. Only GPT-2 and GPT-4o know
 *  special tokens, so `allowSpecial` changes only their views. A view not in `shown` asks nothing (its result stays
 *  null), so a link that shows two views does not make the worker cut the text five ways. */
export function useTokenViews(text: string, allowSpecial: boolean, shown: ReadonlySet<ViewId> = allViews): ViewState[] {
  const key = useStore((s) => s.activeKey);
  const ask = (id: ViewId) => text.length > 0 && shown.has(id);
  const [char, word, model, gpt2, gpt4o] = views.map((v) => ask(v.id));
  const charParams = useMemo(() => (char ? { text, tokenizer: 'char' as const } : null), [text, char]);
  const wordParams = useMemo(() => (word ? { text, tokenizer: 'word' as const } : null), [text, word]);
  const modelParams = useMemo(() => (model ? { text, tokenizer: 'model' as const, key } : null), [text, model, key]);
  const gpt2Params = useMemo(() => (gpt2 ? { text, tokenizer: 'gpt2' as const, allowSpecial } : null), [text, gpt2, allowSpecial]);
  const gpt4oParams = useMemo(() => (gpt4o ? { text, tokenizer: 'gpt4o' as const, allowSpecial } : null), [text, gpt4o, allowSpecial]);
  const answers = [
    useEngineQuery('tokenize', charParams, { needsModel: false }),
    useEngineQuery('tokenize', wordParams, { needsModel: false }),
    useEngineQuery('tokenize', modelParams),
    useEngineQuery('tokenize', gpt2Params, { needsModel: false }),
    useEngineQuery('tokenize', gpt4oParams, { needsModel: false }),
  ];
  return views.map((meta, i) => ({ meta, ...answers[i] }));
}

const allViews: ReadonlySet<ViewId> = new Set(['char', 'word', 'model', 'gpt2', 'gpt4o']);

/** Characters as a reader counts them: code points, so an emoji is one, not two UTF-16 units. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** For each of the first `count` tokens, the share of its characters that lie in [start, end) (UTF-16 offsets). */
export function markedShares(result: TokenizeResult, start: number, end: number, count: number): number[] {
  return Array.from({ length: Math.min(count, result.ids.length) }, (_, k) => {
    const from = result.charStarts[k];
    const to = result.charEnds[k];
    const inside = Math.max(0, Math.min(to, end) - Math.max(from, start));
    return to > from ? inside / (to - from) : 0;
  });
}

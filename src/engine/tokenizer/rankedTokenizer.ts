// A production tokenizer (GPT-2's r50k_base) as the tokenizer of a model: what a GPT-2 checkpoint carries. Its JSON
// form names the encoding only; the rank table itself (public/tokenizers/) is read once per process by
// loadRankedBpe, which remembers it here, so rebuilding from JSON stays synchronous like every other tokenizer's.
import type { RankedEncodingName } from './encodings';
import { fail } from './json';
import type { RankedBpe } from './ranked';
import { TOKENIZER_FORMAT, TOKENIZER_VERSION, type RankedTokenizerJSON, type Tokenizer } from './types';

const tables = new Map<RankedEncodingName, RankedBpe>();

/** Called by loadRankedBpe when a table has been read. */
export function rememberRankedBpe(name: RankedEncodingName, bpe: RankedBpe): void {
  tables.set(name, bpe);
}

/** Thrown when a model's tokenizer names a rank table this process has not read yet: await loadRankedBpe(encoding), then retry. */
export class RankTableNotLoadedError extends Error {
  constructor(readonly encoding: RankedEncodingName) {
    super(`the ${encoding} rank table has not been read yet`);
    this.name = 'RankTableNotLoadedError';
  }
}

export class RankedTokenizer implements Tokenizer {
  readonly kind = 'ranked' as const;
  readonly vocabSize: number;

  /** `bpe` is the production tokenizer itself (for offsets and token bytes, as the Tokenization chapter shows them). */
  constructor(readonly encoding: RankedEncodingName, readonly bpe: RankedBpe) {
    this.vocabSize = bpe.vocabSize;
  }

  /** Special-token strings in the text are read as plain text, as in the other tokenizers. */
  encode(text: string): number[] {
    return this.bpe.encode(text);
  }

  decode(ids: ArrayLike<number>): string {
    return this.bpe.decode(ids);
  }

  tokenToDisplay(id: number): string {
    return this.bpe.tokenToDisplay(id);
  }

  toJSON(): RankedTokenizerJSON {
    return { format: TOKENIZER_FORMAT, version: TOKENIZER_VERSION, kind: 'ranked', encoding: this.encoding };
  }

  static fromJSON(json: Record<string, unknown>): RankedTokenizer {
    const encoding = json.encoding;
    if (encoding !== 'r50k_base' && encoding !== 'o200k_base') fail(`"encoding" must be "r50k_base" or "o200k_base", got ${JSON.stringify(encoding)}`);
    const bpe = tables.get(encoding);
    if (!bpe) throw new RankTableNotLoadedError(encoding);
    return new RankedTokenizer(encoding, bpe);
  }
}

// Unwinds a token into the merges that made it, down to bytes: for a BPE the book trained, from its merge list; for
// GPT-2 and GPT-4o, whose files hold ranks rather than merges, from RankedBpe.partsOf (the token's bytes encoded with
// only the lower ranks). Each node carries its rank, the order in which training made it.
import { BpeTokenizer } from './bpe';
import { bytesToDisplay } from './display';
import { RankedBpe } from './ranked';

export interface MergeTreeNode {
  id: number;
  /** Readable label (␣ for a space, \xNN for part of a character). */
  label: string;
  /** The merge's rank (0 = learned first), or null for a byte or a special token, which no merge made. */
  rank: number | null;
  /** The byte values it stands for. */
  bytes: number[];
  /** The tokens it was merged from (two, or none for a byte). */
  children: MergeTreeNode[];
}

/**
 * @example mergeTree(trained, 300) // { id: 300, label: 'the', rank: 44, children: [{ label: 'th', … }, { label: 'e', … }] }
 */
export function mergeTree(tokenizer: BpeTokenizer | RankedBpe, id: number): MergeTreeNode {
  if (!Number.isInteger(id) || id < 0 || id >= tokenizer.vocabSize) throw new RangeError(`Token id ${id} is outside [0, ${tokenizer.vocabSize})`);
  const bytes = tokenizer.tokenBytes(id);
  const parts = partsOf(tokenizer, id);
  const isMerged = parts.length > 0;
  return {
    id,
    label: bytesToDisplay(bytes),
    rank: isMerged ? (tokenizer instanceof BpeTokenizer ? id - 256 : id) : null,
    bytes: Array.from(bytes),
    children: parts.map((part) => mergeTree(tokenizer, part)),
  };
}

function partsOf(tokenizer: BpeTokenizer | RankedBpe, id: number): number[] {
  if (tokenizer instanceof RankedBpe) return tokenizer.partsOf(id);
  const merge = tokenizer.merges[id - 256];
  return id >= 256 && merge ? [merge[0], merge[1]] : [];
}

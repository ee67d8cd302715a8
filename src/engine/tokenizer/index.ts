// Public surface of the tokenizers: char-level and byte-level BPE, training, pre-splitting, the JSON loader, and
// production tokenizers (GPT-2, GPT-4o) rebuilt from their rank tables.
// Follows the house rule of one small index per engine folder; everything else in this folder is internal.

export type { Tokenizer, TokenizerKind, TokenizerJSON, CharTokenizerJSON, BpeTokenizerJSON, RankedTokenizerJSON } from './types';
export { RankedTokenizer, RankTableNotLoadedError } from './rankedTokenizer';
export { TOKENIZER_FORMAT, TOKENIZER_VERSION } from './types';
export { CharTokenizer, type CharTokenizerOptions } from './char';
export { BpeTokenizer, MAX_BPE_VOCAB } from './bpe';
export { trainBpe, trainBpeAsync, trainBpeSteps, type MergeEvent, type TrainBpeOptions, type TrainProgress } from './bpeTrain';
export { preSplit, PRE_SPLIT_SOURCE } from './pretokenize';
export { bytesToDisplay, stringToDisplay } from './display';
export { TokenizerFormatError } from './json';
export { tokenizerFromJSON } from './fromJSON';
export { chooseTokenizer, WORD_VOCABULARY, type TokenizerChoice, type Vocabulary } from './choose';
export { RankedBpe, type RankedEncodeOptions } from './ranked';
export {
  GPT2_SPLIT_SOURCE, O200K_SPLIT_SOURCE, RANKED_ENCODINGS, loadRankedBpe, rankedBpeFromFile, type RankedEncodingName,
} from './encodings';
export { RankTableError } from './rankTable';
export { readShippedFile } from './shippedFile';
export { LoneSurrogateError, findLoneSurrogate } from './utf8';
export { WordTokenizer, UNK, type WordTokenizerOptions } from './word';
export {
  tokenize, tokenAt, TOKEN_PARTIAL, TOKEN_SPECIAL, TOKEN_UNKNOWN, type AnyTokenizer, type TokenSpan, type Tokenization, type TokenizeOptions,
} from './tokenize';
export { MergeReplay } from './mergeReplay';
export { mergeTree, type MergeTreeNode } from './mergeTree';
export { readShakespeare } from './choose';

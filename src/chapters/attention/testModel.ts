// A small untrained char-level GPT whose vocabulary covers the whole shipped corpus, so the chapter's tests can
// evaluate the validation passage (the shared tiny test model knows only the characters of one sentence).
import { CharTokenizer, GPT, readShippedFile, saveModel } from '../../engine';

export async function corpusCheckpoint({ nLayer = 2, nHead = 2, blockSize = 24 } = {}): Promise<ArrayBuffer> {
  const corpus = new TextDecoder().decode(await readShippedFile('data/tinyshakespeare.txt'));
  const tokenizer = CharTokenizer.fromText(corpus);
  const model = new GPT({ vocabSize: tokenizer.vocabSize, blockSize, nLayer, nHead, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' }, 7);
  const bytes = await saveModel(model, tokenizer, { kind: 'base', label: 'corpus-chars', createdAt: '2026-01-01T00:00:00.000Z', iter: 0 });
  model.dispose();
  return bytes.slice().buffer as ArrayBuffer;
}

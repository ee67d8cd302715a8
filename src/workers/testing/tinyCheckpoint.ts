// A tiny, untrained char-level GPT saved as checkpoint bytes, for worker and lab tests (no shipped file needed).
import { CharTokenizer, GPT, saveModel } from '../../engine';

export const tinyCorpus = 'ROMEO: But soft, what light through yonder window breaks? It is the east, and Juliet is the sun. '.repeat(4);

export async function tinyCheckpoint(label = 'tiny', seed = 3, kind = 'base'): Promise<ArrayBuffer> {
  const tokenizer = CharTokenizer.fromText(tinyCorpus);
  const model = new GPT(
    { vocabSize: tokenizer.vocabSize, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16, dropout: 0, bias: false, positional: 'learned' },
    seed,
  );
  const bytes = await saveModel(model, tokenizer, { kind, label, createdAt: '2026-01-01T00:00:00.000Z', iter: 0 });
  model.dispose();
  return bytes.slice().buffer as ArrayBuffer;
}

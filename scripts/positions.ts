// npx tsx scripts/positions.ts [--iters N] [--backend auto|js|wasm] [--out public/data/positions.json]
// Trains five small character-level GPTs on the start of Tiny Shakespeare that differ only in how they are told
// where each token stands (none, learned table, sinusoids, sinusoids with the 2017 paper's token vectors scaled by
// √C, RoPE), with the same seed, data and schedule, and writes
// their validation curves to public/data/positions.json. The Embeddings chapter shows the file labelled as
// precomputed with the command below, and retrains any one scheme live in the reader's tab from the recipe stored
// beside the curves (same text, tokenizer, shape and schedule), so the reader's curve is comparable.
import { readFileSync, writeFileSync } from 'node:fs';
import { CharTokenizer, GPT, Trainer, TokenDataset, countParameters, setBackend, type PositionalScheme } from '../src/engine';
import { Args } from './cli/args';
import { chooseBackend } from './cli/backend';
import { CORPUS_PATH } from './cli/corpus';

/** Each run: an id for the figure, the scheme, and whether token vectors are scaled by √C before positions are added. */
const schemes: { id: string; positional: PositionalScheme; scaleTokens?: true }[] = [
  { id: 'none', positional: 'none' },
  { id: 'learned', positional: 'learned' },
  { id: 'sinusoidal', positional: 'sinusoidal' },
  { id: 'sinusoidal-scaled', positional: 'sinusoidal', scaleTokens: true },
  { id: 'rope', positional: 'rope' },
];

async function main() {
  const args = new Args();
  const iters = args.number('iters', 300);
  const out = args.string('out', 'public/data/positions.json');
  const { backend, reason } = await chooseBackend(args.string('backend', 'auto'), 1);
  setBackend(backend);

  // Small enough to train in the reader's tab in a minute or two; long enough a context that order matters.
  const corpusChars = 200_000;
  const model = { blockSize: 64, nLayer: 2, nHead: 4, nEmbd: 64, dropout: 0, bias: false, activation: 'gelu' as const };
  const train = {
    maxIters: iters, batchSize: 8, blockSize: 64, weightDecay: 0.1, beta1: 0.9, beta2: 0.99, gradClip: 1,
    evalInterval: Math.max(10, Math.round(iters / 12)), evalIters: 8, evalBatches: 'fixed' as const, seed: 1337,
    schedule: { maxLr: 3e-3, minLr: 3e-4, warmupIters: 20, decayIters: iters },
  };
  const text = readFileSync(CORPUS_PATH, 'utf8').slice(0, corpusChars);
  const tokenizer = CharTokenizer.fromText(text);
  const data = new TokenDataset(tokenizer.encode(text)); // first 90 % train, last 10 % validation

  const runs = [];
  for (const { id, positional, scaleTokens } of schemes) {
    const config = { ...model, vocabSize: tokenizer.vocabSize, positional, ...(scaleTokens ? { scaleTokens } : {}) };
    const gpt = new GPT(config, train.seed);
    const trainer = new Trainer(gpt, data, train);
    const curve: { iter: number; train: number; val: number }[] = [];
    const started = performance.now();
    await trainer.run({ onEval: (e) => void curve.push({ iter: e.iter, train: round(e.train), val: round(e.val) }) });
    const seconds = (performance.now() - started) / 1000;
    const last = curve[curve.length - 1];
    console.log(`${id.padEnd(18)} ${countParameters(config).toLocaleString('en')} parameters, ` +
      `final val loss ${last.val.toFixed(3)} (train ${last.train.toFixed(3)}), ${seconds.toFixed(1)} s`);
    runs.push({ id, positional, scaleTokens: scaleTokens ?? false, parameters: countParameters(config), curve, seconds: Math.round(seconds * 10) / 10 });
    trainer.dispose();
  }

  const file = {
    command: `npx tsx scripts/positions.ts --iters ${iters}`,
    createdAt: new Date().toISOString(),
    backend: reason,
    corpus: { path: 'data/tinyshakespeare.txt', chars: corpusChars },
    tokenizer: tokenizer.toJSON(),
    model,
    train,
    /** ln(vocabulary size): the loss of a model that guesses uniformly. */
    uniformLoss: round(Math.log(tokenizer.vocabSize)),
    runs,
  };
  writeFileSync(out, JSON.stringify(file, null, 1) + '\n');
  console.log(`wrote ${out}`);
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

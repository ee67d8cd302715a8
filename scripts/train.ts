// npm run train -- --preset nanogpt-cpu|default|tiny [--backend auto|js|wasm] [--threads N] [--iters N] [--seed N]
//   [--rng torch|engine] [--run-dir runs/NAME] [--out path] [--resume]
// Trains a preset with our engine, prints train/val loss at every evaluation, saves a resumable checkpoint at
// each evaluation, and for the default preset writes the shipped model (float16) to public/models/.
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  GPT, Rng, TorchGenerator, Trainer, countParameters, initLikeNanoGPT, loadModel, saveModel, setBackend,
  type ResumableRandom, type TrainerPosition, type TrainingMeta,
} from '../src/engine';
import { Args } from './cli/args';
import { presets } from './cli/presets';
import { bitsPerChar, prepareCorpus } from './cli/corpus';
import { chooseBackend } from './cli/backend';

async function main() {
  const args = new Args();
  const presetName = args.string('preset', 'tiny');
  const preset = presets[presetName];
  if (!preset) throw new Error(`unknown preset "${presetName}"; known: ${Object.keys(presets).join(', ')}`);
  const { backend, reason } = await chooseBackend(args.string('backend', 'auto'), args.number('threads', 1));
  setBackend(backend);
  const runDir = args.string('run-dir', `runs/${presetName}`);
  const ckptPath = `${runDir}/checkpoint.tbt`;
  const train = { ...preset.train, maxIters: args.number('iters', preset.train.maxIters), seed: args.number('seed', preset.train.seed) };
  mkdirSync(runDir, { recursive: true });

  const resume = args.flag('resume') && existsSync(ckptPath);
  const loaded = resume ? loadModel(new Uint8Array(readFileSync(ckptPath))) : null;
  const corpus = prepareCorpus(preset, loaded?.tokenizer);
  const stream = args.string('rng', preset.randomStream);
  if (stream !== 'torch' && stream !== 'engine') throw new Error(`--rng must be torch or engine, not "${stream}"`);
  const model = loaded?.model ?? new GPT({ ...preset.model, vocabSize: corpus.tokenizer.vocabSize }, train.seed);
  const rng = stream === 'torch' ? new TorchGenerator(train.seed) : new Rng(train.seed);
  if (!loaded && rng instanceof TorchGenerator) initLikeNanoGPT(model, rng);
  const trainer = new Trainer<ResumableRandom>(model, corpus.dataset, train, { rng });
  if (loaded) {
    const notes = loaded.meta.notes ?? {};
    if ((notes.rng ?? 'engine') !== stream) throw new Error(`the checkpoint was trained with --rng ${notes.rng}; resume with the same`);
    if (loaded.optimizerState) trainer.optimizer.loadState(loaded.optimizerState);
    // Checkpoints from before `position` existed carry only the generator's state.
    trainer.position = (notes.position as TrainerPosition | undefined)
      ?? { iter: loaded.meta.iter, rng: notes.rngState ?? train.seed, pendingStarts: null, lastEvalIter: -1 };
  }
  console.log(`${preset.description}`);
  console.log(`backend: ${reason}; ${countParameters(model.config).toLocaleString('en')} parameters; ` +
    `${corpus.tokenizer.vocabSize} tokens (${corpus.tokenizer.kind}); ${corpus.valCharsPerToken.toFixed(3)} chars/token on val` +
    (loaded ? `; resuming at iteration ${trainer.iter}` : '') +
    (stream === 'torch' ? `; PyTorch's random stream for seed ${train.seed} (nanoGPT's initial weights and batches)` : ''));

  const started = performance.now();
  const meta = (extra: Partial<TrainingMeta> = {}): TrainingMeta => ({
    kind: 'base', label: `${presetName} preset`, createdAt: new Date().toISOString(), iter: trainer.iter,
    notes: {
      preset: presetName, rng: stream, position: trainer.position, backend: backend.name,
      valCharsPerToken: corpus.valCharsPerToken,
    },
    ...extra,
  });
  let stepMs = 0, steps = 0;
  await trainer.run({
    onStep: (s) => {
      stepMs += s.ms;
      steps++;
      if (s.iter % 50 === 0) console.log(`  iter ${s.iter}: loss ${s.loss.toFixed(4)}, lr ${s.lr.toExponential(2)}, ${(stepMs / steps).toFixed(1)} ms/step`);
    },
    onEval: async (e) => {
      const seconds = (performance.now() - started) / 1000;
      console.log(`step ${e.iter}: train loss ${e.train.toFixed(4)}, val loss ${e.val.toFixed(4)} ` +
        `(${bitsPerChar(e.val, corpus.valCharsPerToken).toFixed(3)} bits/char), ${seconds.toFixed(1)} s`);
      appendFileSync(`${runDir}/log.jsonl`, JSON.stringify({ ...e, seconds, msPerStep: steps ? stepMs / steps : null }) + '\n');
      writeFileSync(ckptPath, await saveModel(model, corpus.tokenizer, meta({ trainLoss: e.train, valLoss: e.val }), { optimizer: trainer.optimizer }));
    },
  });

  trainer.config.evalIters = preset.finalEvalIters;
  const val = await trainer.estimateLoss('val');
  const bpc = bitsPerChar(val, corpus.valCharsPerToken);
  const seconds = (performance.now() - started) / 1000;
  console.log(`final: val loss ${val.toFixed(4)} nats/token over ${preset.finalEvalIters} batches = ${bpc.toFixed(3)} bits/char; ` +
    `${seconds.toFixed(1)} s wall, ${(stepMs / Math.max(1, steps)).toFixed(1)} ms/step`);
  const out = args.string('out') ?? (presetName === 'default' ? 'public/models/default.tbt' : undefined);
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    const bytes = await saveModel(model, corpus.tokenizer, meta({
      kind: 'base', label: 'Shipped base model (Tiny Shakespeare)', valLoss: val,
      notes: { preset: presetName, valBitsPerChar: bpc, valCharsPerToken: corpus.valCharsPerToken, trainSeconds: seconds, backend: backend.name },
    }), { dtype: 'float16' });
    writeFileSync(out, bytes);
    console.log(`wrote ${out} (${(bytes.length / 1024).toFixed(0)} KiB)`);
  }
  backend.dispose();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// npx tsx scripts/training-presets.ts [--preset default|nanogpt|overfit] [--tokenizer shipped|char] [--threads 1]
//   [--seconds 90] [--steps N]
// npx tsx scripts/training-presets.ts --finetune [--steps N]: the chapter's fine-tuning recipe on the shipped model.
// Runs one of the Training chapter's recipes (src/chapters/training/presets.ts) with the engine in Node, the way
// the worker does (the corpus as ids, first 90 % of tokens train, last 10 % validation), and prints the
// validation loss per token and per character with the elapsed time at every evaluation, then a sample. It is
// how the chapter's claims ("≤ 2.2 nats/char within 90 s") are measured outside the browser.
import { readFileSync } from 'node:fs';
import {
  CharTokenizer, ExampleDataset, GPT, TokenDataset, Trainer, countParameters, generate, heldOutTextLoss, loadModel, scoreTask, setBackend,
  type Tokenizer,
} from '../src/engine';
import { engineTrainConfig, finetuneRecipe, presets, samplePrompt, type PresetId } from '../src/chapters/training/presets';
import { Args } from './cli/args';
import { chooseBackend } from './cli/backend';

async function finetune(args: Args) {
  const { backend, reason } = await chooseBackend(args.string('backend', 'wasm'), args.number('threads', 1));
  setBackend(backend);
  const { model, tokenizer } = loadModel(new Uint8Array(readFileSync(new URL('../public/models/default.tbt', import.meta.url))));
  const task = JSON.parse(readFileSync(process.env.SFT_TASK ?? new URL('../public/data/sft-task.json', import.meta.url), 'utf8')) as
    { train: { prompt: string; response: string }[]; test: { prompt: string; response: string }[]; majorityRate: number; majorityAnswer: string };
  const full = readFileSync(new URL('../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');
  const plain = new TokenDataset(tokenizer.encode(full.slice(-finetuneRecipe.plainTextCharacters)));
  const data = new ExampleDataset(task.train.map((e) => ({ prompt: tokenizer.encode(e.prompt), response: tokenizer.encode(e.response) })));
  const steps = args.number('steps', finetuneRecipe.train.steps);
  const maxLr = args.number('lr', finetuneRecipe.train.maxLr);
  const trainer = new Trainer(model, data, {
    ...engineTrainConfig({ ...finetuneRecipe.train, steps, maxLr, minLr: maxLr / 10 }), blockSize: finetuneRecipe.blockSize,
  });
  console.log(`fine-tune the shipped model: ${reason}; ${task.train.length} train, ${task.test.length} held-out; always "${task.majorityAnswer}" scores ${task.majorityRate}`);
  const started = performance.now();
  await trainer.run({
    onEval: async (e) => {
      const { exactMatch, answers } = await scoreTask(model, tokenizer, task.test, 8);
      const text = await heldOutTextLoss(model, plain, finetuneRecipe.train.batchSize, model.config.blockSize);
      console.log(`step ${e.iter}: task train ${e.train.toFixed(3)}, task val ${e.val.toFixed(3)}, exact match ${(exactMatch * 100).toFixed(1)} %, ` +
        `plain-text loss ${text.toFixed(3)}, ${((performance.now() - started) / 1000).toFixed(1)} s; first answers ${JSON.stringify(answers.slice(0, 3))}`);
    },
  });
}

async function main() {
  const args = new Args();
  if (args.flag('finetune')) return finetune(args);
  const preset = presets[args.string('preset', 'default') as PresetId];
  if (!preset) throw new Error('unknown preset');
  const { backend, reason } = await chooseBackend(args.string('backend', 'wasm'), args.number('threads', 1));
  setBackend(backend);
  const full = readFileSync(new URL('../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');
  const text = preset.corpusCharacters ? full.slice(0, preset.corpusCharacters) : full;
  const tokenizerName = preset.tokenizer === 'char' ? 'char' : args.string('tokenizer', 'shipped');
  const tokenizer: Tokenizer = tokenizerName === 'char'
    ? CharTokenizer.fromText(text)
    : loadModel(new Uint8Array(readFileSync(new URL('../public/models/default.tbt', import.meta.url)))).tokenizer;
  const ids = tokenizer.encode(text);
  const data = new TokenDataset(ids);
  const valChars = tokenizer.decode(data.val).length;
  const charsPerToken = valChars / data.val.length;
  const steps = args.number('steps', preset.train.steps);
  const limit = args.number('seconds', 1e9);
  const model = new GPT({ ...preset.shape, vocabSize: tokenizer.vocabSize, dropout: 0, bias: false, positional: 'learned', activation: 'gelu' }, preset.train.seed);
  const trainer = new Trainer(model, data, { ...engineTrainConfig({ ...preset.train, steps }), blockSize: preset.shape.blockSize });
  console.log(`${preset.label}: ${reason}; ${countParameters(model.config).toLocaleString('en')} parameters; ` +
    `${tokenizer.vocabSize} tokens (${tokenizerName}), ln V = ${Math.log(tokenizer.vocabSize).toFixed(3)}; ${charsPerToken.toFixed(3)} chars/token on val`);
  const started = performance.now();
  const controller = new AbortController();
  await trainer.run({
    signal: controller.signal,
    onStep: () => {
      if ((performance.now() - started) / 1000 > limit) controller.abort();
    },
    onEval: (e) => {
      const s = (performance.now() - started) / 1000;
      console.log(`step ${e.iter}: train ${e.train.toFixed(3)}, val ${e.val.toFixed(3)} nats/token = ${(e.val / charsPerToken).toFixed(3)} nats/char, ${s.toFixed(1)} s`);
    },
  });
  const prompt = tokenizer.encode(samplePrompt);
  const out = await generate(model, prompt, { maxNewTokens: 60, temperature: 0.8, seed: 1 });
  console.log(`after ${trainer.iter} steps, ${((performance.now() - started) / 1000).toFixed(1)} s; sample:\n${samplePrompt}${tokenizer.decode(out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// npm run sample -- --prompt "ROMEO:" [--checkpoint public/models/default.tbt] [--tokens 200]
//   [--temperature 0.8] [--top-k 0] [--top-p 1] [--min-p 0] [--seed 1337]
// npm run sample -- --gpt2 path/to/model.safetensors [--config path/to/config.json] --prompt "Hello"
//   a GPT-2 file in Hugging Face's layout, with GPT-2's own tokenizer (r50k_base); prints load and token times.
import { readFileSync } from 'node:fs';
import { bytesSource, generate, loadGpt2, loadModel, loadRankedBpe, planGpt2, type GPT } from '../src/engine';
import { Args } from './cli/args';

interface TextCodec {
  encode(text: string): number[];
  decode(ids: ArrayLike<number>): string;
}

async function openGpt2(path: string, configPath: string | undefined): Promise<{ model: GPT; tokenizer: TextCodec }> {
  const started = performance.now();
  const src = bytesSource(new Uint8Array(readFileSync(path)));
  const plan = await planGpt2(src, configPath ? readFileSync(configPath, 'utf8') : undefined);
  const c = plan.config;
  process.stderr.write(`GPT-2 file: ${(plan.parameters / 1e6).toFixed(1)}M parameters stored as ${plan.storedAs}; ` +
    `${c.nLayer} layers, ${c.nHead} heads, ${c.nEmbd} wide, context ${c.blockSize}, vocabulary ${c.vocabSize} ` +
    `(config ${plan.configSource}); needs about ${(plan.bytesToRun / 2 ** 20).toFixed(0)} MB to run\n`);
  const tokenizer = await loadRankedBpe('r50k_base');
  if (c.vocabSize < tokenizer.vocabSize) {
    throw new Error(`this file's vocabulary has ${c.vocabSize} tokens, but GPT-2's tokenizer has ${tokenizer.vocabSize}: it is not a GPT-2 language model`);
  }
  const model = await loadGpt2(src, plan);
  process.stderr.write(`loaded in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
  return { model, tokenizer };
}

async function main() {
  const args = new Args();
  const gpt2 = args.string('gpt2', '');
  let model: GPT, tokenizer: TextCodec;
  if (gpt2) ({ model, tokenizer } = await openGpt2(gpt2, args.string('config', '') || undefined));
  else {
    const loaded = loadModel(new Uint8Array(readFileSync(args.string('checkpoint', 'public/models/default.tbt'))));
    ({ model, tokenizer } = loaded);
    const { meta } = loaded;
    process.stderr.write(`${meta.label} (iteration ${meta.iter}${meta.valLoss ? `, val loss ${meta.valLoss.toFixed(3)}` : ''})\n`);
  }
  const prompt = args.string('prompt', '\n');
  const ids = tokenizer.encode(prompt);
  if (ids.length === 0) throw new Error('the prompt encodes to no tokens: give some text with --prompt');
  process.stdout.write(prompt);
  // Print the text as it grows: one token can be half a character (byte-level BPE), so decode all and print the rest.
  const generated: number[] = [];
  let printed = '';
  const started = performance.now();
  let firstAt = 0;
  await generate(model, ids, {
    maxNewTokens: args.number('tokens', 200), temperature: args.number('temperature', 0.8),
    topK: args.number('top-k', 0), topP: args.number('top-p', 1), minP: args.number('min-p', 0), seed: args.number('seed', 1337),
    onToken: ({ id }) => {
      if (generated.length === 0) firstAt = performance.now() - started;
      generated.push(id);
      const text = tokenizer.decode(generated).replace(/\uFFFD+$/, '');
      process.stdout.write(text.slice(printed.length));
      printed = text;
    },
  });
  const perToken = generated.length > 1 ? (performance.now() - started - firstAt) / (generated.length - 1) : NaN;
  process.stdout.write('\n');
  process.stderr.write(`prompt ${ids.length} tokens: first token after ${firstAt.toFixed(0)} ms, then ${perToken.toFixed(1)} ms per token (KV cache)\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

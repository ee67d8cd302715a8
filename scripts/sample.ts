// npm run sample -- --prompt "ROMEO:" [--checkpoint public/models/default.tbt] [--tokens 200]
//   [--temperature 0.8] [--top-k 0] [--top-p 1] [--min-p 0] [--seed 1337]
import { readFileSync } from 'node:fs';
import { generate, loadModel } from '../src/engine';
import { Args } from './cli/args';

async function main() {
  const args = new Args();
  const path = args.string('checkpoint', 'public/models/default.tbt');
  const { model, tokenizer, meta } = loadModel(new Uint8Array(readFileSync(path)));
  const prompt = args.string('prompt', '\n');
  const ids = tokenizer.encode(prompt);
  if (ids.length === 0) throw new Error('the prompt encodes to no tokens: give some text with --prompt');
  process.stderr.write(`${meta.label} (iteration ${meta.iter}${meta.valLoss ? `, val loss ${meta.valLoss.toFixed(3)}` : ''})\n`);
  process.stdout.write(prompt);
  await generate(model, ids, {
    maxNewTokens: args.number('tokens', 200), temperature: args.number('temperature', 0.8),
    topK: args.number('top-k', 0), topP: args.number('top-p', 1), minP: args.number('min-p', 0), seed: args.number('seed', 1337),
    onToken: ({ id }) => { process.stdout.write(tokenizer.decode([id])); },
  });
  process.stdout.write('\n');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

// Runs the RLHF chapter's PPO presets on the shipped model in Node (wasm backend) with a scripted rule as the
// reward, and prints reward, KL, entropy, distinct-2 and held-out loss per iteration: the figures the chapter's
// README records. Usage: npx tsx scripts/rlhf-preset.ts [--rule theme:love] [--preset classroom|hacking] [--beta 0.1]
import { readFileSync } from 'node:fs';
import { PPO, copyModel, createWasmBackend, distinctN, evaluate, loadModel, parseTextRule, scoreText, setBackend } from '../src/engine';
import { CLASSROOM_PPO, HACKING_PPO, PROMPTS } from '../src/chapters/rlhf/presets';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const rule = parseTextRule(arg('rule', 'theme:love'));
const chosen = arg('preset', 'classroom') === 'hacking' ? HACKING_PPO : CLASSROOM_PPO;
const preset = { ...chosen, klCoef: Number(arg('beta', String(chosen.klCoef))) };

setBackend(await createWasmBackend());
const { model, tokenizer } = loadModel(new Uint8Array(readFileSync(new URL('../public/models/default.tbt', import.meta.url))));
const corpus = readFileSync(new URL('../public/data/tinyshakespeare.txt', import.meta.url), 'utf8');
const valIds = tokenizer.encode(corpus.slice(Math.floor(corpus.length * 0.9), Math.floor(corpus.length * 0.9) + 1200));
const policy = await copyModel(model);
const prompts = PROMPTS.map((p) => tokenizer.encode(p));
const ppo = await PPO.create(policy, (eps) => eps.map((e) => scoreText(rule, tokenizer.decode(e.response))), { ...preset, seed: 1337, normalizeScores: true });
console.log(`rule ${arg('rule', 'theme:love')}, preset ${JSON.stringify(preset)}`);
console.log('iter\treward\tkl\tentropy\tdistinct2\tvalLoss\tseconds');
const started = performance.now();
for (let i = 1; i <= preset.iterations; i++) {
  const t = performance.now();
  const s = await ppo.step(prompts);
  const val = (await evaluate(policy, valIds)).meanLoss;
  console.log([i, s.reward.toFixed(3), s.kl.toFixed(3), s.entropy.toFixed(3), distinctN(s.episodes.map((e) => e.response), 2).toFixed(3), val.toFixed(3), ((performance.now() - t) / 1000).toFixed(1)].join('\t'));
  if (i === preset.iterations) console.log('last sample:', JSON.stringify(tokenizer.decode(s.episodes[0].prompt) + tokenizer.decode(s.episodes[0].response)));
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);

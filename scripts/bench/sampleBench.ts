// The sampler's figure: time from one position's logits to the distribution a token is drawn from, at every stage
// (softmax, temperature, the cuts), for the vocabularies the book shows — the shipped model's 1,024 tokens, GPT-2's
// 50,257 and GPT-4o's 200,019 — with temperature alone and with top-p 0.9 (which ranks every token). Host code, no
// tensor backend: it runs once per generated token beside the forward pass.
import { distribution, Rng, type SamplingOptions } from '../../src/engine';
import type { Unit } from './figures';
import { pick, timeCalls, type Statistic, type TimingOptions } from './timing';

type Record = (figure: string, backend: string, value: number, unit: Unit) => void;

const VOCABULARIES: [string, number][] = [['v1024', 1024], ['gpt2', 50_257], ['gpt4o', 200_019]];
const SETTINGS: [string, SamplingOptions][] = [['t08', { temperature: 0.8 }], ['t08_topp09', { temperature: 0.8, topP: 0.9 }]];

export async function sampleSuite(o: TimingOptions, stat: Statistic, record: Record): Promise<void> {
  const rng = new Rng(1);
  for (const [vocabulary, V] of VOCABULARIES) {
    const logits = Float32Array.from({ length: V }, () => 3 * rng.normal()); // a spread like a trained model's
    for (const [setting, options] of SETTINGS) {
      const timing = await timeCalls(() => distribution(logits, options), async () => {}, o);
      record(`sample_${vocabulary}_${setting}`, 'js', pick(timing, stat), 'ms');
    }
  }
}

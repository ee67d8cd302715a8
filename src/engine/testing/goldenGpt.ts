// The golden GPT check: a model with the fixture's weights must reproduce the PyTorch reference's logits, loss,
// every parameter gradient and five AdamW steps (scripts/golden/ made the fixture). Reusable per backend.
import { readFileSync } from 'node:fs';
import type { Backend } from '../backends/backend';
import { backward, zeroGrad } from '../autograd';
import { GPT } from '../model/gpt';
import { AdamW, clipScale, gradNorm } from '../optim/adamw';
import { noGrad, tidy, withBackendAsync } from '../runtime';
import { tensor } from '../tensor';

interface GoldenCase {
  name: string;
  config: {
    vocab_size: number; block_size: number; n_layer: number; n_head: number; n_embd: number; bias: boolean;
    activation: 'gelu' | 'gelu_tanh';
  };
  params: Record<string, { shape: number[]; data: number[] }>;
  idx: number[][];
  targets: number[][];
  logits: number[];
  loss: number;
  grads: Record<string, number[]>;
  adamw: {
    lr: number; betas: [number, number]; eps: number; weight_decay: number; grad_clip: number | null;
    losses: number[]; grad_norms: number[]; final_loss: number; final_params_sample: Record<string, number[]>;
  };
}

export function loadGoldenCases(): GoldenCase[] {
  const url = new URL('../../../tests/fixtures/gpt_golden.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: GoldenCase[] }).cases;
}

/** Largest |a − b| relative to the reference's scale: max(|b|, 1% of the tensor's largest magnitude). */
export function maxScaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), scale * 0.01, 1e-30);
    worst = Math.max(worst, Number.isNaN(err) ? Infinity : err);
  }
  return worst;
}

export interface GoldenReport {
  logits: number;
  loss: number;
  grads: Record<string, number>;
  missingParams: string[];
  stepLosses: number[];
  gradNorms: number[];
  finalLoss: number;
  finalParams: number;
}

/** Runs one case on `backend` and returns the worst scaled error of each quantity. */
export async function runGoldenCase(backend: Backend, c: GoldenCase): Promise<GoldenReport> {
  return withBackendAsync(backend, () => runOn(c));
}

async function runOn(c: GoldenCase): Promise<GoldenReport> {
  {
    const model = new GPT({
      vocabSize: c.config.vocab_size, blockSize: c.config.block_size, nLayer: c.config.n_layer,
      nHead: c.config.n_head, nEmbd: c.config.n_embd, bias: c.config.bias, dropout: 0, positional: 'learned',
      activation: c.config.activation,
    });
    const params = model.namedParameters();
    const missingParams = [...params.keys()].filter((k) => !(k in c.params))
      .concat(Object.keys(c.params).filter((k) => !params.has(k)));
    for (const [name, p] of params) if (c.params[name]) p.assign(c.params[name].data);
    const B = c.idx.length, T = c.idx[0].length;
    const idx = tensor(c.idx.flat(), [B, T]);
    const targets = tensor(c.targets.flat(), [B, T]);

    const { logits, loss } = tidy(() => {
      const out = model.forward(idx, { targets });
      backward(out.loss!);
      return { logits: out.logits, loss: out.loss! };
    });
    const report: GoldenReport = {
      logits: maxScaledError(await logits.data(), c.logits),
      loss: maxScaledError(await loss.data(), [c.loss]),
      grads: {}, missingParams, stepLosses: [], gradNorms: [], finalLoss: 0, finalParams: 0,
    };
    for (const [name, p] of params) report.grads[name] = p.grad ? maxScaledError(await p.grad.data(), c.grads[name]) : Infinity;
    logits.dispose();
    loss.dispose();

    const a = c.adamw;
    const opt = new AdamW(model.parameters(), { lr: a.lr, beta1: a.betas[0], beta2: a.betas[1], eps: a.eps, weightDecay: a.weight_decay });
    const losses: number[] = [], norms: number[] = [];
    for (let step = 0; step < a.losses.length; step++) {
      zeroGrad(model.parameters());
      const stepLoss = tidy(() => {
        const out = model.forward(idx, { targets });
        backward(out.loss!);
        return out.loss!;
      });
      losses.push((await stepLoss.data())[0]);
      stepLoss.dispose();
      const norm = await gradNorm(model.parameters());
      norms.push(norm);
      noGrad(() => opt.step({ gradScale: clipScale(norm, a.grad_clip) }));
    }
    const finalLoss = tidy(() => noGrad(() => model.forward(idx, { targets }).loss!));
    report.stepLosses = losses.map((l, i) => maxScaledError([l], [a.losses[i]]));
    report.gradNorms = norms.map((n, i) => maxScaledError([n], [a.grad_norms[i]]));
    report.finalLoss = maxScaledError(await finalLoss.data(), [a.final_loss]);
    finalLoss.dispose();
    let worstParam = 0;
    for (const [name, sample] of Object.entries(a.final_params_sample)) {
      const values = await params.get(name)!.data();
      worstParam = Math.max(worstParam, maxScaledError(values.slice(0, sample.length), sample));
    }
    report.finalParams = worstParam;
    zeroGrad(model.parameters());
    opt.dispose();
    model.dispose();
    idx.dispose();
    targets.dispose();
    return report;
  }
}

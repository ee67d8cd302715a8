// Central finite differences in float64, the ground truth every op's backward is checked against.
import { createJsBackend } from '../backends/js/jsBackend';
import { backward } from '../autograd';
import { tidy, withBackend } from '../runtime';
import { Tensor, tensor } from '../tensor';
import { Rng } from '../util/rng';
import type { Shape } from '../util/shape';

export const f64 = createJsBackend('float64');

export interface GradCheckResult {
  maxAbsError: number;
  maxRelError: number;
}

/**
 * Checks d(Σ f(inputs) ⊙ probe)/d(inputs) from backward() against (f(x+h) − f(x−h)) / 2h per element, on the
 * float64 js backend. The random probe makes every output element matter.
 */
export function gradCheck(
  f: (...xs: Tensor[]) => Tensor,
  inputValues: { shape: Shape; values: number[] }[],
  { h = 1e-6, seed = 7 }: { h?: number; seed?: number } = {},
): GradCheckResult {
  return withBackend(f64, () => tidy(() => {
    const inputs = inputValues.map(({ shape, values }) => {
      const t = tensor(values, shape);
      t.requiresGrad = true;
      return t;
    });
    const out = f(...inputs);
    const rng = new Rng(seed);
    const probeValues = Array.from({ length: out.size }, () => rng.normal());
    const probe = tensor(probeValues, out.shape);
    const objective = (o: Tensor) => {
      const values = o.toArray();
      let s = 0;
      for (let i = 0; i < values.length; i++) s += values[i] * probeValues[i];
      return s;
    };
    backward(out, probe);
    let maxAbsError = 0;
    let maxRelError = 0;
    inputs.forEach((input, k) => {
      const analytic = input.grad ? input.grad.toArray() : new Float64Array(input.size);
      const base = inputValues[k].values;
      for (let i = 0; i < base.length; i++) {
        const shifted = (delta: number) => {
          const xs = inputValues.map((v, j) => tensor(j === k ? base.map((x, m) => (m === i ? x + delta : x)) : v.values, v.shape));
          return objective(f(...xs));
        };
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        const err = Math.abs(numeric - analytic[i]);
        maxAbsError = Math.max(maxAbsError, err);
        maxRelError = Math.max(maxRelError, err / Math.max(1, Math.abs(numeric)));
      }
    });
    return { maxAbsError, maxRelError };
  }));
}

/** Deterministic values in a range, for test inputs. */
export function randomValues(n: number, seed = 1, scale = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => (rng.next() * 2 - 1) * scale);
}

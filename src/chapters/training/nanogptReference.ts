// PyTorch's curves for nanoGPT's Shakespeare-char CPU recipe (the chapter's `nanogpt` preset), measured with the
// project's PyTorch reference: precomputed, and drawn dashed beside the reader's live curve. The preset runs on
// PyTorch's random stream (nanoGPT's initial weights and batches for seed 1337), so an untouched run is the same
// run: pytorchParity.test.ts checks its first steps against PyTorch's to 1e-4 nats.
import curve from './nanogptTorchCurve.json';
import { presets, type ModelShape, type PresetId, type TrainSettings } from './presets';

/**
 * PyTorch's whole run (precomputed, 2,000 steps, seed 1337, exact GELU; its evaluations equal nanoGPT's own in
 * docs/REFERENCES.md: 4.1649 at 0, 2.0528 at 1000, 1.8857 at 2000): validation at every evaluation, and each
 * step's training loss, so the page can set the reader's step beside PyTorch's.
 */
export const nanogptReference = {
  label: 'PyTorch (nanoGPT recipe, seed 1337)',
  command: '/usr/bin/python3 scripts/golden/nanogpt_recipe.py --gelu exact --json src/chapters/training/nanogptTorchCurve.json',
  points: curve.evals.map((e) => ({ iter: e.iter, val: e.val })),
  /** The loss of step i's batch, before its update (our `training` progress for iteration i + 1). */
  stepLosses: curve.steps,
};

/** What decides whether a run is PyTorch's: the recipe, the model it starts from and the text it reads. */
export interface ParitySetup {
  preset: PresetId;
  shape: ModelShape;
  train: TrainSettings;
  from: string;
  corpus: 'shakespeare' | 'own';
}

/**
 * Whether a run draws exactly PyTorch's numbers: the nanoGPT preset with every setting as given (seed included),
 * from a fresh model, on all of Tiny Shakespeare. Any change makes it "the same recipe", not the same numbers.
 */
export function matchesPyTorch(s: ParitySetup): boolean {
  const p = presets.nanogpt;
  const same = <T extends object>(a: T, b: T) => {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof T>;
    return [...keys].every((k) => a[k] === b[k]);
  };
  return s.preset === 'nanogpt' && s.from === 'fresh' && s.corpus === 'shakespeare' && same(s.shape, p.shape) && same(s.train, p.train);
}

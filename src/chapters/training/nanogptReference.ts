// PyTorch's validation loss for nanoGPT's Shakespeare-char CPU recipe (the chapter's `nanogpt` preset), measured
// with the project's PyTorch reference: precomputed, and drawn dashed beside the reader's live curve.
export const nanogptReference = {
  label: 'PyTorch (nanoGPT recipe, seed 1337)',
  command: '/usr/bin/python3 scripts/golden/nanogpt_recipe.py --gelu exact',
  // From docs/REFERENCES.md (nanoGPT itself, PyTorch 1.13.1), the same recipe and seed.
  points: [
    { iter: 0, val: 4.165 },
    { iter: 250, val: 2.445 },
    { iter: 1000, val: 2.053 },
    { iter: 1750, val: 1.892 },
    { iter: 2000, val: 1.8857 },
  ],
};

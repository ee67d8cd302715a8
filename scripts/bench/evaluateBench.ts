// The Attention chapter's head-importance table, timed: the shipped model (public/models/default.tbt) reads 2,000
// tokens of Tiny Shakespeare's validation text through sliding windows (default stride, half the context) with
// every head switched off in turn: 16 ablations and the plain model, stacked along the batch. The files come in
// through the platform (Node reads them from disk), so the figure is skipped where they are not available.
import { headImportance, loadModel, withBackendAsync, type Backend } from '../../src/engine';

export const EVALUATE_TOKENS = 2000;

export interface ShippedFiles {
  /** The checkpoint's bytes. */
  model: Uint8Array;
  /** A text the model did not train on (its last 10 % of Tiny Shakespeare). */
  text: string;
}

/** Milliseconds for one whole table (one run: it takes seconds, so warm-up and repeats would dominate the bench). */
export async function timeHeadTable(backend: Backend, files: ShippedFiles, log: (message: string) => void): Promise<number> {
  return withBackendAsync(backend, async () => {
    const { model, tokenizer } = loadModel(files.model);
    try {
      const ids = tokenizer.encode(files.text.slice(0, 8 * EVALUATE_TOKENS)).slice(0, EVALUATE_TOKENS);
      if (ids.length < EVALUATE_TOKENS) throw new Error(`the text gives only ${ids.length} tokens`);
      const started = performance.now();
      const table = await headImportance(model, ids);
      const ms = performance.now() - started;
      const worst = table.increase.flatMap((row, l) => row.map((x, h) => ({ x, name: `layer ${l + 1} head ${h + 1}` })))
        .sort((a, b) => b.x - a.x)[0];
      log(`head table: ${model.config.nLayer * model.config.nHead} heads on ${ids.length} tokens, baseline ${table.baseline.toFixed(3)} ` +
        `nats/token; most important: ${worst.name} (+${worst.x.toFixed(3)})`);
      return ms;
    } finally {
      model.dispose();
    }
  });
}

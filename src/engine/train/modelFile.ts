// Between a live model (GPT + tokenizer + optimizer) and checkpoint bytes. Loading checks that every parameter
// the config implies is present with the right shape before building anything.
import { GPT } from '../model/gpt';
import { inferenceBytes, MAX_MODEL_BYTES } from '../model/gptConfig';
import type { GPTConfig } from '../model/gptConfig';
import { RankTableNotLoadedError, tokenizerFromJSON, type Tokenizer } from '../tokenizer';
import type { AdamW } from '../optim/adamw';
import { CheckpointError, openCheckpoint, writeCheckpoint, type StoredDType, type TensorSource, type TrainingMeta } from './checkpoint';

export interface SaveOptions {
  optimizer?: AdamW;
  /** float16 halves the file (the shipped model); optimizer moments always stay float32. */
  dtype?: StoredDType;
  /**
   * 'trained': only the parameters `optimizer` trains (a run that trains the top blocks of a model: the frozen rest
   * is the model it copied, named in the run state instead of written again).
   */
  parameters?: 'all' | 'trained';
}

/**
 * Writes a model (and its optimizer's moments) tensor by tensor into the file's one buffer: besides the file, only
 * the tensor being written is copied out of the backend (a 124M GPT-2 never has a second float32 copy here).
 */
export async function saveModel(model: GPT, tokenizer: Tokenizer, meta: TrainingMeta, o: SaveOptions = {}): Promise<Uint8Array> {
  const params = model.namedParameters();
  const state = o.optimizer?.state();
  if (o.parameters === 'trained' && !state) throw new Error('saveModel: saving only the trained parameters needs the optimizer that trains them');
  const trained = new Set(state?.params ?? []);
  const tensors: TensorSource[] = [];
  for (const [name, p] of params) {
    if (o.parameters !== 'trained' || trained.has(p)) tensors.push({ name, shape: [...p.shape], values: () => asFloat32(p.data()) });
  }
  if (state) {
    // Moments under their parameter's name: a run that trains only the top blocks has none for the frozen rest.
    const nameOf = new Map([...params].map(([name, p]) => [p, name]));
    state.params.forEach((p, i) => {
      const name = nameOf.get(p)!;
      tensors.push({ name: `adam.m.${name}`, shape: [...state.m[i].shape], values: () => asFloat32(state.m[i].data()) });
      tensors.push({ name: `adam.v.${name}`, shape: [...state.v[i].shape], values: () => asFloat32(state.v[i].data()) });
    });
    meta = { ...meta, notes: { ...meta.notes, adamStep: state.stepCount } };
  }
  return writeCheckpoint({ config: model.config, tokenizer: tokenizer.toJSON(), meta }, tensors, { dtype: o.dtype ?? 'float32' });
}

/** A backend's values as float32 (a float64 js backend's are narrowed, as the file stores them), without a second copy. */
export async function asFloat32(values: Promise<ArrayLike<number>>): Promise<Float32Array> {
  const v = await values;
  return v instanceof Float32Array ? v : Float32Array.from(v);
}

export interface LoadedModel {
  model: GPT;
  tokenizer: Tokenizer;
  meta: TrainingMeta;
  /** Present when the file carried optimizer moments (a resumable training checkpoint). */
  optimizerState: { stepCount: number; m: Float32Array[]; v: Float32Array[] } | null;
}

/**
 * Checks what a checkpoint holds (its tokenizer, and `shapeOf` each stored tensor) against what its config implies,
 * and makes the zeroed model to fill: the part of loading that is the same whether the bytes are in memory
 * (loadModel) or read in pieces from a Blob (loadModelFromSource). Throws CheckpointError on any mismatch.
 */
export function modelToFill(
  c: { config: GPTConfig; tokenizer: unknown }, shapeOf: (name: string) => number[] | undefined,
): { model: GPT; tokenizer: Tokenizer; adamNames: string[] } {
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJSON(c.tokenizer);
  } catch (e) {
    if (e instanceof RankTableNotLoadedError) throw e; // not a fault of the file: the caller reads the table and retries
    throw new CheckpointError(`its tokenizer is invalid (${(e as Error).message})`);
  }
  if (tokenizer.vocabSize > c.config.vocabSize) {
    throw new CheckpointError(`its tokenizer has ${tokenizer.vocabSize} tokens but the model only ${c.config.vocabSize}`);
  }
  const expected = parameterShapes(c.config);
  for (const [name, shape] of expected) {
    const stored = shapeOf(name);
    if (!stored) throw new CheckpointError(`parameter "${name}" is missing`);
    if (stored.join(',') !== shape.join(',')) throw new CheckpointError(`parameter "${name}" has shape (${stored}) instead of (${shape})`);
  }
  // Moments for every parameter, or (a run that trains only the top blocks) for those it trains, in model order.
  const adamNames = [...expected.keys()].filter((n) => shapeOf(`adam.m.${n}`) && shapeOf(`adam.v.${n}`));
  const toRun = inferenceBytes(c.config);
  if (toRun > MAX_MODEL_BYTES) {
    throw new CheckpointError(`its model would need about ${(toRun / 1024 ** 3).toFixed(1)} GB to run, over the ${MAX_MODEL_BYTES / 1024 ** 3} GB limit`);
  }
  // Sized to run, not to train: a copy made for training checks that it fits (a 124M GPT-2 runs here but would
  // need 4.5 GB to train). No random draws: the caller assigns every weight.
  return { model: new GPT(c.config, 1337, { memory: 'inference', init: 'zeros' }), tokenizer, adamNames };
}

/** Validates and builds. Throws CheckpointError (nothing is built) on any mismatch. */
export function loadModel(bytes: Uint8Array): LoadedModel {
  const c = openCheckpoint(bytes); // values decoded one tensor at a time, straight into the model
  const { model, tokenizer, adamNames } = modelToFill(c, (name) => c.tensors.get(name)?.shape);
  const hasAdam = adamNames.length > 0;
  try {
    // One scratch the size of the largest tensor, reused: a 124M model would otherwise leave ~500 MB of decoded
    // copies for the garbage collector (every backend's write copies the values, so reuse is safe).
    const scratch = new Float32Array(Math.max(...model.parameters().map((p) => p.size)));
    for (const [name, p] of model.namedParameters()) p.assign(c.tensors.get(name)!.read(scratch));
    const adamStep = Number(c.meta.notes?.adamStep ?? 0);
    const read = (name: string) => c.tensors.get(name)!.read();
    return {
      model, tokenizer, meta: c.meta,
      optimizerState: hasAdam ? { stepCount: adamStep, m: adamNames.map((n) => read(`adam.m.${n}`)), v: adamNames.map((n) => read(`adam.v.${n}`)) } : null,
    };
  } catch (e) {
    model.dispose(); // a value that is not finite: nothing is kept
    throw e;
  }
}

/** Parameter names and shapes a config implies, without allocating a model. */
export function parameterShapes(config: GPTConfig): Map<string, number[]> {
  const C = config.nEmbd, shapes = new Map<string, number[]>();
  shapes.set('wte.weight', [config.vocabSize, C]);
  if (config.positional === 'learned') shapes.set('wpe.weight', [config.blockSize, C]);
  for (let l = 0; l < config.nLayer; l++) {
    const p = `h.${l}.`;
    const linear = (name: string, out: number, inp: number) => {
      shapes.set(`${p}${name}.weight`, [out, inp]);
      if (config.bias) shapes.set(`${p}${name}.bias`, [out]);
    };
    const norm = (name: string) => {
      shapes.set(`${p}${name}.weight`, [C]);
      if (config.bias) shapes.set(`${p}${name}.bias`, [C]);
    };
    norm('ln_1');
    linear('attn.c_attn', 3 * C, C);
    linear('attn.c_proj', C, C);
    norm('ln_2');
    linear('mlp.c_fc', 4 * C, C);
    linear('mlp.c_proj', C, 4 * C);
  }
  shapes.set('ln_f.weight', [C]);
  if (config.bias) shapes.set('ln_f.bias', [C]);
  return shapes;
}

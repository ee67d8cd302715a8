// A GPT-2 checkpoint in Hugging Face's layout (model.safetensors, with or without config.json) as one of our GPTs.
// GPT-2 is nanoGPT's architecture with biases, a learned position table, the tanh GELU and a head tied to wte, so
// only names and one layout differ: Hugging Face's four projections are Conv1D, stored (in, out), the transpose of
// our Linear's (out, in). Everything is checked from the header before a byte of weights is read.
import { GPT } from '../gpt';
import { countParameters, inferenceBytes, MAX_MODEL_BYTES, validateConfig, type FullGPTConfig, type GPTConfig } from '../gptConfig';
import { parameterShapes } from '../../train/modelFile';
import type { TensorSource } from '../../train/checkpoint';
import { bytesPerValue, decodeValues, readSafetensorsHeader, type ByteSource, type TensorEntry } from './safetensors';

export class Gpt2FileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Gpt2FileError';
  }
}

const CONV1D = ['attn.c_attn.weight', 'attn.c_proj.weight', 'mlp.c_fc.weight', 'mlp.c_proj.weight'];
const isConv1D = (name: string) => CONV1D.some((suffix) => name.endsWith(suffix));
/** Buffers some GPT-2 files carry besides weights: the causal mask and an old masking constant. */
const isMaskBuffer = (name: string) => /^h\.\d+\.attn\.(bias|masked_bias)$/.test(name);
/** Every model of the GPT-2 family has heads 64 wide (768/12, 1024/16, 1280/20, 1600/25). */
const GPT2_HEAD_SIZE = 64;

/** What a GPT-2 file holds, known from its header alone. */
export interface Gpt2Plan {
  config: FullGPTConfig;
  /** Our parameter name → the file's entry. */
  entries: Map<string, TensorEntry>;
  parameters: number;
  /** 'float32', 'float16' or 'bfloat16': how the weights are stored (they are widened to float32 on loading). */
  storedAs: string;
  /** Bytes the loaded model needs to run (weights in float32 and one full-context forward pass). */
  bytesToRun: number;
  /** Where each config field came from. */
  configSource: 'config.json' | 'inferred from the tensor shapes (no config.json)';
}

/**
 * Reads the header of a GPT-2 safetensors file and plans the load: the config (from config.json when given, else
 * from the tensor shapes), the mapping to our parameter names, and the memory needed. Throws Gpt2FileError with a
 * reader-facing message for a file of another architecture, a missing or misshapen tensor, or a model too big.
 */
export async function planGpt2(src: ByteSource, configJson?: unknown, cap = MAX_MODEL_BYTES): Promise<Gpt2Plan> {
  const header = await readSafetensorsHeader(src);
  const byName = new Map<string, TensorEntry>();
  for (const [name, entry] of header.tensors) {
    const ours = name.startsWith('transformer.') ? name.slice('transformer.'.length) : name;
    if (ours === 'lm_head.weight' || isMaskBuffer(ours)) continue; // the head is tied to wte; masks are rebuilt
    byName.set(ours, entry);
  }
  const config = configJson === undefined ? inferConfig(byName) : configFromJson(configJson);
  const expected = parameterShapes(config);
  const unexpected = [...byName.keys()].filter((n) => !expected.has(n));
  if (unexpected.length) {
    throw new Gpt2FileError(`this is not a GPT-2 file: it has tensors GPT-2 does not, such as "${unexpected.slice(0, 3).join('", "')}"`);
  }
  const entries = new Map<string, TensorEntry>();
  for (const [name, shape] of expected) {
    const entry = byName.get(name);
    if (!entry) throw new Gpt2FileError(`the file lacks GPT-2's tensor "${name}"`);
    const want = isConv1D(name) ? [shape[1], shape[0]] : shape;
    if (entry.shape.join(',') !== want.join(',')) {
      throw new Gpt2FileError(`tensor "${name}" has shape ${entry.shape.join('×')}, but this config needs ${want.join('×')}`);
    }
    entries.set(name, entry);
  }
  const dtypes = new Set([...entries.values()].map((e) => e.dtype));
  const storedAs = [...dtypes].map((d) => ({ F32: 'float32', F16: 'float16', BF16: 'bfloat16' })[d]).join(' + ');
  const bytesToRun = inferenceBytes(config);
  if (bytesToRun > cap) {
    const gb = (n: number) => `${(n / 1024 ** 3).toFixed(2)} GB`;
    throw new Gpt2FileError(`this model needs about ${gb(bytesToRun)} to run, more than the ${gb(cap)} a browser tab can safely hold here`);
  }
  return {
    config, entries, parameters: countParameters(config), storedAs, bytesToRun,
    configSource: configJson === undefined ? 'inferred from the tensor shapes (no config.json)' : 'config.json',
  };
}

/** Bytes of a tensor read at a time by loadGpt2 (a whole number of values of every dtype). */
const SLICE_BYTES = 4 * 2 ** 20;

/**
 * Builds the GPT a plan describes and fills its weights tensor by tensor (one tensor in memory at a time besides the
 * model), reporting bytes read. The model is built for inference: it is not sized for training's gradients and
 * optimizer moments.
 */
export async function loadGpt2(
  src: ByteSource, plan: Gpt2Plan, onProgress?: (read: number, total: number) => void, sliceBytes = SLICE_BYTES,
): Promise<GPT> {
  const model = new GPT(plan.config, 1337, { memory: 'inference', init: 'zeros' });
  try {
    const total = [...plan.entries.values()].reduce((sum, e) => sum + e.length, 0);
    let read = 0;
    const largestConv1D = Math.max(0, ...[...plan.entries].filter(([name]) => isConv1D(name)).map(([, e]) => e.shape[0] * e.shape[1]));
    let transposed: Float32Array | null = null;
    // Every tensor is read a few rows at a time (reading the 124M token table, 150 MB, whole made a browser hold it
    // twice, and each whole tensor read left its size to the garbage collector: the tab peaked at ~1.75× the
    // weights), into one scratch buffer reused for every slice (a new 4 MB buffer per slice still left a few hundred
    // MB to the collector in Chromium). A tensor in our layout goes straight from the scratch into its parameter; a
    // Conv1D one is transposed into one reused array first.
    let scratch: Uint8Array = new Uint8Array(sliceBytes);
    let widened: Float32Array | null = null; // float16 and bfloat16 slices, widened
    for (const [name, p] of model.namedParameters()) {
      const entry = plan.entries.get(name)!;
      const [rows, cols] = entry.shape.length === 2 ? entry.shape : [1, p.size];
      const width = bytesPerValue(entry.dtype);
      const rowsPerSlice = Math.max(1, Math.floor(sliceBytes / (cols * width)));
      if (rowsPerSlice * cols * width > scratch.byteLength) scratch = new Uint8Array(rowsPerSlice * cols * width); // a row wider than a slice
      const out = isConv1D(name) ? (transposed ??= new Float32Array(largestConv1D)).subarray(0, p.size) : null;
      for (let r0 = 0; r0 < rows; r0 += rowsPerSlice) {
        const n = Math.min(rowsPerSlice, rows - r0);
        const bytes = await src.readInto(entry.offset + r0 * cols * width, scratch.subarray(0, n * cols * width));
        scratch = new Uint8Array(bytes.buffer); // the read may have moved the scratch's memory to a new buffer
        if (entry.dtype !== 'F32' && (!widened || widened.length < n * cols)) widened = new Float32Array(rowsPerSlice * cols);
        const values = decodeValues(bytes, entry.dtype, widened ?? new Float32Array(0));
        if (!out) p.backend.write(p.buffer, values, r0 * cols);
        else for (let r = 0; r < n; r++) for (let c = 0; c < cols; c++) out[c * rows + r0 + r] = values[r * cols + c];
      }
      if (out) p.assign(out);
      read += entry.length;
      onProgress?.(read, total);
    }
    return model;
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/**
 * The plan's tensors under our names and in our layout (Conv1D weights transposed), each read from the file only
 * when asked, for writeCheckpoint: a GPT-2 file becomes a checkpoint without ever being a model in memory.
 * `onProgress` hears the bytes read after each tensor (they are read in this list's order). Every tensor comes in
 * scratch memory reused by the next (read into one buffer the size of the largest tensor, widened into another for
 * float16 or bfloat16, transposed into a third): a 124M file would otherwise leave its 500 MB of tensors, and
 * ~340 MB of transposes, to the garbage collector. Use its values before asking for the next tensor, as
 * writeCheckpoint does.
 */
export function gpt2Tensors(src: ByteSource, plan: Gpt2Plan, onProgress?: (read: number, total: number) => void): TensorSource[] {
  const total = [...plan.entries.values()].reduce((sum, e) => sum + e.length, 0);
  let read = 0;
  const largest = (entries: TensorEntry[]) => Math.max(0, ...entries.map((e) => e.shape.reduce((a, b) => a * b, 1)));
  const largestConv1D = largest([...plan.entries].filter(([name]) => isConv1D(name)).map(([, e]) => e));
  const largestBytes = Math.max(0, ...[...plan.entries.values()].map((e) => e.length));
  let bytesScratch: Uint8Array | null = null;
  let widened: Float32Array | null = null;
  let transposed: Float32Array | null = null;
  return [...parameterShapes(plan.config)].map(([name, shape]) => ({
    name, shape,
    values: async () => {
      const entry = plan.entries.get(name)!;
      bytesScratch ??= new Uint8Array(largestBytes);
      const bytes = await src.readInto(entry.offset, bytesScratch.subarray(0, entry.length));
      bytesScratch = new Uint8Array(bytes.buffer); // the read may have moved the scratch to a new buffer
      if (entry.dtype !== 'F32') widened ??= new Float32Array(largest([...plan.entries.values()]));
      const values = decodeValues(bytes, entry.dtype, widened ?? new Float32Array(0));
      read += entry.length;
      onProgress?.(read, total);
      if (!isConv1D(name)) return values;
      transposed ??= new Float32Array(largestConv1D);
      return transpose(values, entry.shape[0], entry.shape[1], transposed.subarray(0, values.length));
    },
  }));
}

/** (rows, cols) row-major → (cols, rows), into `out`. */
function transpose(values: Float32Array, rows: number, cols: number, out: Float32Array): Float32Array {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c];
  return out;
}

function inferConfig(byName: Map<string, TensorEntry>): FullGPTConfig {
  const wte = byName.get('wte.weight'), wpe = byName.get('wpe.weight');
  if (!wte || !wpe) throw new Gpt2FileError('this is not a GPT-2 file: it has no token table "wte.weight" and position table "wpe.weight"');
  const [vocabSize, nEmbd] = wte.shape;
  const layers = new Set([...byName.keys()].map((n) => /^h\.(\d+)\./.exec(n)?.[1]).filter((l) => l !== undefined));
  if (nEmbd % GPT2_HEAD_SIZE !== 0) {
    throw new Gpt2FileError(`without config.json the number of heads is unknown: GPT-2's heads are ${GPT2_HEAD_SIZE} wide, ` +
      `but this model is ${nEmbd} wide; add the model's config.json`);
  }
  return checked({
    vocabSize, blockSize: wpe.shape[0], nLayer: layers.size, nHead: nEmbd / GPT2_HEAD_SIZE, nEmbd,
    dropout: 0, bias: true, positional: 'learned', activation: 'gelu_tanh',
  });
}

const ACTIVATIONS: Record<string, 'gelu' | 'gelu_tanh'> = { gelu_new: 'gelu_tanh', gelu_pytorch_tanh: 'gelu_tanh', gelu_fast: 'gelu_tanh', gelu: 'gelu' };

function configFromJson(json: unknown): FullGPTConfig {
  const j = (typeof json === 'string' ? parseJson(json) : json) as Record<string, unknown> | null;
  if (!j || typeof j !== 'object') throw new Gpt2FileError('config.json is not a JSON object');
  if (j.model_type !== undefined && j.model_type !== 'gpt2') throw new Gpt2FileError(`config.json describes a "${String(j.model_type)}" model, not GPT-2`);
  const int = (key: string, fallback?: string) => {
    const v = j[key] ?? (fallback ? j[fallback] : undefined);
    if (!Number.isInteger(v) || (v as number) <= 0) throw new Gpt2FileError(`config.json has no positive integer "${key}"`);
    return v as number;
  };
  const activationName = String(j.activation_function ?? 'gelu_new');
  const activation = ACTIVATIONS[activationName];
  if (!activation) throw new Gpt2FileError(`config.json's activation "${activationName}" is not one this engine has (GELU, exact or tanh)`);
  const eps = j.layer_norm_epsilon ?? 1e-5;
  if (eps !== 1e-5) throw new Gpt2FileError(`config.json's layer_norm_epsilon is ${String(eps)}; this engine's LayerNorm uses 1e-5`);
  return checked({
    vocabSize: int('vocab_size'), blockSize: int('n_positions', 'n_ctx'), nLayer: int('n_layer'), nHead: int('n_head'), nEmbd: int('n_embd'),
    dropout: 0, bias: true, positional: 'learned', activation,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Gpt2FileError(`config.json is not JSON (${(e as Error).message})`);
  }
}

function checked(c: GPTConfig): FullGPTConfig {
  try {
    return validateConfig(c);
  } catch (e) {
    throw new Gpt2FileError(`the model's configuration is not one this engine can build: ${(e as Error).message}`);
  }
}

// Bad input at the worker boundary: texts, Unicode, numbers, crafted checkpoint files and malformed requests, sent
// to the real engine host as the page would send them. Each case expects a clear message (the regex) or a correct
// result (null, with an optional check).
import type { ParamsOf, MethodName, ResultOf } from '../../src/workers/protocol';
import type { hostHarness } from '../../src/workers/testing/hostHarness';
import { tinyCorpus } from '../../src/workers/testing/tinyCheckpoint';
import { flipped, truncated, withContents, withHeader } from './craft';
import { classifyAnswer, withDeadline, type BadInputCase, type CaseClass, type Outcome } from './outcome';

export interface WorkerEnv {
  harness: ReturnType<typeof hostHarness>;
  /** A good char-level checkpoint file ('base' is loaded from it) and a byte-level BPE one ('bpe'). */
  good: ArrayBuffer;
  /** The context length of both models. */
  context: number;
}

type Check<M extends MethodName> = (result: ResultOf<M>) => string | null;

function ask<M extends MethodName>(cls: CaseClass, name: string, method: M, params: (env: WorkerEnv) => unknown, expect: RegExp | null, check?: Check<M>): BadInputCase<WorkerEnv> {
  return {
    cls,
    name,
    run: async (env): Promise<Outcome> => {
      const answer = await withDeadline(env.harness.call(method, params(env) as ParamsOf<M>).done, 60_000);
      if (answer === 'hang') return { kind: 'hang', text: `${method} did not answer in 60 s` };
      return classifyAnswer(answer, expect, check as ((r: unknown) => string | null) | undefined);
    },
  };
}

const inspect = (text: string, extra: Record<string, unknown> = {}, key = 'base') => () => ({ key, text, temperature: 1, seed: 1, topCount: 5, ...extra });
const generate = (extra: Record<string, unknown>) => () => ({ key: 'base', text: 'ROMEO:', maxNewTokens: 3, temperature: 1, seed: 1, ...extra });
const train = (extra: Record<string, unknown>, config: Record<string, unknown> = {}) => () => ({
  key: 'base', corpus: tinyCorpus, label: 'x', kind: 'retrained', train: { maxIters: 2, batchSize: 2, evalIters: 1, ...config }, ...extra,
});
const head = (extra: Record<string, unknown>) => () => ({ key: 'base', text: 'ROMEO: But', layer: 0, head: 0, ...extra });
const rlhf = (extra: Record<string, unknown>) => () => ({
  key: 'base', label: 'x', prompts: ['ROMEO:'], rewardSteps: 1, iterations: 1,
  ratings: [{ prompt: 'ROMEO:', chosen: ' But soft', rejected: ' what' }, { prompt: 'ROMEO:', chosen: ' the east', rejected: ' is' }],
  ...extra,
});
const load = (bytes: (env: WorkerEnv) => unknown, key = 'crafted') => (env: WorkerEnv) => ({ key, bytes: bytes(env) });

const isEmpty = /empty/;
const unknownChar = /Unknown character .* \(U\+[0-9A-F]{4,}\)/;
const tokensOk: Check<'inspect'> = (r) => (r.tokens.length > 0 && r.top.length > 0 ? null : 'no tokens or predictions');

export const textCases: BadInputCase<WorkerEnv>[] = [
  ask('text', 'inspect: empty prompt', 'inspect', inspect(''), isEmpty),
  ask('text', 'inspect: one space', 'inspect', inspect(' '), null, tokensOk),
  ask('text', 'inspect: 100,001 characters', 'inspect', inspect('a'.repeat(100_001)), /at most 100,000 characters/),
  ask('text', 'inspect: 50,000 characters are cut to the context, and the cut is reported', 'inspect', inspect('ROMEO: '.repeat(7000).slice(0, 50_000)), null,
    (r) => (r.droppedTokens > 0 && r.tokens.length === 16 ? null : `droppedTokens ${r.droppedTokens}, tokens ${r.tokens.length}`)),
  ask('text', 'generate: empty prompt', 'generate', generate({ text: '' }), isEmpty),
  ask('text', 'compareBackends: empty prompt', 'compareBackends', () => ({ key: 'base', text: '' }), isEmpty),
  ask('text', 'attentionHead: empty text', 'attentionHead', head({ text: '' }), isEmpty),
  ask('text', 'train: empty corpus', 'train', train({ corpus: '' }), /empty|too short/),
  ask('text', 'train: a corpus shorter than two contexts', 'train', train({ corpus: 'ROMEO: But soft' }), /too short/),
  ask('text', 'train: a corpus and examples at once', 'train', train({ examples: [{ prompt: 'a', response: 'b' }] }), /either a training text or fine-tuning examples/),
  ask('text', 'train: neither corpus nor examples', 'train', train({ corpus: undefined }), /either a training text or fine-tuning examples/),
  ask('text', 'fine-tune: one example', 'train', train({ corpus: undefined, examples: [{ prompt: 'ROMEO:', response: ' But' }] }), /at least two examples/),
  ask('text', 'fine-tune: only empty examples', 'train', train({ corpus: undefined, examples: [{ prompt: '', response: '' }, { prompt: '', response: 'a' }] }), /at least two examples/),
  ask('text', 'word2vec: empty text', 'word2vec', () => ({ corpus: '' }), /no two words/),
  ask('text', 'word2vec: one word', 'word2vec', () => ({ corpus: 'Romeo' }), /no two words/),
  ask('text', 'trainTokenizer: whitespace only', 'trainTokenizer', () => ({ source: 'text', text: ' \n\t ', merges: 10 }), /no text to train on/),
  ask('text', 'trainTokenizer: a lone surrogate', 'trainTokenizer', () => ({ source: 'text', text: 'ab\uDC00ab', merges: 10 }), /lone surrogate/),
  ask('text', 'trainTokenizer: a tiny text makes fewer merges than asked, and says so', 'trainTokenizer', () => ({ source: 'text', text: 'abab', merges: 50 }), null,
    (r) => (r.stop === 'noRepeats' && r.merges === 1 ? null : `stop ${r.stop}, ${r.merges} merges`)),
  ask('text', 'unwindToken: a tokenizer JSON that is not one', 'unwindToken', () => ({ tokenizer: 'bpe', json: { kind: 'bpe' }, id: 256 }), /tokenizer/i),
  ask('text', 'rlhf: no ratings', 'rlhf', rlhf({ ratings: [] }), /at least two pairs/),
  ask('text', 'rlhf: ratings whose two answers are the same', 'rlhf', rlhf({ ratings: [{ prompt: 'a', chosen: 'b', rejected: 'b' }, { prompt: 'a', chosen: 'e', rejected: 'e' }] }), /at least two pairs/),
  ask('text', 'rlhf: no prompts', 'rlhf', rlhf({ prompts: [] }), /at least one prompt/),
  ask('text', 'contextMap: no texts', 'contextMap', () => ({ key: 'base', texts: [], layer: 0 }), /at least one text/),
  ask('text', 'contextMap: one token in all', 'contextMap', () => ({ key: 'base', texts: ['R'], layer: 1 }), /fewer than two tokens/),
  ask('text', 'embeddingMap: an empty query is no query', 'embeddingMap', () => ({ key: 'base', k: 2, query: '' }), null,
    (r) => (r.query === null && r.points.length > 0 ? null : 'expected a map without a query')),
];

const bpeInspect = (text: string) => inspect(text, {}, 'bpe');
const ukrainian = 'Привіт, світе! Як справи?';
export const unicodeCases: BadInputCase<WorkerEnv>[] = [
  ask('unicode', 'char model: Cyrillic it never saw', 'inspect', inspect('Привет'), unknownChar),
  ask('unicode', 'char model: an emoji ZWJ family', 'inspect', inspect('👩‍👩‍👧'), unknownChar),
  ask('unicode', 'char model: a lone surrogate', 'inspect', inspect('ROMEO \uD800'), /surrogate|Unknown character/),
  ask('unicode', 'char model: Arabic (RTL)', 'inspect', inspect('مرحبا'), unknownChar),
  ask('unicode', 'char model: a combining accent', 'inspect', inspect('Rome\u0301o'), unknownChar),
  ask('unicode', 'char model: a NUL character', 'inspect', inspect('RO\u0000MEO'), unknownChar),
  ask('unicode', 'char model: a leading byte-order mark', 'inspect', inspect('\uFEFFROMEO'), unknownChar),
  ask('unicode', 'byte-level BPE: Cyrillic', 'inspect', bpeInspect(ukrainian), null, tokensOk),
  ask('unicode', 'byte-level BPE: an emoji ZWJ family', 'inspect', bpeInspect('👩‍👩‍👧 and 🏳️‍🌈'), null, tokensOk),
  ask('unicode', 'byte-level BPE: Arabic (RTL)', 'inspect', bpeInspect('مرحبا بالعالم'), null, tokensOk),
  ask('unicode', 'byte-level BPE: CJK', 'inspect', bpeInspect('你好，世界。こんにちは'), null, tokensOk),
  ask('unicode', 'byte-level BPE: combining marks (Zalgo)', 'inspect', bpeInspect('Z\u0351\u0356a\u0300\u0301l\u0308g\u0303o'), null, tokensOk),
  ask('unicode', 'byte-level BPE: a NUL character', 'inspect', bpeInspect('RO\u0000MEO'), null, tokensOk),
  ask('unicode', 'byte-level BPE: a lone surrogate is reported', 'inspect', bpeInspect('ROMEO \uD800 JULIET'), /surrogate/),
  ask('unicode', 'byte-level BPE: generate from a Cyrillic prompt', 'generate', () => ({ key: 'bpe', text: ukrainian, maxNewTokens: 3, temperature: 1, seed: 1 }), null,
    (r) => (r.ids.length === 3 ? null : `${r.ids.length} tokens`)),
  ask('unicode', 'byte-level BPE: the head trace on mixed scripts', 'attentionHead', () => ({ key: 'bpe', text: 'ROMEO 你好 🙂 مرحبا', layer: 0, head: 0 }), null,
    (r) => (r.tokens.length > 4 && r.weights.every(Number.isFinite) ? null : `${r.tokens.length} tokens, or non-finite weights`)),
];

const numberCase = <M extends MethodName>(name: string, method: M, params: (env: WorkerEnv) => unknown, field: string) =>
  ask('number', name, method, params, new RegExp(`params\\.${field.replace(/[.[\]]/g, (c) => `\\${c}`)} must be`));
export const numberCases: BadInputCase<WorkerEnv>[] = [
  numberCase('inspect: temperature NaN', 'inspect', inspect('ROMEO:', { temperature: Number.NaN }), 'temperature'),
  numberCase('inspect: temperature Infinity', 'inspect', inspect('ROMEO:', { temperature: Infinity }), 'temperature'),
  numberCase('inspect: temperature −1', 'inspect', inspect('ROMEO:', { temperature: -1 }), 'temperature'),
  numberCase('inspect: temperature 10⁹', 'inspect', inspect('ROMEO:', { temperature: 1e9 }), 'temperature'),
  numberCase('inspect: temperature as text', 'inspect', inspect('ROMEO:', { temperature: '1' }), 'temperature'),
  numberCase('inspect: seed −1', 'inspect', inspect('ROMEO:', { seed: -1 }), 'seed'),
  numberCase('inspect: seed 1.5', 'inspect', inspect('ROMEO:', { seed: 1.5 }), 'seed'),
  numberCase('inspect: seed 2⁴⁰', 'inspect', inspect('ROMEO:', { seed: 2 ** 40 }), 'seed'),
  numberCase('inspect: topCount 0', 'inspect', inspect('ROMEO:', { topCount: 0 }), 'topCount'),
  numberCase('inspect: topCount 10⁹', 'inspect', inspect('ROMEO:', { topCount: 1e9 }), 'topCount'),
  numberCase('generate: maxNewTokens 0', 'generate', generate({ maxNewTokens: 0 }), 'maxNewTokens'),
  numberCase('generate: maxNewTokens NaN', 'generate', generate({ maxNewTokens: Number.NaN }), 'maxNewTokens'),
  numberCase('generate: maxNewTokens 10⁹', 'generate', generate({ maxNewTokens: 1e9 }), 'maxNewTokens'),
  numberCase('generate: topK −1', 'generate', generate({ topK: -1 }), 'topK'),
  numberCase('generate: topP 2', 'generate', generate({ topP: 2 }), 'topP'),
  numberCase('generate: topP NaN', 'generate', generate({ topP: Number.NaN }), 'topP'),
  numberCase('train: learning rate NaN', 'train', train({}, { schedule: { maxLr: Number.NaN } }), 'train.schedule.maxLr'),
  numberCase('train: negative learning rate', 'train', train({}, { schedule: { maxLr: -1e-3 } }), 'train.schedule.maxLr'),
  numberCase('train: maxIters NaN', 'train', train({}, { maxIters: Number.NaN }), 'train.maxIters'),
  numberCase('train: maxIters 0', 'train', train({}, { maxIters: 0 }), 'train.maxIters'),
  numberCase('train: batch size 0', 'train', train({}, { batchSize: 0 }), 'train.batchSize'),
  numberCase('train: block size 0', 'train', train({}, { blockSize: 0 }), 'train.blockSize'),
  ask('number', 'train: block size beyond the context', 'train', train({}, { blockSize: 1000 }), /blockSize must be a whole number from 1 to the model's block size 16/),
  numberCase('train: evalIters 0', 'train', train({}, { evalIters: 0 }), 'train.evalIters'),
  numberCase('train: negative weight decay', 'train', train({}, { weightDecay: -1 }), 'train.weightDecay'),
  numberCase('train: gradient clip 0', 'train', train({}, { gradClip: 0 }), 'train.gradClip'),
  ask('number', 'train: a partial schedule (maxLr alone) is filled with defaults', 'train', train({}, { schedule: { maxLr: 2e-3 } }), null,
    (r) => (Number.isFinite(r.summary.meta.iter) && r.summary.meta.iter === 2 ? null : `iter ${r.summary.meta.iter}`)),
  ask('number', 'attentionHead: layer 99', 'attentionHead', head({ layer: 99 }), /There is no layer 100/),
  numberCase('attentionHead: head −1', 'attentionHead', head({ head: -1 }), 'head'),
  ask('number', 'attentionHead: head switches of the wrong shape', 'attentionHead', head({ headMask: [[1]] }), /head switches must be 2 layers × 2 heads/),
  numberCase('attentionHead: a NaN head switch', 'attentionHead', head({ headMask: [[1, Number.NaN], [1, 1]] }), 'headMask[0][1]'),
  numberCase('embeddingMap: k = 4', 'embeddingMap', () => ({ key: 'base', k: 4 }), 'k'),
  numberCase('embeddingMap: 0 neighbours', 'embeddingMap', () => ({ key: 'base', k: 2, query: 'R', neighbours: 0 }), 'neighbours'),
  numberCase('trainTokenizer: 0 merges', 'trainTokenizer', () => ({ source: 'corpus', merges: 0 }), 'merges'),
  numberCase('trainTokenizer: NaN merges', 'trainTokenizer', () => ({ source: 'corpus', merges: Number.NaN }), 'merges'),
  numberCase('unwindToken: id −1', 'unwindToken', () => ({ tokenizer: 'gpt2', id: -1 }), 'id'),
  numberCase('word2vec: 0 dimensions', 'word2vec', () => ({ corpus: tinyCorpus, dim: 0 }), 'dim'),
  numberCase('word2vec: window 0', 'word2vec', () => ({ corpus: tinyCorpus, window: 0 }), 'window'),
  numberCase('word2vec: epochs NaN', 'word2vec', () => ({ corpus: tinyCorpus, epochs: Number.NaN }), 'epochs'),
  numberCase('rlhf: negative KL weight', 'rlhf', rlhf({ klCoef: -1 }), 'klCoef'),
  numberCase('rlhf: 0 iterations', 'rlhf', rlhf({ iterations: 0 }), 'iterations'),
  ask('number', 'rlhf: responses as long as the context', 'rlhf', rlhf({ maxNewTokens: 16 }), /Responses must be 1 to 15 tokens long/),
];

const craftedHeader = (mutate: (h: Record<string, unknown>) => unknown) => load((env) => withHeader(env.good, mutate));
const notUsable = /This is not a usable checkpoint/;
export const checkpointCases: BadInputCase<WorkerEnv>[] = [
  ask('checkpoint', 'an empty file', 'loadCheckpoint', load(() => new ArrayBuffer(0)), /too short/),
  ask('checkpoint', '10 random bytes', 'loadCheckpoint', load(() => new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).buffer), /too short/),
  ask('checkpoint', '10 kB of noise', 'loadCheckpoint', load(() => Uint8Array.from({ length: 10_000 }, (_, i) => (i * 2654435761) >>> 24).buffer), /signature/),
  ask('checkpoint', 'a PNG renamed .tbt', 'loadCheckpoint', load(() => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0]).buffer), /signature/),
  ask('checkpoint', 'cut inside the header', 'loadCheckpoint', load((env) => truncated(env.good, 40)), /truncated/),
  ask('checkpoint', 'cut inside the weights', 'loadCheckpoint', load((env) => truncated(env.good, env.good.byteLength - 100)), /checksum/),
  ask('checkpoint', 'one flipped byte in the weights', 'loadCheckpoint', load((env) => flipped(env.good, -5)), /checksum/),
  ask('checkpoint', 'format version 99', 'loadCheckpoint', load((env) => { const b = env.good.slice(0); new DataView(b).setUint32(8, 99, true); return b; }), /version 99/),
  ask('checkpoint', 'a header that is not JSON', 'loadCheckpoint', load((env) => { const b = new Uint8Array(env.good.slice(0)); b[16] = 0x7b; b[17] = 0x7b; return b.buffer; }), /not valid JSON/),
  ask('checkpoint', 'a header that is a JSON list', 'loadCheckpoint', craftedHeader(() => [1, 2, 3]), /tensor table or metadata/),
  ask('checkpoint', 'no model configuration', 'loadCheckpoint', craftedHeader((h) => { delete h.config; }), notUsable),
  ask('checkpoint', 'zero layers', 'loadCheckpoint', craftedHeader((h) => { (h.config as Record<string, unknown>).nLayer = 0; }), /nLayer must be a positive integer/),
  ask('checkpoint', 'a width the heads cannot share', 'loadCheckpoint', craftedHeader((h) => { (h.config as Record<string, unknown>).nHead = 3; }), /divisible/),
  ask('checkpoint', 'an unknown positional scheme', 'loadCheckpoint', craftedHeader((h) => { (h.config as Record<string, unknown>).positional = 'alibi'; }), /positional/),
  ask('checkpoint', 'an unknown config key', 'loadCheckpoint', craftedHeader((h) => { (h.config as Record<string, unknown>).nLayers = 2; }), /nLayers/),
  ask('checkpoint', 'a label that is an object', 'loadCheckpoint', craftedHeader((h) => { (h.meta as Record<string, unknown>).label = { evil: true }; }), /label/),
  ask('checkpoint', 'a validation loss that is text', 'loadCheckpoint', craftedHeader((h) => { (h.meta as Record<string, unknown>).valLoss = 'low'; }), /valLoss/),
  ask('checkpoint', 'no metadata', 'loadCheckpoint', craftedHeader((h) => { delete h.meta; }), /metadata/),
  ask('checkpoint', 'a tokenizer that is a number', 'loadCheckpoint', craftedHeader((h) => { h.tokenizer = 7; }), /tokenizer is invalid/),
  ask('checkpoint', 'a tokenizer larger than the model', 'loadCheckpoint', craftedHeader((h) => { (h.config as Record<string, unknown>).vocabSize = 3; }), /tokenizer has \d+ tokens but the model only 3/),
  ask('checkpoint', 'a parameter missing', 'loadCheckpoint', load((env) => withContents(env.good, (c) => { c.tensors.delete('ln_f.weight'); })), /"ln_f.weight" is missing/),
  ask('checkpoint', 'a parameter of the wrong shape', 'loadCheckpoint', load((env) => withContents(env.good, (c) => { c.tensors.set('ln_f.weight', { shape: [3], data: new Float32Array(3) }); })), /"ln_f.weight" has shape/),
  ask('checkpoint', 'NaN weights', 'loadCheckpoint', load((env) => withContents(env.good, (c) => { c.tensors.get('wte.weight')!.data[5] = Number.NaN; })), /not finite|non-finite|NaN/),
  ask('checkpoint', 'an infinite weight', 'loadCheckpoint', load((env) => withContents(env.good, (c) => { c.tensors.get('h.0.attn.c_attn.weight')!.data[0] = Infinity; })), /not finite|non-finite|infinit/i),
  ask('checkpoint', 'a config that would need gigabytes', 'loadCheckpoint', craftedHeader((h) => { Object.assign(h.config as object, { nLayer: 4000, nEmbd: 4096, nHead: 32 }); }), /GB|MB|memory|bytes|has shape/),
  ask('checkpoint', 'bytes sent as text', 'loadCheckpoint', load(() => 'TBTCKPT'), /params\.bytes must be a file's bytes/),
  ask('checkpoint', 'an empty key', 'loadCheckpoint', load((env) => env.good, ''), /params\.key must be/),
  ask('checkpoint', 'a 300-character key', 'loadCheckpoint', load((env) => env.good, 'k'.repeat(300)), /params\.key must be/),
];

const create = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) => () => ({ config, tokenizerOf: 'base', ...extra });
export const createCases: BadInputCase<WorkerEnv>[] = [
  ask('number', 'createModel: a model that would need gigabytes', 'createModel', create({ nLayer: 256, nEmbd: 16_384, nHead: 128 }), /GB|MB|bytes|memory/),
  ask('number', 'createModel: a width the heads cannot share', 'createModel', create({ nEmbd: 30, nHead: 4 }), /divisible/),
  numberCase('createModel: 0 layers', 'createModel', create({ nLayer: 0 }), 'config.nLayer'),
  ask('number', 'createModel: an unknown config key', 'createModel', create({ layers: 2 }), /unknown field "layers"/),
  ask('checkpoint', 'createModel: a tokenizer JSON that is not one', 'createModel', () => ({ config: { nLayer: 1 }, tokenizer: { kind: 'nope' } }), /cannot be made|tokenizer/),
  ask('worker', 'createModel: both a tokenizer and a checkpoint to take one from', 'createModel', create({ nLayer: 1 }, { tokenizer: {} }), /either as its JSON/),
  ask('number', 'createModel: a small model is made, seeded', 'createModel', create({ nLayer: 1, nHead: 2, nEmbd: 8, blockSize: 8 }, { seed: 3 }), null,
    (r) => (r.parameters > 0 && r.bytes.byteLength > 0 ? null : 'no model')),
];

const raw = (name: string, message: unknown, expect: RegExp): BadInputCase<WorkerEnv> => ({
  cls: 'worker',
  name,
  run: async (env) => {
    const id = 10_000 + Math.floor(Math.random() * 1e6);
    env.harness.host.receive({ ...(message as object), kind: 'request', id } as never);
    for (let waited = 0; waited < 10_000; waited += 5) {
      const answer = env.harness.messages.find((m) => 'id' in m && m.id === id && (m.kind === 'result' || m.kind === 'error'));
      if (answer) return classifyAnswer(answer as never, expect);
      await new Promise((r) => setTimeout(r, 5));
    }
    return { kind: 'hang', text: 'no answer in 10 s' };
  },
});
export const workerCases: BadInputCase<WorkerEnv>[] = [
  raw('an unknown method', { method: 'deleteEverything', params: {} }, /no method "deleteEverything"/),
  raw('params null', { method: 'inspect', params: null }, /params must be an object/),
  raw('params a list', { method: 'inspect', params: [1, 2] }, /params must be an object/),
  raw('params a number', { method: 'generate', params: 42 }, /params must be an object/),
  raw('a misspelt field', { method: 'inspect', params: { key: 'base', text: 'R', temperature: 1, seed: 1, topcount: 5 } }, /unknown field "topcount"/),
  raw('a prototype-polluting field', { method: 'inspect', params: JSON.parse('{"key":"base","text":"R","temperature":1,"seed":1,"topCount":5,"__proto__":{"x":1}}') }, /unknown field "__proto__"/),
  ask('worker', 'a checkpoint that is not loaded', 'inspect', inspect('ROMEO', {}, 'nope'), /no checkpoint "nope" is loaded/),
  {
    cls: 'worker',
    name: 'a cancel for a request that does not exist',
    run: async (env) => {
      const before = env.harness.messages.length;
      env.harness.host.receive({ kind: 'cancel', id: 123_456_789 });
      await new Promise((r) => setTimeout(r, 20));
      return env.harness.messages.length === before ? { kind: 'correct', text: 'ignored' } : { kind: 'silent', text: 'answered a cancel for nothing' };
    },
  },
  {
    cls: 'worker',
    name: 'a backend switch while a model trains',
    run: async (env) => {
      const run = env.harness.call('train', train({}, { maxIters: 30 })() as never);
      const answer = await env.harness.call('setBackend', { choice: 'js' }).done;
      await run.done;
      return classifyAnswer(answer, /Stop the training first/);
    },
  },
  {
    cls: 'worker',
    name: 'a training run cancelled mid-way keeps what it learned (a paused run)',
    run: async (env) => {
      const run = env.harness.call('train', train({}, { maxIters: 1000 })() as never);
      while (run.progress().length < 3) await new Promise((r) => setTimeout(r, 2));
      env.harness.host.receive({ kind: 'cancel', id: run.id });
      return classifyAnswer(await run.done, null, (r) => {
        const { stopped, runState } = r as ResultOf<'train'>;
        return stopped.reason === 'cancelled' && stopped.iter > 0 && runState.byteLength > 0 ? null : `stopped ${JSON.stringify(stopped)}`;
      });
    },
  },
];

export const allWorkerCases = [...textCases, ...unicodeCases, ...numberCases, ...checkpointCases, ...createCases, ...workerCases];

// Loading a file whose header has fields of the wrong type, unknown config keys or non-finite weights: a
// CheckpointError that names the field, and nothing built.
import { describe, expect, it } from 'vitest';
import { GPT } from '../model/gpt';
import { CharTokenizer } from '../tokenizer';
import { CheckpointError } from './checkpoint';
import { crc32 } from './crc32';
import { loadModel, saveModel } from './modelFile';
import { dataStart, withEditedHeader } from '../testing/checkpointBytes';

const config = { vocabSize: 12, blockSize: 8, nLayer: 1, nHead: 2, nEmbd: 8, dropout: 0, bias: true, positional: 'learned' as const };
const tokenizer = CharTokenizer.fromText('hello world!');
const meta = { kind: 'base', label: 'test', createdAt: '2026-12-01T00:00:00Z', iter: 3, valLoss: 2.5 };

const refused = (bytes: Uint8Array, pattern: RegExp) => {
  expect(() => loadModel(bytes)).toThrow(CheckpointError);
  expect(() => loadModel(bytes)).toThrow(pattern);
};

describe('checkpoint header checks', () => {
  it('names a metadata field of the wrong type', async () => {
    const bytes = await saveModel(new GPT(config, 1), tokenizer, meta);
    refused(withEditedHeader(bytes, (h) => { h.meta.label = { text: 'x' }; }), /meta.label must be a string, not an object/);
    refused(withEditedHeader(bytes, (h) => { h.meta.valLoss = '2.5'; }), /meta.valLoss must be a number, not a string/);
    refused(withEditedHeader(bytes, (h) => { h.meta.iter = -1; }), /meta.iter must be a whole number ≥ 0, not -1/);
    refused(withEditedHeader(bytes, (h) => { h.meta.notes = [1]; }), /meta.notes must be an object, not a list/);
    refused(withEditedHeader(bytes, (h) => { h.meta = 'base'; }), /lacks the tensor table or metadata|meta must be an object/);
    refused(withEditedHeader(bytes, (h) => { h.tensors[0].name = 7; }), /name must be a non-empty string, not a number/);
    refused(withEditedHeader(bytes, (h) => { h.tensors[1].dtype = 'int8'; }), /dtype "int8"; float32 and float16 are known/);
    refused(withEditedHeader(bytes, (h) => { h.tensors[1].name = h.tensors[0].name; }), /appears twice/);
    // A NaN loss is written by JSON as null: read as no figure, not as an error.
    expect(loadModel(withEditedHeader(bytes, (h) => { h.meta.valLoss = null; })).meta.valLoss).toBeUndefined();
  });

  it('refuses unknown config keys, naming them', async () => {
    const bytes = await saveModel(new GPT(config, 1), tokenizer, meta);
    refused(withEditedHeader(bytes, (h) => { h.config.nLayers = 2; }), /unknown key "nLayers"/);
  });

  it('refuses non-finite weights, naming the tensor and the index', async () => {
    const bytes = await saveModel(new GPT(config, 1), tokenizer, meta);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + new DataView(bytes.buffer).getUint32(12, true))));
    const entry = header.tensors.find((e: { name: string }) => e.name === 'h.0.attn.c_attn.weight');
    for (const bad of [NaN, Infinity]) {
      const broken = bytes.slice();
      const view = new DataView(broken.buffer);
      view.setFloat32(dataStart(broken) + entry.offset + 4 * 5, bad, true);
      // Keep the checksum right, so the check that fires is the one on values.
      const fixed = withEditedHeader(broken, (h) => { h.crc32 = crc32(broken.subarray(dataStart(broken))); });
      refused(fixed, new RegExp(`"h.0.attn.c_attn.weight" holds ${bad} at index 5; weights must be finite`));
    }
  });
});

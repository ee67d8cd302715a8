// Writes one of our GPTs as a GPT-2 file in Hugging Face's layout (Conv1D weights transposed to (in, out), float32
// safetensors), for tests that need a GPT-2 file of a shape no committed fixture has (GPT-2's 50,257 tokens).
import type { GPT } from '../../gpt';

const CONV1D = ['attn.c_attn.weight', 'attn.c_proj.weight', 'mlp.c_fc.weight', 'mlp.c_proj.weight'];

export async function gpt2FileOf(model: GPT): Promise<Uint8Array<ArrayBuffer>> {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const blobs: Float32Array[] = [];
  let offset = 0;
  for (const [name, p] of model.namedParameters()) {
    let data = Float32Array.from(await p.data());
    let shape = [...p.shape];
    if (CONV1D.some((s) => name.endsWith(s))) {
      const [rows, cols] = shape;
      const t = new Float32Array(data.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = data[r * cols + c];
      data = t;
      shape = [cols, rows];
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + 4 * data.length] };
    blobs.push(data);
    offset += 4 * data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  let at = 8 + text.length;
  for (const b of blobs) {
    out.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), at);
    at += b.byteLength;
  }
  return out;
}

// SHA-256 of a file's bytes as hex: how the lab recognises the same file imported twice. In workers/ because both
// sides hash: the engine hashes a GPT-2 checkpoint it made before handing it over as a Blob (so the page never reads
// its bytes), the page hashes the files the reader gives it.
import { blobSource, sliceReader } from '../engine/model/gpt2/safetensors';
import { Sha256 } from './sha256';

/** SHA-256 of the bytes, or of a Blob's bytes read 4 MB at a time into one buffer (never whole), as hex. */
export async function contentHash(bytes: ArrayBuffer | Uint8Array | Blob): Promise<string> {
  if (isBlob(bytes)) return blobHash(bytes);
  // A view over the bytes: accepted across realms (jsdom's ArrayBuffer is not this realm's).
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', view as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether `v` is a Blob (or File), from any realm: a test DOM's Blob is a Blob all the same. */
export function isBlob(v: unknown): v is Blob {
  const tag = Object.prototype.toString.call(v);
  return tag === '[object Blob]' || tag === '[object File]';
}

async function blobHash(blob: Blob, sliceBytes = 4 * 2 ** 20): Promise<string> {
  const hash = new Sha256();
  await sliceReader(blobSource(blob), sliceBytes)(0, blob.size, (bytes) => hash.update(bytes));
  return hash.hex();
}

// Our SHA-256 fed in pieces agrees with the platform's (crypto.subtle) on inputs of every length around the
// block and padding edges, however the input is split.
import { describe, expect, it } from 'vitest';
import { contentHash } from './contentHash';
import { Sha256 } from './sha256';

const subtle = async (bytes: Uint8Array) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))].map((b) => b.toString(16).padStart(2, '0')).join('');

describe('Sha256', () => {
  it('gives the known digest of "abc" and of nothing', () => {
    expect(new Sha256().update(new TextEncoder().encode('abc')).hex()).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(new Sha256().hex()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('agrees with crypto.subtle for lengths around 55, 56, 64 and 119 bytes, fed whole or in uneven pieces', async () => {
    for (const length of [1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4099]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 131 + 7) & 0xff);
      const want = await subtle(bytes);
      expect(new Sha256().update(bytes).hex(), `${length} bytes whole`).toBe(want);
      const pieces = new Sha256();
      for (let at = 0, step = 1; at < length; at += step, step = (step * 3 + 1) % 97 || 1) pieces.update(bytes.subarray(at, Math.min(length, at + step)));
      expect(pieces.hex(), `${length} bytes in pieces`).toBe(want);
    }
  });

  it('contentHash of a Blob (read in 4 MB slices, hashed here) equals that of its bytes (crypto.subtle)', async () => {
    const bytes = Uint8Array.from({ length: 9 * 2 ** 20 + 13 }, (_, i) => (i * 2654435761) >>> 24);
    expect(await contentHash(new Blob([bytes]))).toBe(await contentHash(bytes));
  });
});

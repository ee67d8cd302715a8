// The packed rank-table format: tokens come back byte for byte, and a file that is not one, is cut short or has
// bytes to spare is refused with a message that says which.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip, packRankTable, parseTiktoken, RankTableError, unpackRankTable } from './rankTable';

const tokens = [Uint8Array.of(0x61), Uint8Array.of(0x62), Uint8Array.of(0x61, 0x62), Uint8Array.of(0xf0, 0x9f, 0x91), new Uint8Array(255).fill(7)];

describe('rank tables', () => {
  it('unpacks what it packed, byte for byte, through gzip and without it', async () => {
    const packed = packRankTable(tokens);
    expect(unpackRankTable(packed)).toEqual(tokens);
    expect(unpackRankTable(await gunzip(gzipSync(packed)))).toEqual(tokens);
    expect(await gunzip(packed)).toBe(packed); // already decompressed (by the server): passed through
  });

  it('refuses files that are not a table, are cut short, or carry extra bytes', () => {
    const packed = packRankTable(tokens);
    expect(() => unpackRankTable(new TextEncoder().encode('IQ== 0\nIg== 1'))).toThrow(/not a rank table/);
    expect(() => unpackRankTable(packed.subarray(0, packed.length - 1))).toThrow(RankTableError);
    expect(() => unpackRankTable(Uint8Array.of(...packed, 0))).toThrow(/is 282 bytes, not 281/);
    const future = packed.slice();
    future[9] = 2;
    expect(() => unpackRankTable(future)).toThrow(/version 2; this build reads version 1/);
    expect(() => packRankTable([new Uint8Array(0)])).toThrow(/token 0 has 0 bytes/);
  });

  it('reads tiktoken text and insists on ranks 0, 1, 2, … in order', () => {
    expect(parseTiktoken('YQ== 0\nYg== 1\nYWI= 2\n')).toEqual(tokens.slice(0, 3));
    expect(() => parseTiktoken('YQ== 0\nYWI= 2')).toThrow(/line 2 is not "base64 1"/);
  });
});

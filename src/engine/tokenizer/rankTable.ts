// The file format GPT-2's and GPT-4o's rank tables ship in (public/tokenizers/*.ranks.gz, written by
// scripts/build-rank-tables.ts): the same tokens as OpenAI's tiktoken files ("base64(bytes) rank" per line), packed
// for size. The rank is the position, so only the bytes are stored: a header, one length byte per token, then every
// token's bytes back to back; the whole is gzipped (o200k: 3.6 MB of tiktoken text → about 1 MB).

const MAGIC = 'tbt-ranks';
const VERSION = 1;
const HEADER = MAGIC.length + 1 + 4; // magic, version byte, token count (u32 little-endian)

/** Thrown on a rank table file that is not one, or is cut short. */
export class RankTableError extends Error {
  override name = 'RankTableError';
}

/**
 * Reads a tiktoken file: one "base64 rank" line per token, ranks 0, 1, 2, … in order (as in r50k_base and o200k_base).
 * @returns the bytes of each token, indexed by rank
 */
export function parseTiktoken(text: string): Uint8Array[] {
  const tokens: Uint8Array[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [b64, rankText] = line.trim().split(/\s+/);
    if (!b64 || Number(rankText) !== tokens.length) {
      throw new RankTableError(`line ${tokens.length + 1} is not "base64 ${tokens.length}": "${line.slice(0, 40)}"`);
    }
    tokens.push(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
  }
  if (tokens.length === 0) throw new RankTableError('the tiktoken file has no tokens');
  return tokens;
}

/** Packs tokens (indexed by rank, each 1–255 bytes) into the format above, before gzip. */
export function packRankTable(tokens: readonly Uint8Array[]): Uint8Array {
  const total = tokens.reduce((n, t) => n + t.length, 0);
  const out = new Uint8Array(HEADER + tokens.length + total);
  out.set(new TextEncoder().encode(MAGIC));
  out[MAGIC.length] = VERSION;
  new DataView(out.buffer).setUint32(MAGIC.length + 1, tokens.length, true);
  let at = HEADER + tokens.length;
  tokens.forEach((t, rank) => {
    if (t.length < 1 || t.length > 255) throw new RankTableError(`token ${rank} has ${t.length} bytes (1–255 fit)`);
    out[HEADER + rank] = t.length;
    out.set(t, at);
    at += t.length;
  });
  return out;
}

/** The tokens of a packed table (views into `packed`), checking the header and that nothing is missing or extra. */
export function unpackRankTable(packed: Uint8Array): Uint8Array[] {
  const magic = new TextDecoder().decode(packed.subarray(0, MAGIC.length));
  if (packed.length < HEADER || magic !== MAGIC) throw new RankTableError(`not a rank table (it should start with "${MAGIC}")`);
  if (packed[MAGIC.length] !== VERSION) {
    throw new RankTableError(`rank table version ${packed[MAGIC.length]}; this build reads version ${VERSION}`);
  }
  const count = new DataView(packed.buffer, packed.byteOffset).getUint32(MAGIC.length + 1, true);
  const lengths = packed.subarray(HEADER, HEADER + count);
  const total = lengths.reduce((n, l) => n + l, 0);
  if (lengths.length !== count || packed.length !== HEADER + count + total) {
    throw new RankTableError(`the rank table of ${count} tokens is ${packed.length} bytes, not ${HEADER + count + total}`);
  }
  const tokens: Uint8Array[] = new Array(count);
  let at = HEADER + count;
  for (let rank = 0; rank < count; rank++) {
    tokens[rank] = packed.subarray(at, at + lengths[rank]);
    at += lengths[rank];
  }
  return tokens;
}

/** Gunzips with the platform's DecompressionStream (browsers, Node ≥ 18); bytes that are not gzip pass through, since
 * a server may already have undone the compression (Content-Encoding). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

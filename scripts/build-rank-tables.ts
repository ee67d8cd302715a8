// npx tsx scripts/build-rank-tables.ts — writes GPT-2's and GPT-4o's rank tables into public/tokenizers/ in the packed format
// of src/engine/tokenizer/rankTable.ts, from the tiktoken files that ship inside the gpt-tokenizer package (the same
// library the tests compare against). Run it again only if the format or the package changes; the output is
// committed, and the same input gives the same bytes.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { RANKED_ENCODINGS, type RankedEncodingName } from '../src/engine/tokenizer/encodings';
import { packRankTable, parseTiktoken } from '../src/engine/tokenizer/rankTable';

const resolve = createRequire(import.meta.url).resolve;

for (const name of Object.keys(RANKED_ENCODINGS) as RankedEncodingName[]) {
  const source = resolve(`gpt-tokenizer/data/${name}.tiktoken`);
  const tokens = parseTiktoken(readFileSync(source, 'utf8'));
  const packed = packRankTable(tokens);
  const file = new URL(`../public/${RANKED_ENCODINGS[name].file}`, import.meta.url);
  mkdirSync(new URL('.', file), { recursive: true });
  const gzipped = gzipSync(packed, { level: 9 }); // gzip's header carries no time here, so the output is stable
  writeFileSync(file, gzipped);
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`${name}: ${tokens.length} tokens, ${kib(packed.length)} packed, ${kib(gzipped.length)} gzipped → public/${RANKED_ENCODINGS[name].file}`);
}

// generate's stop sequence: the run ends with the drawn token that completes it (kept), forced tokens never stop it.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProgressOf, ResultOf } from './protocol';
import { hostHarness } from './testing/hostHarness';
import { tinyCheckpoint } from './testing/tinyCheckpoint';

let bytes: ArrayBuffer;
beforeAll(async () => {
  bytes = await tinyCheckpoint();
});

async function generate(params: object) {
  const harness = hostHarness();
  await harness.result('loadCheckpoint', { key: 'base', bytes });
  const run = harness.call('generate', { key: 'base', text: 'ROMEO:', temperature: 1, seed: 4, maxNewTokens: 12, ...params } as never);
  const answer = await run.done;
  if (answer.kind === 'error') throw new Error(answer.error.message);
  return { result: answer.result as ResultOf<'generate'>, tokens: run.progress() as ProgressOf<'generate'>[] };
}

describe('generate with a stop sequence', () => {
  it('stops at the first drawn token that completes it, and keeps that token', async () => {
    const free = await generate({});
    expect(free.tokens.every((t) => !t.completesStop)).toBe(true);
    const stop = free.result.text.slice(2, 4); // two characters from the middle of the free run's text
    const at = free.result.text.indexOf(stop) + stop.length; // where the text first completes it
    const stopped = await generate({ stop });
    expect(stopped.result.ids).toEqual(free.result.ids.slice(0, stopped.result.ids.length));
    expect(stopped.result.text.length).toBeGreaterThanOrEqual(at);
    expect(stopped.result.text).toContain(stop);
    expect(stopped.result.text.slice(0, at)).toBe(free.result.text.slice(0, at));
    // The token before the last did not yet complete it.
    const beforeLast = await generate({ maxNewTokens: stopped.result.ids.length - 1 });
    expect(beforeLast.result.text.includes(stop)).toBe(false);
    expect(stopped.tokens.at(-1)!.completesStop).toBe(true);
  });

  it('never stops on forced tokens, and a sequence that never appears runs to maxNewTokens', async () => {
    const free = await generate({ maxNewTokens: 4 });
    const forcedText = free.result.text;
    const forced = await generate({ maxNewTokens: 4, forced: free.result.ids, stop: forcedText });
    expect(forced.tokens.map((t) => t.completesStop ?? false)).toEqual([false, false, false, false]);
    const never = await generate({ maxNewTokens: 5, stop: '\u{1F600}never' });
    expect(never.result.ids).toHaveLength(5);
  });
});

// Bad addresses: whatever a link carries, the book opens at a real chapter and step with every knob in its range,
// and nothing throws. (Chromium runs a share of these against the page itself: tests/e2e/bad-input.spec.ts.)
import { book } from '../../src/state/book';
import type { KnobSpec } from '../../src/state/knobs';
import { knobIds, knobTable, parseHash } from '../../src/state/urlHash';
import { classifyCall, type BadInputCase } from './outcome';

function inRange(hash: string): string | null {
  const state = parseHash(hash);
  const chapter = book.find((c) => c.id === state.chapterId);
  if (!chapter) return `unknown chapter ${state.chapterId}`;
  if (!(state.stepIndex >= 0 && state.stepIndex < chapter.steps.length)) return `step ${state.stepIndex}`;
  for (const id of knobIds) {
    const spec: KnobSpec = knobTable[id];
    const value = state.knobs[id] as unknown;
    if (spec.kind === 'number' && !(typeof value === 'number' && value >= spec.min && value <= spec.max)) return `${id} = ${String(value)}`;
    if (spec.kind === 'text' && !(typeof value === 'string' && [...value].length <= spec.maxLength)) return `${id} is too long`;
  }
  if (!state.hidden.every((k) => knobIds.includes(k)) || !state.locked.every((k) => knobIds.includes(k))) return 'unknown knob hidden or locked';
  return null;
}

const hashes: [string, string][] = [
  ['an unknown chapter', '#/no-such-chapter/step'],
  ['a step past the end', '#/overview/99'],
  ['step zero', '#/overview/0'],
  ['a negative step', '#/overview/-1'],
  ['a broken percent escape', '#/overview/%E0%A4%A'],
  ['temperature NaN', '#/overview/pipeline?temperature=NaN'],
  ['temperature Infinity', '#/overview/pipeline?temperature=Infinity'],
  ['a seed of 1e400', '#/overview/pipeline?seed=1e400'],
  ['a 10,000-character prompt', `#/overview/pipeline?prompt=${'a'.repeat(10_000)}`],
  ['a prompt of 500 emoji', `#/overview/pipeline?prompt=${encodeURIComponent('😀'.repeat(500))}`],
  ['half an emoji escape', '#/overview/pipeline?prompt=%F0%9F'],
  ['a NUL in the prompt', '#/overview/pipeline?prompt=%00'],
  ['hide and lock unknown knobs', '#/overview/pipeline?hide=prompt,prompt,bogus&lock=__proto__'],
  ['two views', '#/overview/pipeline?view=projector&view=x'],
  ['a bare #', '#'],
  ['#/ alone', '#/'],
  ['#// alone', '#//'],
  ['focus −5', '#/overview/pipeline?focus=-5'],
  ['__proto__ as a knob', '#/overview/pipeline?__proto__=1&constructor=x&toString=1'],
  ['no path, only a query', '#?temperature=1.2'],
  ['a javascript: link', '#/javascript:alert(1)/x'],
  ['a 100,000-character hash', `#/overview/${'x'.repeat(100_000)}`],
];

export const urlCases: BadInputCase<null>[] = hashes.map(([name, hash]) => ({
  cls: 'url',
  name: `address: ${name}`,
  run: () => classifyCall(() => hash, null, (h) => inRange(h as string)),
}));

import { describe, expect, it } from 'vitest';
import { book as chapters } from './book';
import { numberKnob } from './knobs';
import { assembleKnobTable, sharedKnobs } from './knobTable';
import { defaultKnobValues, formatHash, knobIds, knobTable, parseHash, type HashState } from './urlHash';
import { stepBy, isFirstStep, isLastStep } from './slices/navigation';

const base = (): HashState => ({
  chapterId: 'overview',
  stepIndex: 0,
  knobs: defaultKnobValues(),
  hidden: [],
  locked: [],
  projector: false,
});

describe('url hash', () => {
  it('round-trips chapter, step, knobs, teacher lists and projector mode', () => {
    const state: HashState = {
      ...base(),
      stepIndex: 4,
      knobs: { ...defaultKnobValues(), prompt: 'JULIET: O Romeo, Romeo & all? = 100% ✨\nnext line', temperature: 1.35, seed: 42 },
      hidden: ['seed'],
      locked: ['prompt', 'temperature'],
      projector: true,
    };
    const hash = formatHash(state);
    expect(hash.startsWith('#/overview/pipeline?')).toBe(true);
    expect(parseHash(hash)).toEqual(state);
  });

  it('leaves default knobs out, so the plainest view has the plainest link', () => {
    expect(formatHash(base())).toBe('#/overview/learning');
    expect(parseHash('')).toEqual(base());
  });

  it('falls back to defaults for unknown chapters, steps, knobs and out-of-range values', () => {
    const parsed = parseHash('#/no-such-chapter/nope?temperature=banana&seed=99999999&hide=prompt,bogus&view=nope');
    expect(parsed.chapterId).toBe(chapters[0].id);
    expect(parsed.stepIndex).toBe(0);
    expect(parsed.knobs.temperature).toBe(knobTable.temperature.default);
    expect(parsed.knobs.seed).toBe(knobTable.seed.max);
    expect(parsed.hidden).toEqual(['prompt']);
    expect(parsed.projector).toBe(false);
  });

  it('clamps and snaps numbers to the knob step', () => {
    expect(parseHash('#/overview/learning?temperature=0.8123').knobs.temperature).toBe(0.8);
    expect(parseHash('#/overview/learning?temperature=-3').knobs.temperature).toBe(knobTable.temperature.min);
  });

  it('accepts a 1-based step number and survives malformed escapes', () => {
    expect(parseHash('#/overview/3').stepIndex).toBe(2);
    expect(parseHash('#/overview/%E0%A4%A').chapterId).toBe('overview');
  });

  it('gives every chapter and step a distinct id and keeps knob names off the reserved keys', () => {
    const ids = chapters.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of chapters) expect(new Set(c.steps.map((s) => s.id)).size).toBe(c.steps.length);
    for (const id of knobIds) expect(['hide', 'lock', 'view']).not.toContain(id);
    expect(Object.keys(knobTable).sort()).toEqual(
      [...Object.keys(sharedKnobs), ...chapters.flatMap((c) => Object.keys(c.knobs))].sort(),
    );
  });

  it('rejects two knobs with one name, naming both owners', () => {
    const knob = numberKnob({ label: 'x', min: 0, max: 1, step: 1, default: 0 });
    const card = (id: string, knobs: Record<string, typeof knob>) => ({ ...chapters[0], id, knobs });
    expect(() => assembleKnobTable(sharedKnobs, [card('a', { depth: knob }), card('b', { depth: knob })]))
      .toThrow('Two knobs are named "depth": in chapter "a" and in chapter "b"');
    expect(() => assembleKnobTable(sharedKnobs, [card('a', { seed: knob })])).toThrow('in the shared knobs and in chapter "a"');
    expect(() => assembleKnobTable(sharedKnobs, [card('a', { view: knob })])).toThrow('"view"');
  });
});

describe('step navigation', () => {
  it('walks every step of every chapter forwards and back again', () => {
    let state = { chapterId: chapters[0].id, stepIndex: 0 };
    const seen = [`${state.chapterId}/${state.stepIndex}`];
    while (!isLastStep(state)) {
      state = stepBy(state, 1);
      seen.push(`${state.chapterId}/${state.stepIndex}`);
    }
    const total = chapters.reduce((n, c) => n + c.steps.length, 0);
    expect(seen).toHaveLength(total);
    expect(stepBy(state, 1)).toBe(state);
    let back = state;
    for (let i = 1; i < total; i++) back = stepBy(back, -1);
    expect(isFirstStep(back)).toBe(true);
    expect(stepBy(back, -1)).toBe(back);
  });

  it('enters the previous chapter at its last step', () => {
    expect(stepBy({ chapterId: chapters[1].id, stepIndex: 0 }, -1)).toEqual({
      chapterId: chapters[0].id,
      stepIndex: chapters[0].steps.length - 1,
    });
  });
});

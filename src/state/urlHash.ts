// The URL hash is the shareable view: chapter, step, every knob, teacher hide/lock lists and projector mode.
// Everything that goes into the hash goes through the one knob table (knobTable.ts, after TensorFlow Playground's
// state.ts), so a copied link reproduces exactly what its sender saw.
// Grammar: #/<chapter>/<step>?<knob>=<value>&hide=a,b&lock=c&view=projector
import { book, findChapter } from './book';
import { formatKnobValue, normaliseKnobValue, type KnobSpec } from './knobs';
import { knobIds, knobTable, type KnobId, type KnobValues } from './knobTable';

export { knobIds, knobTable, type KnobId, type KnobValues } from './knobTable';

/** Query keys that are not knobs. */
const reserved = { hide: 'hide', lock: 'lock', view: 'view' } as const;

export interface HashState {
  chapterId: string;
  stepIndex: number;
  knobs: KnobValues;
  hidden: KnobId[];
  locked: KnobId[];
  projector: boolean;
}

export function defaultKnobValues(): KnobValues {
  const values = {} as Record<KnobId, unknown>;
  for (const id of knobIds) values[id] = knobTable[id].default;
  return values as KnobValues;
}

function isKnobId(name: string): name is KnobId {
  return Object.prototype.hasOwnProperty.call(knobTable, name);
}

function parseKnobList(raw: string | null): KnobId[] {
  if (!raw) return [];
  return [...new Set(raw.split(',').filter(isKnobId))];
}

/** Reads a hash (with or without the leading #). Anything unknown or out of range falls back to its default. */
export function parseHash(hash: string): HashState {
  const text = hash.replace(/^#/, '');
  const queryAt = text.indexOf('?');
  const path = queryAt < 0 ? text : text.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : text.slice(queryAt + 1));
  const [chapterPart = '', stepPart = ''] = path.replace(/^\//, '').split('/').map(safeDecode);

  const chapter = findChapter(chapterPart) ?? book[0];
  let stepIndex = chapter.steps.findIndex((s) => s.id === stepPart);
  if (stepIndex < 0 && /^\d+$/.test(stepPart)) stepIndex = Math.min(Number(stepPart) - 1, chapter.steps.length - 1);
  if (stepIndex < 0) stepIndex = 0;

  const knobs = defaultKnobValues() as Record<KnobId, unknown>;
  for (const id of knobIds) {
    const raw = query.get(id);
    if (raw === null) continue;
    const value = normaliseKnobValue(knobTable[id], raw);
    if (value !== undefined) knobs[id] = value;
  }
  return {
    chapterId: chapter.id,
    stepIndex,
    knobs: knobs as KnobValues,
    hidden: parseKnobList(query.get(reserved.hide)),
    locked: parseKnobList(query.get(reserved.lock)),
    projector: query.get(reserved.view) === 'projector',
  };
}

/** The canonical hash for a state: knobs at their default are left out, so links stay short. */
export function formatHash(state: HashState): string {
  const chapter = findChapter(state.chapterId) ?? book[0];
  const step = chapter.steps[Math.min(Math.max(0, state.stepIndex), chapter.steps.length - 1)];
  const query = new URLSearchParams();
  for (const id of knobIds) {
    const spec: KnobSpec = knobTable[id];
    const value = state.knobs[id];
    if (value !== spec.default) query.set(id, formatKnobValue(spec, value));
  }
  const inTableOrder = (ids: KnobId[]) => knobIds.filter((id) => ids.includes(id));
  if (state.hidden.length) query.set(reserved.hide, inTableOrder(state.hidden).join(','));
  if (state.locked.length) query.set(reserved.lock, inTableOrder(state.locked).join(','));
  if (state.projector) query.set(reserved.view, 'projector');
  const search = query.toString();
  return `#/${chapter.id}/${step.id}${search ? `?${search.replace(/%2C/g, ',')}` : ''}`;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

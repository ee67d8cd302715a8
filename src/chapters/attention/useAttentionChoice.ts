// What every step of the chapter shares: the active model's shape, the layer / head / query the URL asks for
// (brought into the model's range, with a note when a link asked for more than this model has), the heads switched
// off, and a validation passage the model never trained on.
import { useMemo } from 'react';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { useEngineQuery } from '../../state/useEngineQuery';
import { formatSwitches, parseSwitches } from './headSwitches';

export interface ModelShape {
  nLayer: number;
  nHead: number;
  blockSize: number;
  vocabSize: number;
}

/** The active checkpoint's shape, or null until the lab has loaded it. */
export function useModelShape(): ModelShape | null {
  const config = useStore((s) => s.checkpoints.find((c) => c.key === s.activeKey)?.summary.config);
  return useMemo(
    () => (config ? { nLayer: config.nLayer, nHead: config.nHead, blockSize: config.blockSize, vocabSize: config.vocabSize } : null),
    [config],
  );
}

export interface HeadChoice {
  /** 0-based, within the model. */
  layer: number;
  head: number;
  /** Notes for the reader when the link asked for a layer or head this model lacks. */
  notes: string[];
  choose: (layer: number, head: number) => void;
}

export function useHeadChoice(shape: ModelShape | null): HeadChoice {
  const wantLayer = useStore((s) => s.knobs.attLayer);
  const wantHead = useStore((s) => s.knobs.attHead);
  const nLayer = shape?.nLayer ?? 1, nHead = shape?.nHead ?? 1;
  const layer = Math.min(wantLayer, nLayer) - 1;
  const head = Math.min(wantHead, nHead) - 1;
  const notes: string[] = [];
  if (shape && wantLayer > nLayer) notes.push(`This model has ${nLayer} layer${nLayer > 1 ? 's' : ''}: showing layer ${nLayer}.`);
  if (shape && wantHead > nHead) notes.push(`Each layer has ${nHead} head${nHead > 1 ? 's' : ''}: showing head ${nHead}.`);
  return {
    layer,
    head,
    notes,
    choose: (l, h) => {
      setKnob('attLayer', l + 1);
      setKnob('attHead', h + 1);
    },
  };
}

/** The query position (0-based) the URL asks for within T tokens: 0 in the URL, or past the end, means the last. */
export function useQueryIndex(T: number): { query: number; choose: (i: number) => void } {
  const want = useStore((s) => s.knobs.attQuery);
  const query = want === 0 || want > T ? Math.max(0, T - 1) : want - 1;
  return { query, choose: (i) => setKnob('attQuery', i + 1) };
}

/** The heads switched off (from the URL), as the engine's mask, plus what in the link could not be used. */
export function useHeadSwitches(shape: ModelShape | null) {
  const text = useStore((s) => s.knobs.attOff);
  const parsed = useMemo(() => (shape ? parseSwitches(text, shape.nLayer, shape.nHead) : null), [text, shape]);
  return {
    mask: parsed?.mask ?? null,
    problems: parsed?.problems ?? [],
    set: (mask: readonly (readonly number[])[]) => setKnob('attOff', formatSwitches(mask)),
  };
}

/** A passage from the validation part of the shipped corpus (the same for every step). */
export function useValidationPassage() {
  const params = useMemo(() => ({ length: 600, index: 0 }), []);
  return useEngineQuery('validationPassage', params, { needsModel: false, debounceMs: 0 });
}

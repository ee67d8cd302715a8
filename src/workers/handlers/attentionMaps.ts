// Every layer's and every head's attention weights on one text (the Attention chapter's grid), and what each head
// does, measured on the whole text (window after window when it is longer than the context): the share of its attention on the previous token, the token itself, the first
// token, the start of the query's line, and the token after an earlier copy of the query's token (induction).
import { noGrad, tensor, tidy, Trace, type GPT, type Tokenizer } from '../../engine';
import { encodeOrExplain, type EngineState } from '../engineState';
import { s, type Infer } from '../schema';
import type { PipelineToken } from './inspect';
import { checkpointKey } from './loadCheckpoint';
import { method } from './method';

export const roleNames = ['previous', 'same', 'first', 'lineStart', 'induction'] as const;
export type RoleName = (typeof roleNames)[number];

/** One head's measured role: the mean share of attention on each kind of target, and what uniform attention gives. */
export interface HeadRole {
  layer: number;
  head: number;
  /** Mean weight on that target over the queries that have one; null when no query has one in this text. */
  share: Record<RoleName, number | null>;
  /** The same mean if every query spread its attention evenly over the tokens it can see. */
  uniform: Record<RoleName, number | null>;
  /**
   * The role whose share stands furthest above even spreading (largest share − uniform), among those with a share
   * of at least 10 % and at least 3 × the uniform one; null when none qualifies.
   */
  label: RoleName | null;
}

export interface AttentionMapsResult {
  tokens: PipelineToken[];
  /** Tokens cut from the front because the text is longer than the context. */
  cut: number;
  nLayer: number;
  nHead: number;
  /** weights[((layer · nHead + head) · T + query) · T + key], the softmax weights (zero above the diagonal). */
  weights: Float32Array;
  /** Measured over the whole text (every context-long window), not only the tokens the maps show. */
  roles: HeadRole[];
  /** How many tokens the roles were measured on. */
  roleTokens: number;
}

const mapsParams = s.object({
  key: checkpointKey(),
  text: s.string({ maxLength: 100_000 }),
});

export const attentionMaps = method({
  lane: 'queue',
  retry: true,
  params: mapsParams,
  run: (p, { state }) => traceAllHeads(state, p),
});

async function traceAllHeads(state: EngineState, p: Infer<typeof mapsParams>): Promise<AttentionMapsResult> {
  const { model, tokenizer } = state.get(p.key).loaded;
  const { nLayer, nHead, blockSize } = model.config;
  const all = encodeOrExplain(tokenizer, p.text);
  // As attentionHead does: the maps show what the model reads at once, the last blockSize tokens.
  const ids = all.slice(-blockSize);
  const T = ids.length;
  const weights = await allWeights(model, ids);
  // The roles are measured over the whole text, one context-long window after another (each read on its own).
  const sums: RoleSums[] = [];
  for (let start = 0; start < all.length; start += blockSize) {
    const window = all.slice(start, start + blockSize);
    const w = start + blockSize >= all.length && window.length === T ? weights : await allWeights(model, window);
    addRoleSums(sums, w, nLayer, nHead, window, lineBreaks(tokenizer, window));
  }
  return {
    tokens: ids.map((id) => ({ id, label: tokenizer.tokenToDisplay(id) })),
    cut: all.length - T,
    nLayer,
    nHead,
    weights,
    roles: rolesFromSums(sums, nHead),
    roleTokens: all.length,
  };
}

/** Every layer's and head's weights on `ids`, as one (nLayer, nHead, T, T) array. */
async function allWeights(model: GPT, ids: readonly number[]): Promise<Float32Array> {
  const { nLayer, nHead } = model.config;
  const T = ids.length;
  const trace = new Trace({ site: 'attn.weights' });
  tidy(() => noGrad(() => { model.forward(tensor(ids, [1, T]), { trace }); }));
  const readout = await trace.read();
  const weights = new Float32Array(nLayer * nHead * T * T);
  for (let layer = 0; layer < nLayer; layer++) weights.set(readout.require({ site: 'attn.weights', layer }).data, layer * nHead * T * T);
  return weights;
}

/** Per position: whether that token's text ends a line (so the next token starts one). */
export function lineBreaks(tokenizer: Pick<Tokenizer, 'decode'>, ids: readonly number[]): boolean[] {
  return ids.map((id) => tokenizer.decode([id]).endsWith('\n'));
}

/**
 * The targets of each role for query i, as key positions: previous i−1, same i, first 0, the first token of i's
 * line (only when that is neither 0 nor i, so it differs from "first" and "same"), and induction: every j < i whose
 * predecessor j−1 holds the query's own token (the token that followed an earlier copy of it).
 */
export function roleTargets(role: RoleName, i: number, ids: readonly number[], breaks: readonly boolean[]): number[] {
  switch (role) {
    case 'previous':
      return i >= 1 ? [i - 1] : [];
    case 'same':
      return [i];
    case 'first':
      return i >= 1 ? [0] : []; // query 0 can only look at itself: it says nothing about the head
    case 'lineStart': {
      let start = i;
      while (start > 0 && !breaks[start - 1]) start--;
      return start > 0 && start < i ? [start] : [];
    }
    case 'induction': {
      const targets: number[] = [];
      for (let j = 1; j < i; j++) if (ids[j - 1] === ids[i]) targets.push(j);
      return targets;
    }
  }
}

/** Running sums of one head's role measures over one or more windows of text. */
interface RoleSums {
  sum: number[];
  even: number[];
  queries: number[];
}

/** Adds one window's (nLayer, nHead, T, T) weights to the per-head sums (one RoleSums per head, layer-major). */
export function addRoleSums(sums: RoleSums[], weights: ArrayLike<number>, nLayer: number, nHead: number, ids: readonly number[], breaks: readonly boolean[]): RoleSums[] {
  const T = ids.length;
  const targets = roleNames.map((role) => Array.from({ length: T }, (_, i) => roleTargets(role, i, ids, breaks)));
  for (let m = 0; m < nLayer * nHead; m++) {
    const base = m * T * T;
    sums[m] ??= { sum: roleNames.map(() => 0), even: roleNames.map(() => 0), queries: roleNames.map(() => 0) };
    targets.forEach((perQuery, r) =>
      perQuery.forEach((js, i) => {
        if (js.length === 0) return;
        sums[m].queries[r]++;
        for (const j of js) sums[m].sum[r] += weights[base + i * T + j];
        sums[m].even[r] += js.length / (i + 1);
      }),
    );
  }
  return sums;
}

/** Each head's mean shares and uniform baselines from its sums, with its label. */
export function rolesFromSums(sums: readonly RoleSums[], nHead: number): HeadRole[] {
  return sums.map((s, m) => {
    const share = {} as Record<RoleName, number | null>;
    const uniform = {} as Record<RoleName, number | null>;
    roleNames.forEach((role, r) => {
      share[role] = s.queries[r] ? s.sum[r] / s.queries[r] : null;
      uniform[role] = s.queries[r] ? s.even[r] / s.queries[r] : null;
    });
    return { layer: Math.floor(m / nHead), head: m % nHead, share, uniform, label: labelOf(share, uniform) };
  });
}

/** Every head's role shares on one window of text, from its (nLayer, nHead, T, T) weights. */
export function headRoles(weights: ArrayLike<number>, nLayer: number, nHead: number, ids: readonly number[], breaks: readonly boolean[]): HeadRole[] {
  return rolesFromSums(addRoleSums([], weights, nLayer, nHead, ids, breaks), nHead);
}

function labelOf(share: Record<RoleName, number | null>, uniform: Record<RoleName, number | null>): RoleName | null {
  let best: RoleName | null = null;
  for (const role of roleNames) {
    const x = share[role], u = uniform[role];
    if (x === null || u === null || x < 0.1 || x < 3 * u) continue;
    if (best === null || x - u > share[best]! - uniform[best]!) best = role;
  }
  return best;
}

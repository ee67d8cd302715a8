// The arithmetic of one generated token, in multiply-adds, for our model and for three published (or estimated)
// ones, and the energy that arithmetic takes under stated assumptions. The counts come from the engine's own FLOP
// counter (engine/flops.ts: 2 FLOPs per multiply-add), so the page and the engine's progress events agree.
import { forwardFlops, forwardFlopsPerToken, type FlopBreakdown } from '../../engine/flops';
import type { GPTConfig } from '../../engine/model/gptConfig';

/** The parts of one token's forward pass the chapter names, in multiply-adds. */
export interface CostParts {
  /** A table lookup (token row + position row): additions only, no multiply-adds. */
  embedding: number;
  /** q, k, v and the output projection, all layers. */
  projections: number;
  /** q·k and weights·v over the positions this token sees, all layers. */
  attention: number;
  mlp: number;
  /** Logits over the whole vocabulary. */
  head: number;
  total: number;
}

export function partsOf(f: FlopBreakdown): CostParts {
  const projections = (f.qkv + f.attnProj) / 2;
  return { embedding: 0, projections, attention: f.attention / 2, mlp: f.mlp / 2, head: f.head / 2, total: f.total / 2 };
}

/** Multiply-adds for the token at `position` (tokens before it) with a KV cache: one position through every layer. */
export function withCache(c: GPTConfig, position: number): CostParts {
  return partsOf(forwardFlopsPerToken(c, Math.max(0, position - 1)));
}

/** Multiply-adds for the same token without a cache: the whole visible context runs through the model again. */
export function withoutCache(c: GPTConfig, position: number): CostParts {
  return partsOf(forwardFlops(c, { cached: 0, fresh: Math.min(Math.max(1, position), c.blockSize) }));
}

/** Multiply-adds of an answer: prompt read once, then `answer` tokens with a cache (the way every server decodes). */
export function answerMacs(c: GPTConfig, promptTokens: number, answer: number): number {
  let total = withoutCache(c, promptTokens).total;
  for (let i = 1; i < answer; i++) total += withCache(c, promptTokens + i).total;
  return total;
}

// ---- Larger models --------------------------------------------------------------------------------------------

export interface LargeModel {
  name: string;
  /** Published parameter count, or an estimate (then `isEstimate`). */
  parameters: number;
  isEstimate: boolean;
  /** Published architecture; absent when it is not public (then 1 multiply-add per active parameter per token). */
  config?: GPTConfig;
  activeParameters?: number;
  source: string;
}

// Heads do not change the count (they split the width), so nHead is set to nLayer, which both papers' models share.
const gptShape = (nLayer: number, nEmbd: number, blockSize: number): GPTConfig =>
  ({ vocabSize: 50257, blockSize, nLayer, nHead: nLayer, nEmbd, dropout: 0, bias: true, positional: 'learned' });

export const largeModels: readonly LargeModel[] = [
  {
    name: 'GPT-2 small', parameters: 124e6, isEstimate: false, config: gptShape(12, 768, 1024),
    source: 'Radford et al. 2019 (OpenAI): 12 layers, width 768, 50,257 tokens, context 1,024',
  },
  {
    name: 'GPT-3', parameters: 175e9, isEstimate: false, config: gptShape(96, 12288, 2048),
    source: 'Brown et al. 2020, Table 2.1: 96 layers, width 12,288, context 2,048',
  },
  {
    name: 'GPT-4o-class', parameters: 200e9, activeParameters: 100e9, isEstimate: true,
    source: 'Not published. Estimate: a mixture of experts with about 100 billion parameters active per token ' +
      '(outside estimates range from tens to a few hundred billion); 1 multiply-add per active parameter per token',
  },
];

/** Multiply-adds per token at a given context length. */
export function largeModelMacsPerToken(m: LargeModel, context: number): number {
  if (m.config) return withCache(m.config, Math.min(context, m.config.blockSize)).total;
  return m.activeParameters ?? m.parameters;
}

// ---- Energy ---------------------------------------------------------------------------------------------------

export interface EnergyAssumptions {
  /** Accelerator peak, FLOP/s (NVIDIA H100 SXM, dense BF16: 989 TFLOP/s, datasheet). */
  peakFlops: number;
  /** Its power at full load, W (H100 SXM: up to 700 W, datasheet). */
  watts: number;
  /** Share of peak used while decoding (reading weights from memory is the bottleneck): an assumption. */
  utilisation: number;
  /** Rest of the server and the data centre (CPUs, memory, network, cooling) as a multiple: an assumption. */
  overhead: number;
}

export const datacentre: EnergyAssumptions = { peakFlops: 989e12, watts: 700, utilisation: 0.1, overhead: 1.5 };

/** Joules per multiply-add (2 FLOPs) under the assumptions. */
export function joulesPerMac(a: EnergyAssumptions): number {
  return (2 * a.watts * a.overhead) / (a.peakFlops * a.utilisation);
}

export const whPerJoule = 1 / 3600;

/** Published per-prompt figures to set the estimates against. */
export const publishedPerPrompt = [
  { who: 'Google, median Gemini Apps text prompt (2025 technical paper, measured)', wh: 0.24 },
  { who: 'OpenAI, average ChatGPT query (Sam Altman, June 2025, stated)', wh: 0.34 },
] as const;

/** Everyday energies, each with how it was worked out. */
export const everyday = [
  { what: 'a 10 W LED bulb for one minute', wh: 10 / 60 },
  { what: 'a full phone charge (about 4,000 mAh at 3.85 V)', wh: 15.4 },
  { what: 'heating 1 litre of water from 20 °C to boiling (4.186 kJ/kg·K × 80 K, no losses)', wh: (4186 * 80) / 3600 },
] as const;

/** "1.2 million", "34 billion": multiply-add counts in words a class can read aloud. */
export function formatBig(n: number): string {
  const units: [number, string][] = [[1e15, 'quadrillion'], [1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];
  for (const [size, name] of units) if (n >= size) return `${threeDigits(n / size)} ${name}`;
  return String(Math.round(n));
}

/** 3 significant digits, without trailing zeros after the point: 14.2, 100, 2.5. */
function threeDigits(x: number): string {
  return String(Number(x.toPrecision(3)));
}

/** Energies from microjoules to watt-hours, in the unit that reads best. */
export function formatEnergy(joules: number): string {
  const two = (x: number) => Number(x.toPrecision(2)).toLocaleString('en');
  if (joules >= 360) return `${two(joules * whPerJoule)} Wh`;
  if (joules >= 1) return `${two(joules)} J`;
  if (joules >= 1e-3) return `${two(joules * 1e3)} mJ`;
  return `${two(joules * 1e6)} µJ`;
}

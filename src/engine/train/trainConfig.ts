// The training settings a reader can type, checked before a run starts: each impossible value (a negative or NaN
// learning rate, a batch of 0, a schedule missing a field) gets a message that names the setting and its range.
import type { CosineSchedule } from '../optim/schedule';
import type { TrainConfig } from './trainer';

/** A training setting outside its range; `field` names it as TrainConfig does ("schedule.maxLr"). */
export class TrainConfigError extends RangeError {
  override name = 'TrainConfigError';
  constructor(readonly field: string, range: string, value: unknown) {
    super(`${field} must be ${range}, got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : JSON.stringify(value) ?? String(value);
}

const MAX_ITERS = 10_000_000;
const MAX_BATCH = 4096;

type Check = (v: unknown) => boolean;
const isInt = (min: number, max = Number.MAX_SAFE_INTEGER): Check => (v) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isNumber = (min: number): Check => (v) => typeof v === 'number' && Number.isFinite(v) && v >= min;
const isFraction: Check = (v) => typeof v === 'number' && v >= 0 && v < 1;

function check(field: string, value: unknown, ok: Check, range: string): void {
  if (!ok(value)) throw new TrainConfigError(field, range, value);
}

/** Throws TrainConfigError for the first impossible setting; windows may not exceed the model's block size. */
export function validateTrainConfig(c: TrainConfig, modelBlockSize: number): TrainConfig {
  check('maxIters', c.maxIters, isInt(1, MAX_ITERS), `a whole number from 1 to ${MAX_ITERS.toLocaleString('en')}`);
  check('batchSize', c.batchSize, isInt(1, MAX_BATCH), `a whole number from 1 to ${MAX_BATCH}`);
  check('blockSize', c.blockSize, isInt(1, modelBlockSize), `a whole number from 1 to the model's block size ${modelBlockSize}`);
  check('schedule', c.schedule, (v) => typeof v === 'object' && v !== null, 'an object with maxLr, minLr, warmupIters and decayIters');
  const fields: [keyof CosineSchedule, Check, string][] = [
    ['maxLr', isNumber(0), 'a number ≥ 0 (the peak learning rate)'],
    ['minLr', isNumber(0), 'a number ≥ 0 (the learning rate after decay)'],
    ['warmupIters', isInt(0), 'a whole number ≥ 0'],
    ['decayIters', isInt(0), 'a whole number ≥ 0'],
  ];
  for (const [name, ok, range] of fields) {
    if (c.schedule[name] === undefined) {
      throw new TrainConfigError(`schedule.${name}`, `given: a schedule needs all of maxLr, minLr, warmupIters and decayIters (${range})`, undefined);
    }
    check(`schedule.${name}`, c.schedule[name], ok, range);
  }
  check('weightDecay', c.weightDecay, isNumber(0), 'a number ≥ 0');
  check('beta1', c.beta1, isFraction, 'in [0, 1)');
  check('beta2', c.beta2, isFraction, 'in [0, 1)');
  check('gradClip', c.gradClip, (v) => v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0), 'a number > 0, or null for no clipping');
  check('evalInterval', c.evalInterval, isInt(1), 'a whole number ≥ 1');
  check('evalIters', c.evalIters, isInt(1, 10_000), 'a whole number from 1 to 10,000');
  check('evalBatches', c.evalBatches, (v) => v === undefined || v === 'fixed' || v === 'fresh', '"fixed" or "fresh"');
  check('randomStream', c.randomStream, (v) => v === undefined || v === 'engine' || v === 'torch', '"engine" or "torch"');
  check('seed', c.seed, (v) => Number.isInteger(v), 'a whole number');
  return c;
}

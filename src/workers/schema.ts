// A small runtime schema for the parameters that cross the worker boundary. Each worker method declares its
// parameters with it once: the schema checks what the page sent (types, ranges, lengths, no unknown keys), fills
// defaults, and gives both the caller's type (defaults optional) and the handler's type (defaults filled).
// A value that does not fit becomes a SchemaError naming the field, what was expected and what came.

/** Thrown for parameters that do not fit their schema; the worker reports it as an InputError. */
export class SchemaError extends Error {
  override name = 'InputError';
}

/**
 * Parses `unknown` into `Out`; `In` is what a caller may send (the same, except that fields with defaults may be
 * left out). `describe` says what is expected, for messages.
 */
export interface Schema<Out, In = Out> {
  readonly describe: string;
  parse(value: unknown, path: string): Out;
  /** Phantom: carries the caller's type. */
  readonly _in?: In;
}

/** A schema whose field may be left out of an object (it then parses to `undefined`, or to its default). */
export interface OptionalSchema<Out, In> extends Schema<Out, In | undefined> {
  readonly isOptional: true;
}

export type Infer<S> = S extends Schema<infer Out, unknown> ? Out : never;
export type InferIn<S> = S extends Schema<unknown, infer In> ? In : never;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type Shape = Record<string, Schema<unknown, unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { isOptional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOut<S extends Shape> = Simplify<{ [K in keyof S]: Infer<S[K]> }>;
export type ObjectIn<S extends Shape> = Simplify<
  { [K in RequiredKeys<S>]: InferIn<S[K]> } & { [K in OptionalKeys<S>]?: InferIn<S[K]> }
>;

function fail(path: string, expected: string, value: unknown): never {
  throw new SchemaError(`${path} must be ${expected}; got ${show(value)}.`);
}

function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `a text of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return `${(value as ArrayBuffer).byteLength} bytes`;
  return typeof value;
}

function schema<T>(describe: string, parse: (value: unknown, path: string) => T): Schema<T> {
  return { describe, parse };
}

interface NumberRange {
  min?: number;
  max?: number;
}

function rangeText({ min, max }: NumberRange): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  if (max !== undefined) return ` of at most ${max}`;
  return '';
}

function number(range: NumberRange = {}, integer = false): Schema<number> {
  const expected = `${integer ? 'a whole number' : 'a finite number'}${rangeText(range)}`;
  return schema(expected, (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) fail(path, expected, value);
    if ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max)) fail(path, expected, value);
    return value;
  });
}

/**
 * 1000000 → "1,000,000" without Intl: toLocaleString builds a number formatter per call, and every method's schema
 * is described when the worker starts — it cost ~180 ms of the worker's start-up (Node profile of the built worker).
 */
function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function string({ maxLength = 10_000_000, minLength = 0 }: { maxLength?: number; minLength?: number } = {}): Schema<string> {
  const expected = minLength > 0 ? `a text of ${minLength} to ${maxLength} characters` : `a text of at most ${withCommas(maxLength)} characters`;
  return schema(expected, (value, path) => {
    if (typeof value !== 'string' || value.length > maxLength || value.length < minLength) fail(path, expected, value);
    return value;
  });
}

function array<S extends Schema<unknown, unknown>>(item: S, { maxLength = 1_000_000, minLength = 0 } = {}): Schema<Infer<S>[], InferIn<S>[]> {
  const expected = `a list of ${minLength > 0 ? `${minLength} to ` : 'at most '}${withCommas(maxLength)} × ${item.describe}`;
  return schema(expected, (value, path) => {
    if (!Array.isArray(value) || value.length > maxLength || value.length < minLength) fail(path, expected, value);
    return value.map((v, i) => item.parse(v, `${path}[${i}]`)) as Infer<S>[];
  }) as Schema<Infer<S>[], InferIn<S>[]>;
}

function object<S extends Shape>(shape: S): Schema<ObjectOut<S>, ObjectIn<S>> {
  const expected = `an object with ${Object.keys(shape).join(', ') || 'no fields'}`;
  return schema(expected, (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || ArrayBuffer.isView(value)) fail(path, expected, value);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) {
        throw new SchemaError(`${path} has an unknown field "${key}"; the fields are ${Object.keys(shape).join(', ')}.`);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const parsed = field.parse(record[key], `${path}.${key}`);
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as ObjectOut<S>;
  }) as Schema<ObjectOut<S>, ObjectIn<S>>;
}

/** The field may be left out (or be undefined); with a default, the handler sees the default instead. */
function optional<Out, In>(inner: Schema<Out, In>): OptionalSchema<Out | undefined, In>;
function optional<Out, In>(inner: Schema<Out, In>, fallback: Out): OptionalSchema<Out, In>;
function optional<Out, In>(inner: Schema<Out, In>, fallback?: Out): OptionalSchema<Out | undefined, In> {
  return {
    isOptional: true,
    describe: `${inner.describe} (optional)`,
    parse: (value, path) => (value === undefined ? fallback : inner.parse(value, path)),
  };
}

/** An object field that may be left out: then it is parsed from `{}`, so each of its own fields takes its default. */
function nested<Out, In>(inner: Schema<Out, In>): OptionalSchema<Out, In> {
  return {
    isOptional: true,
    describe: `${inner.describe} (optional)`,
    parse: (value, path) => inner.parse(value === undefined ? {} : value, path),
  };
}

function literal<const L extends readonly (string | number | boolean)[]>(...options: L): Schema<L[number]> {
  const expected = `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
  return schema(expected, (value, path) => {
    if (!options.includes(value as L[number])) fail(path, expected, value);
    return value as L[number];
  });
}

function boolean(): Schema<boolean> {
  return schema('true or false', (value, path) => (typeof value === 'boolean' ? value : fail(path, 'true or false', value)));
}

function bytes({ maxBytes = 2 ** 31 }: { maxBytes?: number } = {}): Schema<ArrayBuffer> {
  const expected = `a file's bytes (at most ${(maxBytes / 2 ** 20).toFixed(0)} MB)`;
  return schema(expected, (value, path) => {
    // Not `instanceof`: a buffer from another realm (a test DOM, a frame) is an ArrayBuffer all the same.
    if (Object.prototype.toString.call(value) !== '[object ArrayBuffer]' || (value as ArrayBuffer).byteLength > maxBytes) fail(path, expected, value);
    return value as ArrayBuffer;
  });
}

/** A File or Blob the handler reads in slices (a model file too large to copy whole into a message). */
function blob({ maxBytes = 2 ** 33 }: { maxBytes?: number } = {}): Schema<Blob> {
  const expected = `a file (at most ${(maxBytes / 2 ** 30).toFixed(0)} GB)`;
  return schema(expected, (value, path) => {
    // Not `instanceof`, as for bytes: a test DOM's Blob is a Blob all the same.
    const tag = Object.prototype.toString.call(value);
    if ((tag !== '[object Blob]' && tag !== '[object File]') || (value as Blob).size > maxBytes) fail(path, expected, value);
    return value as Blob;
  });
}

/** A value the handler checks itself (engine objects with their own validation, such as a model config). */
function unknownValue<T = unknown>(describe = 'a value'): Schema<T> {
  return schema(describe, (value) => value as T);
}

/** A table from text keys to one kind of value. */
function record<S extends Schema<unknown, unknown>>(item: S): Schema<Record<string, Infer<S>>, Record<string, InferIn<S>>> {
  const expected = `an object of ${item.describe}`;
  return schema(expected, (value, path) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, expected, value);
    const out: Record<string, Infer<S>> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) out[key] = item.parse(v, `${path}.${key}`) as Infer<S>;
    return out;
  }) as Schema<Record<string, Infer<S>>, Record<string, InferIn<S>>>;
}

export const s = {
  number: (range?: NumberRange) => number(range),
  int: (range?: NumberRange) => number(range, true),
  string,
  boolean,
  array,
  object,
  optional,
  nested,
  literal,
  bytes,
  blob,
  record,
  unknown: unknownValue,
};

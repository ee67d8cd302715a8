// Validation helpers for tokenizer JSON: every check names the field and what was wrong, so a corrupted save file
// produces a message a reader can act on. Used by the fromJSON factories before anything is built.

import { TOKENIZER_FORMAT, TOKENIZER_VERSION, type TokenizerKind } from './types';

export class TokenizerFormatError extends Error {
  constructor(message: string) {
    super(`Invalid tokenizer data: ${message}`);
    this.name = 'TokenizerFormatError';
  }
}

export function fail(message: string): never {
  throw new TokenizerFormatError(message);
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Checks format, version and kind; returns the object for further field checks. */
export function checkHeader(json: unknown, kind?: TokenizerKind): Record<string, unknown> {
  if (!isRecord(json)) fail(`expected an object, got ${json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json}`);
  if (json.format !== TOKENIZER_FORMAT) fail(`"format" must be "${TOKENIZER_FORMAT}", got ${show(json.format)}`);
  if (json.version !== TOKENIZER_VERSION) {
    fail(`unsupported "version" ${show(json.version)}; this build reads version ${TOKENIZER_VERSION}`);
  }
  if (json.kind !== 'char' && json.kind !== 'bpe' && json.kind !== 'word' && json.kind !== 'ranked') {
    fail(`"kind" must be "char", "bpe", "word" or "ranked", got ${show(json.kind)}`);
  }
  if (kind !== undefined && json.kind !== kind) fail(`expected kind "${kind}", got "${json.kind}"`);
  return json;
}

export function checkStringArray(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) fail(`"${field}" must be an array of strings, got ${show(value)}`);
  value.forEach((s, i) => {
    if (typeof s !== 'string') fail(`"${field}[${i}]" must be a string, got ${show(s)}`);
  });
  return value as string[];
}

export function isIndex(x: unknown, size: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < size;
}

/** A short printable form of an unexpected value for error messages. */
export function show(x: unknown): string {
  if (x === undefined) return 'undefined';
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

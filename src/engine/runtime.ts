// Engine-wide state: the active backend, whether gradients are recorded, and the memory scopes of tidy().
// Kept in one small module so tensor.ts and the ops share it without import cycles.
import type { Backend } from './backends/backend';
import { createJsBackend } from './backends/js/jsBackend';

let active: Backend = createJsBackend('float32');
let gradEnabled = true;

/** The backend new tensors are created on. */
export function getBackend(): Backend {
  return active;
}

/** Makes `backend` the one new tensors are created on; tensors already made stay where they are. */
export function setBackend(backend: Backend): void {
  active = backend;
}

/** Runs fn with `backend` active, then restores the previous one. */
export function withBackend<T>(backend: Backend, fn: () => T): T {
  const previous = active;
  active = backend;
  try {
    return fn();
  } finally {
    active = previous;
  }
}

/**
 * withBackend for async work (scripts, benchmarks, tests that await read-backs). The backend stays switched across
 * every await, so nothing else may create tensors meanwhile: use it only where one task runs at a time.
 */
export async function withBackendAsync<T>(backend: Backend, fn: () => Promise<T>): Promise<T> {
  const previous = active;
  active = backend;
  try {
    return await fn();
  } finally {
    active = previous;
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs fn without recording operations for backpropagation (inference, optimizer updates, evaluation). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = previous;
  }
}

/** Anything that owns device memory and can give it back. */
export interface Disposable {
  dispose(): void;
}

const scopes: Set<Disposable>[] = [];

/** Called by every new tensor: the innermost tidy scope will free it unless it escapes. */
export function trackInScope(t: Disposable): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/** Takes a tensor out of every scope, so no tidy frees it (parameters, gradients, optimizer state). */
export function keep<T extends Disposable>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

/**
 * Runs fn and frees every tensor it created except those it returns (a tensor, or tensors inside an array or a
 * plain object) and those passed to keep(). Device memory (wasm, webgpu) is not garbage collected, so each
 * training step runs inside one tidy. Returned tensors move to the enclosing scope.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Disposable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const escaping = new Set<Disposable>();
  collectDisposables(result, escaping, 0);
  for (const t of scope) if (!escaping.has(t)) t.dispose();
  for (const t of escaping) if (scope.has(t)) trackInScope(t);
  return result;
}

function collectDisposables(value: unknown, into: Set<Disposable>, depth: number): void {
  if (value === null || typeof value !== 'object' || depth > 4) return;
  if (typeof (value as Disposable).dispose === 'function' && 'shape' in (value as object)) {
    into.add(value as Disposable);
    return;
  }
  const items = Array.isArray(value) ? value : value instanceof Map ? [...value.values()] : Object.values(value);
  for (const v of items) collectDisposables(v, into, depth + 1);
}

// Assertions that fail with a message a reader (or the next engineer) can act on.

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new Error(typeof message === 'function' ? message() : message);
}

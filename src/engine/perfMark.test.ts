import { afterEach, describe, expect, it } from 'vitest';
import { markSpan } from './perfMark';

const spans = () => performance.getEntriesByType('measure').filter((e) => e.name.startsWith('tbt:test '));
afterEach(() => performance.clearMeasures());

describe('markSpan', () => {
  it('records a named span when the work settles, and passes its answer through', async () => {
    await expect(markSpan('test answer', new Promise((resolve) => setTimeout(() => resolve(42), 20)))).resolves.toBe(42);
    await Promise.resolve();
    const [span] = spans();
    expect(span.name).toBe('tbt:test answer');
    expect(span.duration).toBeGreaterThan(0);
  });

  it('passes a failure through, still recording the span', async () => {
    await expect(markSpan('test failure', Promise.reject(new Error('no')))).rejects.toThrow('no');
    await Promise.resolve();
    expect(spans().map((s) => s.name)).toEqual(['tbt:test failure']);
  });

  it('takes a plain value (a handler that answers synchronously)', async () => {
    await expect(markSpan('test plain', 'done')).resolves.toBe('done');
  });
});

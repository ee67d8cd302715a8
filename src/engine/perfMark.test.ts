import { afterEach, describe, expect, it } from 'vitest';
import { markSpan, runSpan } from './perfMark';

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

describe('runSpan', () => {
  it('times the synchronous part of the work too (an async function that never awaits)', async () => {
    const busy = async () => {
      const until = performance.now() + 15;
      while (performance.now() < until);
      return 'built';
    };
    await expect(runSpan('test sync work', busy)).resolves.toBe('built');
    await Promise.resolve();
    expect(spans()[0].duration).toBeGreaterThanOrEqual(14);
  });

  it('turns a throw into a rejection, still recording the span', async () => {
    await expect(runSpan('test throw', () => { throw new Error('bad'); })).rejects.toThrow('bad');
    await Promise.resolve();
    expect(spans().map((s) => s.name)).toEqual(['tbt:test throw']);
  });
});

import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// The engine runs in Node and in a Web Worker: it must not reach the DOM or any UI library.
const root = new URL('.', import.meta.url).pathname;
const forbidden = [/from ['"]react/, /from ['"]react-dom/, /from ['"]d3/, /from ['"]zustand/, /\bdocument\./, /\bwindow\./, /from ['"]\.\.\/\.\.\/(app|chapters|viz|state|workers)/];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'assembly' ? [] : sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

describe('engine purity', () => {
  it('imports nothing from the DOM, React, D3, zustand or the app', () => {
    const offenders = sources(root).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return forbidden.filter((re) => re.test(text)).map((re) => `${file.slice(root.length)}: ${re}`);
    });
    expect(offenders).toEqual([]);
  });
});

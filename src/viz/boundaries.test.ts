// src/viz sits below the app: it may import React, D3, its own files and engine types, never the store, the app
// shell, chapters, components or workers (the theme comes by props or VizThemeProvider). This keeps the import
// graph free of cycles among chapters, state, components, app, viz and workers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(process.cwd(), 'src', 'viz');
const forbidden = /from '\.\.\/(state|app|chapters|components|workers)(\/|')/;

describe('src/viz boundaries', () => {
  it('imports nothing above it', () => {
    const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((line) => forbidden.test(line))
        .map((line) => `${f}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  it('takes D3 from the d3 package only (no sub-package that package.json does not name)', () => {
    const files = readdirSync(dir).filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.test.ts'));
    const subPackages = files.filter((f) => /from 'd3-[a-z]+'/.test(readFileSync(join(dir, f), 'utf8')));
    expect(subPackages).toEqual([]);
  });
});

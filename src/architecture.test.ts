// The app's layers, checked on the source: no module imports itself back through others (the loop that once ran
// chapters → overview → components → state → chapters), chapters stay in their own folders, and page code reaches
// the worker only through its client. Type-only imports are erased at build time, so they do not count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('.', import.meta.url).pathname;
const layers = ['app', 'chapters', 'state', 'components', 'viz', 'workers', 'testing'];

function sourcesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesIn(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The modules a file imports at run time (static, re-exports, dynamic and side-effect imports), as specifiers. */
export function runtimeImports(text: string): string[] {
  const found: string[] = [];
  const statement = /(?:^|\n)\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s+['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(statement)) {
    if (m[2]) continue; // import type / export type
    const braces = /\{([^}]*)\}/.exec(m[3]);
    const hasDefaultOrStar = m[3].replace(/\{[^}]*\}/, '').replace(/,/g, '').trim() !== '';
    const specifiers = braces ? braces[1].split(',').map((s) => s.trim()).filter(Boolean) : [];
    if (!hasDefaultOrStar && specifiers.length > 0 && specifiers.every((s) => s.startsWith('type '))) continue;
    found.push(m[4]);
  }
  for (const m of text.matchAll(/import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) found.push(m[1]);
  return found;
}

function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    try {
      if (statSync(candidate).isFile() && /\.tsx?$/.test(candidate)) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

const files = layers.flatMap((layer) => sourcesIn(join(src, layer)));
const graph = new Map(files.map((file) => [file, runtimeImports(readFileSync(file, 'utf8')).flatMap((s) => resolveSpecifier(file, s) ?? [])]));
const name = (file: string) => relative(src, file);
const layerOf = (file: string) => name(file).split('/')[0];

/** Strongly connected components with more than one module (or a module importing itself): the import cycles. */
function cycles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>(), stack: string[] = [];
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue; // the engine and the main entry are outside these layers
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(name(w));
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

function importsWhere(predicate: (from: string, to: string) => boolean): string[] {
  return [...graph].flatMap(([from, targets]) => targets.filter((to) => predicate(from, to)).map((to) => `${name(from)} → ${name(to)}`));
}

describe('architecture', () => {
  it('reads type-only imports as such', () => {
    expect(runtimeImports(`import type { A } from './a';\nimport { type B, type C } from './b';\nimport { D, type E } from './d';\nimport F from './f';\nimport './g.css';\nconst h = import('./h');\nexport { I } from './i';\nexport type { J } from './j';`))
      .toEqual(['./d', './f', './i', './h', './g.css']);
  });

  it('has no import cycle among app, chapters, state, components, viz, workers and testing', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles()).toEqual([]);
  });

  it('keeps each chapter in its folder: no chapter imports another, and only the app loads chapter code', () => {
    const chapterOf = (file: string) => (layerOf(file) === 'chapters' ? name(file).split('/')[1] : null);
    const isCard = (file: string) => /^chapters\/([^/]+\/chapter\.ts|card\.ts|index\.ts)$/.test(name(file));
    expect(importsWhere((from, to) => {
      const a = chapterOf(from), b = chapterOf(to);
      return a !== null && b !== null && a.includes('.') === false && b.includes('.') === false && a !== b;
    })).toEqual([]);
    expect(importsWhere((from, to) => layerOf(to) === 'chapters' && layerOf(from) !== 'chapters' && layerOf(from) !== 'testing' && !isCard(to))).toEqual([]);
  });

  it('lets figures take everything by props: viz imports nothing from the app, state, chapters or workers', () => {
    expect(importsWhere((from, to) => layerOf(from) === 'viz' && ['app', 'state', 'chapters', 'workers', 'components'].includes(layerOf(to)))).toEqual([]);
  });

  it('keeps the worker free of the page, and the page free of the handlers (they pull the engine into the page)', () => {
    expect(importsWhere((from, to) => layerOf(from) === 'workers' && ['app', 'state', 'chapters', 'components', 'viz'].includes(layerOf(to)))).toEqual([]);
    expect(importsWhere((from, to) => !['workers', 'testing'].includes(layerOf(from)) && name(to).startsWith('workers/handlers/'))).toEqual([]);
  });
});

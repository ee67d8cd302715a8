// The bench's options, read the same way from the command line (Node) and from the bench page's query string.
import type { BenchOptions, Group } from './run';
import { DEFAULT_GROUPS, GROUPS } from './run';

/** Where options come from: scripts/cli/args.ts's Args, or a query string (see queryLookup). */
export interface OptionLookup {
  string(name: string): string | undefined;
  flag(name: string): boolean;
}

/** --quick, --backends a,b, --only gemm,train,next,tokenize,sample,evaluate,gpt2 (default: all but gpt2), --stat median|best, --no-peer. */
export function benchOptions(l: OptionLookup): BenchOptions {
  const list = (name: string) => l.string(name)?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  const only = list('only') ?? [...DEFAULT_GROUPS];
  const bad = only.filter((g) => !GROUPS.includes(g as Group));
  if (bad.length) throw new Error(`--only takes ${GROUPS.join(', ')} (comma-separated), not ${bad.join(', ')}`);
  const stat = l.string('stat') ?? 'median';
  if (stat !== 'median' && stat !== 'best') throw new Error(`--stat is median or best, not ${stat}`);
  return { quick: l.flag('quick'), backends: list('backends'), only: new Set(only as Group[]), stat, peer: !l.flag('no-peer') };
}

/** The same options as a query string, for the bench page. */
export function toQuery(o: BenchOptions): string {
  const q = new URLSearchParams();
  if (o.quick) q.set('quick', 'true');
  if (o.backends) q.set('backends', o.backends.join(','));
  q.set('only', [...o.only].join(','));
  q.set('stat', o.stat);
  if (!o.peer) q.set('no-peer', 'true');
  return q.toString();
}

export function queryLookup(search: string): OptionLookup {
  const q = new URLSearchParams(search);
  return { string: (name) => q.get(name) ?? undefined, flag: (name) => q.has(name) && q.get(name) !== 'false' };
}

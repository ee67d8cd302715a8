// Tiny command-line parsing for the scripts: --name value pairs and --flag booleans, with typed getters.

export class Args {
  private readonly values = new Map<string, string | true>();

  constructor(argv: string[] = process.argv.slice(2)) {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}" (options look like --name value)`);
      const [name, inline] = a.slice(2).split('=', 2);
      if (inline !== undefined) this.values.set(name, inline);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) this.values.set(name, argv[++i]);
      else this.values.set(name, true);
    }
  }

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const v = this.values.get(name);
    return typeof v === 'string' ? v : fallback;
  }

  number(name: string, fallback: number): number {
    const v = this.values.get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isFinite(n)) throw new Error(`--${name} needs a number, got "${String(v)}"`);
    return n;
  }

  flag(name: string): boolean {
    return this.values.get(name) === true || this.values.get(name) === 'true';
  }
}

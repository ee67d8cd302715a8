// Reads a file the site ships in public/ (rank tables, the corpus): from disk in Node (tests, bench, CLI), by fetch
// in the browser — from the page or from the engine worker, whose scripts live elsewhere than the page. Follows the
// wasm loader (backends/wasm/wasmModule.ts): `import.meta.url` is kept in a variable so Vite leaves it alone.

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** Where public/ is served: the site root in Vite's dev server; in a build, one level above assets/, where Vite puts
 * every script (the worker's chunks too). */
function publicUrl(path: string): URL {
  const here = import.meta.url;
  return import.meta.env?.DEV ? new URL(`/${path}`, new URL(here).origin) : new URL(`../${path}`, here);
}

/**
 * The bytes of public/<path>.
 * @example await readShippedFile('tokenizers/r50k_base.ranks.gz')
 */
export async function readShippedFile(path: string): Promise<Uint8Array> {
  if (isNode) {
    const here = import.meta.url;
    const name = 'node:fs/promises';
    const fs = (await import(/* @vite-ignore */ name)) as typeof import('node:fs/promises');
    const file = new URL(`../../../public/${path}`, here);
    try {
      return await fs.readFile(file);
    } catch {
      throw new Error(`${file.pathname} is missing (the site's public/${path})`);
    }
  }
  const url = publicUrl(path);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${url.pathname} gave HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

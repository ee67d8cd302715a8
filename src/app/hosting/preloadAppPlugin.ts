// Vite build plugin: main.tsx only starts the engine worker and then imports the app (src/app/start.tsx) dynamically.
// Without help the browser would learn of the app's chunks only when that import runs; this lists them in index.html
// (modulepreload for the scripts, stylesheet links for the CSS) so they download in parallel with the entry, as they
// did when the entry imported them statically.
import type { Plugin } from 'vite';

interface ChunkLike {
  type: 'chunk' | 'asset';
  fileName: string;
  facadeModuleId?: string | null;
  imports?: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** The files the chunk of `entrySuffix` needs, itself first: its static imports, transitively, and their CSS. */
export function appChunkFiles(bundle: Record<string, ChunkLike>, entrySuffix: string): { scripts: string[]; styles: string[] } {
  const entry = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.replace(/\\/g, '/').endsWith(entrySuffix));
  if (!entry) throw new Error(`preload-app: no chunk for ${entrySuffix} in the bundle`);
  const scripts: string[] = [];
  const styles = new Set<string>();
  const visit = (fileName: string) => {
    if (scripts.includes(fileName)) return;
    const chunk = bundle[fileName];
    if (!chunk || chunk.type !== 'chunk') return;
    scripts.push(fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) styles.add(css);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  visit(entry.fileName);
  return { scripts, styles: [...styles] };
}

export function preloadApp(entrySuffix = 'src/app/start.tsx'): Plugin {
  return {
    name: 'tbt-preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        // Only the book's page loads the app (the gallery and test pages have their own entries).
        if (!ctx.bundle || !/(^|\/)index\.html$/.test(ctx.filename)) return html;
        const { scripts, styles } = appChunkFiles(ctx.bundle as unknown as Record<string, ChunkLike>, entrySuffix);
        const present = (file: string) => html.includes(`/${file}"`);
        return {
          html,
          tags: [
            ...styles.filter((f) => !present(f)).map((f) => ({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
            ...scripts.filter((f) => !present(f)).map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${f}` }, injectTo: 'head' as const })),
          ],
        };
      },
    },
  };
}

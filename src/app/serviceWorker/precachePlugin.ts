// Vite build plugin: emits sw.js (the template in this folder) with the list of files to cache prepended, and a
// version that changes whenever any of them does. The list is every built file and everything in public/
// (the model and the data), minus source maps, the older font formats Chromium, Firefox and Safari never pick, and
// the static host's _headers file.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

const templatePath = new URL('./sw.js', import.meta.url);
const skipped = /\.(map|ttf|woff)$|^sw\.js$|^_headers$/;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

export function precacheServiceWorker(): Plugin {
  let publicDir = '';
  return {
    name: 'tbt-precache-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const template = readFileSync(templatePath, 'utf8');
      // The worker's own code counts too: a fix to it must replace the caches the old code filled.
      const hash = createHash('sha256').update(template);
      const files: string[] = [];
      for (const [name, chunk] of Object.entries(bundle)) {
        if (skipped.test(name)) continue;
        files.push(name);
        hash.update(name);
        hash.update(chunk.type === 'chunk' ? chunk.code : chunk.source);
      }
      if (publicDir) {
        for (const full of listFiles(publicDir)) {
          const name = relative(publicDir, full).split(sep).join('/');
          if (skipped.test(name)) continue;
          files.push(name);
          hash.update(name);
          hash.update(readFileSync(full));
        }
      }
      files.sort();
      const precache = { version: hash.digest('hex').slice(0, 16), files: ['./', ...files] };
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: `self.PRECACHE = ${JSON.stringify(precache)};\n${template}`,
      });
    },
  };
}

import { describe, expect, it } from 'vitest';
import { appChunkFiles } from './preloadAppPlugin';

const chunk = (fileName: string, imports: string[], css: string[] = [], facadeModuleId: string | null = null) =>
  ({ type: 'chunk' as const, fileName, imports, facadeModuleId, viteMetadata: { importedCss: new Set(css) } });

describe('appChunkFiles', () => {
  const bundle = {
    'assets/main.js': chunk('assets/main.js', [], [], '/repo/src/main.tsx'),
    'assets/start.js': chunk('assets/start.js', ['assets/react.js', 'assets/shared.js'], ['assets/start.css'], '/repo/src/app/start.tsx'),
    'assets/react.js': chunk('assets/react.js', []),
    'assets/shared.js': chunk('assets/shared.js', ['assets/react.js'], ['assets/shared.css']),
    'assets/Chapter.js': chunk('assets/Chapter.js', ['assets/shared.js'], ['assets/chapter.css'], '/repo/src/chapters/x/Chapter.tsx'),
    'assets/start.css': { type: 'asset' as const, fileName: 'assets/start.css' },
  };

  it('lists the app chunk first, then its static imports once each, with their CSS, and nothing lazily loaded', () => {
    expect(appChunkFiles(bundle, 'src/app/start.tsx')).toEqual({
      scripts: ['assets/start.js', 'assets/react.js', 'assets/shared.js'],
      styles: ['assets/start.css', 'assets/shared.css'],
    });
  });

  it('says so when the app chunk is missing (a renamed entry would otherwise lose its preloads silently)', () => {
    expect(() => appChunkFiles(bundle, 'src/app/boot.tsx')).toThrow(/no chunk for src\/app\/boot\.tsx/);
  });
});

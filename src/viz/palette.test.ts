import { describe, expect, it } from 'vitest';
import { concepts, conceptColour, paletteCssVariables, projectorSurfaces, surfaces, type Theme } from './palette';
import { contrastRatio, deltaE, mixHex, parseHex, readableOn, simulateVision, type VisionDeficiency } from './colourMath';

const themes: Theme[] = ['light', 'dark'];
const deficiencies: VisionDeficiency[] = ['protanopia', 'deuteranopia', 'tritanopia'];

describe('colour maths', () => {
  it('matches WCAG reference contrasts', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
  });
  it('leaves greys grey under every simulation and tells red from green only for normal vision', () => {
    for (const d of deficiencies) {
      const [r, g, b] = simulateVision([128, 128, 128], d);
      expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(2);
    }
    const red = parseHex('#D62728');
    const green = parseHex('#2CA02C');
    expect(deltaE(red, green)).toBeGreaterThan(60);
    expect(deltaE(simulateVision(red, 'deuteranopia'), simulateVision(green, 'deuteranopia'))).toBeLessThan(
      deltaE(red, green) / 2,
    );
  });
});

describe('palette', () => {
  for (const theme of themes) {
    it(`${theme}: every concept's text colour is readable on the page and on its own wash (WCAG AA)`, () => {
      for (const c of concepts) {
        expect(contrastRatio(conceptColour(c, theme, 'ink'), surfaces[theme].background)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(conceptColour(c, theme, 'ink'), conceptColour(c, theme, 'wash'))).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(surfaces[theme].text, conceptColour(c, theme, 'wash'))).toBeGreaterThanOrEqual(7);
      }
      for (const page of [surfaces[theme], projectorSurfaces[theme]]) {
        expect(contrastRatio(page.muted, page.background)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(page.link, page.background)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(page.link, page.panel)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(page.text, page.panel)).toBeGreaterThanOrEqual(7);
        expect(contrastRatio(page.rule, page.background)).toBeGreaterThanOrEqual(3);
      }
      expect(contrastRatio(projectorSurfaces[theme].text, projectorSurfaces[theme].background)).toBe(21);
    });

    it(`${theme}: concepts stay apart for normal vision and under protanopia, deuteranopia and tritanopia`, () => {
      const fills = concepts.map((c) => parseHex(conceptColour(c, theme)));
      for (let i = 0; i < fills.length; i++)
        for (let j = i + 1; j < fills.length; j++) {
          expect(deltaE(fills[i], fills[j]), `${concepts[i]} vs ${concepts[j]}`).toBeGreaterThan(20);
          for (const d of deficiencies) {
            const gap = deltaE(simulateVision(fills[i], d), simulateVision(fills[j], d));
            expect(gap, `${concepts[i]} vs ${concepts[j]} under ${d}`).toBeGreaterThan(10);
          }
        }
    });
  }

  it('every shade of a concept fill on the page keeps a readable text colour (attention chips)', () => {
    for (const theme of themes)
      for (const page of [surfaces[theme], projectorSurfaces[theme]])
        for (const c of concepts)
          for (let w = 0; w <= 1.0001; w += 0.05) {
            const background = mixHex(conceptColour(c, theme), page.background, w);
            const text = readableOn(background, ['#000000', '#FFFFFF']);
            expect(contrastRatio(text, background), `${theme} ${c} at ${w.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
          }
  });

  it('exposes every concept to CSS as custom properties', () => {
    const vars = paletteCssVariables('dark');
    for (const c of concepts) expect(vars[`--c-${c}`]).toBe(conceptColour(c, 'dark'));
    expect(vars['--surface-background']).toBe(surfaces.dark.background);
  });
});

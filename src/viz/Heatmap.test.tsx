// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { toCsv } from './figureData';
import { Heatmap, heatmapTable } from './Heatmap';
import { cellAt, colourRamp, heatDomain, heatmapPixels, rampSize, stepCell } from './heatmapLayout';

describe('heat map layout', () => {
  it('ramps from the page to the concept colour, and through the page for a diverging scale', () => {
    const seq = colourRamp('sequential', '#009E73', '#FFFFFF', '#1A1A1A');
    expect([...seq.slice(0, 3)]).toEqual([255, 255, 255]);
    expect([...seq.slice((rampSize - 1) * 3)]).toEqual([0, 158, 115]);
    const div = colourRamp('diverging', '#0072B2', '#FFFFFF', '#1A1A1A');
    expect([...div.slice(0, 3)]).toEqual([26, 26, 26]);
    expect([...div.slice((rampSize - 1) * 3)]).toEqual([0, 114, 178]);
    expect(div[128 * 3]).toBeGreaterThan(240); // the middle is (nearly) the page
  });

  it('takes the colour range from unmasked finite values, symmetric when diverging', () => {
    expect(heatDomain([0.1, 0.7, 0.2], 'sequential')).toEqual([0, 0.7]);
    expect(heatDomain([-3, 1, 2], 'diverging')).toEqual([-3, 3]);
    expect(heatDomain([0.1, 9, NaN], 'sequential', [0, 1, 0])).toEqual([0, 0.1]);
  });

  it('writes one RGBA pixel per cell; masked and non-finite cells take the mask colour', () => {
    const ramp = colourRamp('sequential', '#000000', '#FFFFFF', '#000000');
    const px = heatmapPixels([0, 1, 0.5, NaN], ramp, [0, 1], [1, 2, 3], [0, 0, 1, 0]);
    expect([...px]).toEqual([255, 255, 255, 255, 0, 0, 0, 255, 1, 2, 3, 255, 1, 2, 3, 255]);
  });

  it('finds the cell under a point and moves a keyboard cursor inside the map', () => {
    expect(cellAt(25, 9, 10, 10, 3, 4)).toEqual({ row: 0, column: 2 });
    expect(cellAt(45, 9, 10, 10, 3, 4)).toBeNull();
    expect(stepCell({ row: 0, column: 0 }, 'ArrowUp', 3, 4)).toEqual({ row: 0, column: 0 });
    expect(stepCell({ row: 0, column: 0 }, 'ArrowDown', 3, 4)).toEqual({ row: 1, column: 0 });
    expect(stepCell({ row: 1, column: 0 }, 'End', 3, 4)).toEqual({ row: 1, column: 3 });
    expect(stepCell({ row: 1, column: 0 }, 'x', 3, 4)).toBeNull();
  });
});

describe('Heatmap', () => {
  const tokens = ['A', 'B', 'C'];
  const values = new Float32Array([1, 0, 0, 0.25, 0.75, 0, 0.5, 0.25, 0.25]);
  const mask = [0, 1, 1, 0, 0, 1, 0, 0, 0];
  const map = () => (
    <Heatmap title="Attention" source={{ kind: 'live' }} values={values} rows={3} columns={3} rowLabels={tokens} columnLabels={tokens} mask={mask}
      kind="sequential" concept="attention" valueLabel="weight" description="Attention weights" rowTitle="query" columnTitle="key" />
  );

  it('reads the cell under the keyboard cursor, and says when it is masked', async () => {
    const user = userEvent.setup();
    render(map()); // jsdom has no canvas: drawing is skipped, everything else works
    const plot = screen.getByRole('group', { name: /Attention weights/ });
    await user.click(plot);
    expect(screen.getByText(/^query A, key A/)).toHaveTextContent('query A, key A: weight 1');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByText(/^query A, key B/)).toHaveTextContent('masked');
    await user.keyboard('{ArrowDown}');
    expect(screen.getByText(/^query B, key B/)).toHaveTextContent('weight 0.75');
  });

  it('labels its axes with the tokens and holds every cell in its table', async () => {
    const user = userEvent.setup();
    const { container } = render(map());
    expect([...container.querySelectorAll('svg text')].map((t) => t.textContent)).toEqual(expect.arrayContaining(['A', 'B', 'C', 'query', 'key']));
    await user.click(screen.getByRole('button', { name: 'Show the numbers' }));
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(10);
    expect(rows[5]).toHaveTextContent('BB0.75false');
    expect(toCsv(heatmapTable({ values: [1, 2], rows: 1, columns: 2 }, 'v'))).toBe('row,column,v\r\n1,1,1\r\n1,2,2\r\n');
  });
});

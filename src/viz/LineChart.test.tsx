// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { toCsv } from './figureData';
import { LineChart, lineTable, type LineSeries } from './LineChart';
import { emptyPath, extendPath, isAppendOf, lineScales, nearestIndex, type Point } from './lineLayout';

const curve = (n: number, f = (i: number) => 5 / (1 + i)): Point[] => Array.from({ length: n }, (_, i) => ({ x: i * 10, y: f(i) }));

describe('line layout', () => {
  it('extends a path by the appended points only, and breaks it where a log scale cannot draw', () => {
    const first = extendPath(emptyPath, curve(3), 'linear');
    expect(first.d).toBe('M0,5L10,2.5L20,1.6666666666666667');
    const longer = curve(5);
    expect(isAppendOf(first, longer)).toBe(true);
    const next = extendPath(first, longer, 'linear');
    expect(next.d.startsWith(first.d)).toBe(true);
    expect(next.d.slice(first.d.length)).toBe('L30,1.25L40,1');
    expect(isAppendOf(next, curve(5, (i) => i))).toBe(false); // a different curve is redrawn from scratch

    const log = extendPath(emptyPath, [{ x: 0, y: 100 }, { x: 1, y: 0 }, { x: 2, y: 10 }, { x: 3, y: 1 }], 'log');
    expect(log.d).toBe('M0,2M2,1L3,0');
  });

  it('grows the x domain with the data, keeps reference lines in view, and maps data coordinates to pixels', () => {
    const s = lineScales([curve(3)], [8], 200, 100, 'linear', [0, 100]);
    expect(s.x.domain()).toEqual([0, 100]);
    expect(s.y.domain()[1]).toBeGreaterThanOrEqual(8);
    expect(lineScales([curve(30)], [], 200, 100, 'linear', [0, 100]).x.domain()).toEqual([0, 290]);
    // The transform agrees with the scales: pixel = sx * x + tx, py = sy * y + ty.
    const m = /matrix\(([^)]+)\)/.exec(s.dataToPixels)![1].split(',').map(Number);
    expect(m[0] * 50 + m[4]).toBeCloseTo(s.x(50));
    expect(m[3] * 2 + m[5]).toBeCloseTo(s.y(2));
    const log = lineScales([curve(3)], [], 200, 100, 'log');
    const l = /matrix\(([^)]+)\)/.exec(log.dataToPixels)![1].split(',').map(Number);
    expect(l[3] * Math.log10(2.5) + l[5]).toBeCloseTo(log.y(2.5));
  });

  it('finds the point nearest a cursor', () => {
    expect(nearestIndex(curve(5), 26)).toBe(3);
    expect(nearestIndex(curve(5), -100)).toBe(0);
    expect(nearestIndex([], 3)).toBe(-1);
  });
});

describe('LineChart', () => {
  const series = (n: number): LineSeries[] => [
    { id: 'train', label: 'training loss', concept: 'loss', points: curve(n) },
    { id: 'val', label: 'validation loss', concept: 'probability', points: curve(n, (i) => 6 / (1 + i)), dashed: true },
  ];
  const chart = (n: number, yScale: 'linear' | 'log' = 'linear') => (
    <LineChart title="Loss" source={{ kind: 'live' }} series={series(n)} xLabel="step" yLabel="loss" yScale={yScale} references={[{ y: 6.93, label: 'ln 1024 (guessing)' }]} />
  );

  it('draws one path per series and extends it when points are appended', () => {
    const { container, rerender } = render(chart(4));
    const before = container.querySelector('path[data-series="train"]')!.getAttribute('d')!;
    rerender(chart(6));
    const after = container.querySelector('path[data-series="train"]')!.getAttribute('d')!;
    expect(after.startsWith(before)).toBe(true);
    expect(after.split('L')).toHaveLength(6);
    expect(container.querySelector('[data-reference="ln 1024 (guessing)"]')).toHaveTextContent('ln 1024 (guessing)');
  });

  it('switches to a log axis, with decade ticks', () => {
    const { container } = render(chart(40, 'log'));
    expect(container.querySelector('svg[data-y-scale="log"]')).not.toBeNull();
    expect(screen.getByRole('group', { name: /\(log scale\)/ })).toBeInTheDocument();
    const labels = [...container.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels).toContain('1');
  });

  it('reads every series at the cursor from the keyboard', async () => {
    const user = userEvent.setup();
    render(chart(4));
    const plot = screen.getByRole('group', { name: /loss against step/ });
    plot.focus();
    await user.keyboard('{End}');
    expect(screen.getByText(/^step 30:/)).toHaveTextContent('step 30: training loss 1.25, validation loss 1.5');
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByText(/^step 20:/)).toBeInTheDocument();
    fireEvent.keyDown(plot, { key: 'Home' });
    expect(screen.getByText(/^step 0:/)).toHaveTextContent('training loss 5, validation loss 6');
  });

  it('holds every point in its table and CSV', async () => {
    const user = userEvent.setup();
    render(chart(3));
    await user.click(screen.getByRole('button', { name: 'Show the numbers' }));
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(1 + 6);
    expect(rows[4]).toHaveTextContent('validation loss06');
    expect(toCsv(lineTable(series(2), 'step', 'loss'))).toBe('series,step,loss\r\ntraining loss,0,5\r\ntraining loss,10,2.5\r\nvalidation loss,0,6\r\nvalidation loss,10,3\r\n');
  });
});

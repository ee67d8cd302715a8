// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Scatter } from './Scatter';
import { labelledPoints, matchPoints, pointIndex, scatterScales, type ScatterPoint } from './scatterLayout';
import { VizThemeProvider } from './theme';

const points: ScatterPoint[] = [
  { id: 1, x: 0, y: 0, label: 'king' },
  { id: 2, x: 1, y: 0, label: 'queen' },
  { id: 3, x: 0, y: 1, label: 'man' },
  { id: 4, x: 1, y: 1, label: 'woman' },
  { id: 5, x: 0.5, y: 0.5, label: ' King' },
];

describe('scatter layout', () => {
  it('fits every point inside the plot with a margin', () => {
    const s = scatterScales(points, 200, 100);
    for (const p of points) {
      expect(s.x(p.x)).toBeGreaterThan(0);
      expect(s.x(p.x)).toBeLessThan(200);
      expect(s.y(p.y)).toBeGreaterThan(0);
      expect(s.y(p.y)).toBeLessThan(100);
    }
    expect(s.y(1)).toBeLessThan(s.y(0)); // up is larger
  });

  it('matches labels case-insensitively, ignoring surrounding spaces, and names at most a few points', () => {
    expect([...matchPoints(points, ' KING ')]).toEqual([1, 5]);
    expect(matchPoints(points, '  ').size).toBe(0);
    const named = labelledPoints(points, new Set([3]), new Set([1, 5]), 2);
    expect(named.map((p) => p.label)).toEqual(['man', 'king']);
  });

  it('finds the nearest point to a cursor within a radius (quadtree)', () => {
    const s = scatterScales(points, 200, 100);
    const index = pointIndex(points, s);
    expect(index.find(s.x(0.95), s.y(0.05), 20)?.label).toBe('queen');
    expect(index.find(-500, -500, 20)).toBeUndefined();
  });
});

describe('Scatter', () => {
  const map = () => (
    <VizThemeProvider reducedMotion>
      <Scatter title="Word map" source={{ kind: 'sample' }} points={points} xLabel="PC 1" yLabel="PC 2" labelIds={[3]} arrows={[{ from: 1, to: 2 }, { from: 3, to: 4 }]} />
    </VizThemeProvider>
  );

  it('zooms in and out with buttons and keys, and resets', async () => {
    const user = userEvent.setup();
    render(map());
    const surface = screen.getByRole('group', { name: /Word map: 5 points/ });
    expect(surface).toHaveAttribute('data-zoom', '1.000');
    await user.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(surface).toHaveAttribute('data-zoom', '1.500');
    surface.focus();
    await user.keyboard('+');
    expect(surface).toHaveAttribute('data-zoom', '2.250');
    await user.keyboard('-');
    expect(surface).toHaveAttribute('data-zoom', '1.500');
    expect(screen.getByText(/^Zoom 1.5×/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reset view' }));
    expect(surface).toHaveAttribute('data-zoom', '1.000');
    expect(screen.getByRole('button', { name: 'Reset view' })).toBeDisabled();
  });

  it('names the asked-for points and search matches, and draws the analogy arrows', async () => {
    const user = userEvent.setup();
    const { container } = render(map());
    const labels = () => [...container.querySelectorAll('text[data-label]')].map((t) => t.textContent);
    expect(labels()).toEqual(['man']);
    expect(container.querySelectorAll('line[data-arrow]')).toHaveLength(2);
    await user.type(screen.getByRole('textbox', { name: 'Find a point' }), 'king');
    expect(screen.getByText('2 found')).toBeInTheDocument();
    expect(labels()).toEqual(['man', 'king', ' King']);
  });

  it('holds every point in its table', async () => {
    const user = userEvent.setup();
    render(map());
    await user.click(screen.getByRole('button', { name: 'Show the numbers' }));
    const rows = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(6);
    expect(rows[2]).toHaveTextContent('queen10');
  });
});

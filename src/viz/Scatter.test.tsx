// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Scatter } from './Scatter';
import { basePixels, interpolatePoints, labelledPoints, matchPoints, pointIndex, scatterScales, type ScatterPoint } from './scatterLayout';
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

describe('scatter tween and pixels', () => {
  const moved: ScatterPoint[] = [
    { id: 2, x: 3, y: -1, label: 'queen' },
    { id: 1, x: 2, y: 2, label: 'king' },
    { id: 9, x: 5, y: 5, label: 'new' },
  ];

  it('interpolates each point by id from where it was to where it goes, and ends on the target itself', () => {
    const at = interpolatePoints(points, moved);
    expect(at(0).map((p) => [p.id, p.x, p.y])).toEqual([[2, 1, 0], [1, 0, 0], [9, 5, 5]]); // a new point starts at its target
    expect(at(0.5).map((p) => [p.x, p.y])).toEqual([[2, -0.5], [1, 1], [5, 5]]);
    expect(at(1)).toBe(moved);
  });

  it('gives each point its unzoomed pixel position, NaN where it has none', () => {
    const s = scatterScales(points, 200, 100);
    const px = basePixels([...points, { id: 6, x: NaN, y: 1, label: 'lost' }], s);
    expect(px[2]).toBeCloseTo(s.x(1));
    expect(px[3]).toBeCloseTo(s.y(0));
    expect(Number.isNaN(px[10])).toBe(true);
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

  const depthA: ScatterPoint[] = [{ id: 'a', x: 0, y: 0, label: 'bank¹' }, { id: 'b', x: 1, y: 1, label: 'bank²' }, { id: 'c', x: 2, y: 0, label: 'river' }];
  const depthB: ScatterPoint[] = [{ id: 'a', x: 2, y: 3, label: 'bank¹' }, { id: 'b', x: -1, y: 0, label: 'bank²' }, { id: 'c', x: 0, y: 1, label: 'river' }];
  const contextMap = (shown: ScatterPoint[], reducedMotion: boolean) => (
    <VizThemeProvider reducedMotion={reducedMotion}>
      <Scatter title="Context" source={{ kind: 'live' }} points={shown} xLabel="PC 1" yLabel="PC 2" labelIds={['a', 'b', 'c']} tweenMs={400} />
    </VizThemeProvider>
  );
  const labelPlaces = (container: HTMLElement) =>
    [...container.querySelectorAll('text[data-label]')].map((t) => `${t.getAttribute('data-label')} ${Number(t.getAttribute('x')).toFixed(2)} ${Number(t.getAttribute('y')).toFixed(2)}`);

  it('tweens between two maps of the same points and ends exactly where the target map puts them', async () => {
    const { container: still, unmount } = render(contextMap(depthB, true));
    const target = labelPlaces(still); // depth B drawn directly
    unmount();
    const { container, rerender } = render(contextMap(depthA, false));
    const start = labelPlaces(container);
    expect(start).not.toEqual(target);
    rerender(contextMap(depthB, false));
    expect(labelPlaces(container)).toEqual(start); // the change has not jumped
    await waitFor(() => expect(labelPlaces(container)).not.toEqual(start), { timeout: 1000 });
    const between = labelPlaces(container);
    await waitFor(() => expect(labelPlaces(container)).toEqual(target), { timeout: 2000 });
    expect(between).not.toEqual(target); // it passed through places that are neither
  });

  it('jumps at once under reduced motion', () => {
    const { container: still, unmount } = render(contextMap(depthB, true));
    const target = labelPlaces(still);
    unmount();
    const { container, rerender } = render(contextMap(depthA, true));
    rerender(contextMap(depthB, true));
    expect(labelPlaces(container)).toEqual(target);
  });

  it('pans by keys: the view moves and the labels move with it', async () => {
    const user = userEvent.setup();
    const { container } = render(map());
    const surface = screen.getByRole('group', { name: /Word map: 5 points/ });
    const xOf = () => Number(container.querySelector('text[data-label="man"]')!.getAttribute('x'));
    const [before, viewBefore] = [xOf(), surface.getAttribute('data-view')];
    surface.focus();
    await user.keyboard('{ArrowLeft}');
    expect(surface.getAttribute('data-view')).not.toBe(viewBefore);
    expect(xOf() - before).toBeCloseTo(40, 5);
  });
});

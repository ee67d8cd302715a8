// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { arcMarks, arcPath, Arcs } from './Arcs';

const tokens = [
  { id: 10, label: 'To' },
  { id: 11, label: ' be' },
  { id: 12, label: ' or' },
];
// Causal: row i spreads over tokens 0..i.
const weights = new Float32Array([1, 0, 0, 0.8, 0.2, 0, 0.1, 0.6, 0.3]);

function Harness() {
  const [selected, setSelected] = useState(2);
  return <Arcs title="Where a token looks" source={{ kind: 'live' }} tokens={tokens} weights={weights} selected={selected} onSelect={setSelected} threshold={0.15} />;
}

describe('arcs', () => {
  it('keeps the arcs at or above the threshold, strongest first, with strength relative to the row maximum', () => {
    expect(arcMarks(weights, 3, 2, 0.15)).toEqual([
      { to: 1, weight: expect.closeTo(0.6, 6), strength: 1 },
      { to: 2, weight: expect.closeTo(0.3, 6), strength: expect.closeTo(0.5, 6) },
    ]);
    expect(arcMarks(new Float32Array(9), 3, 1, 0)).toEqual([]);
  });

  it('draws a curve that starts and ends on the baseline and rises with the distance', () => {
    expect(arcPath(0, 100, 50, 40)).toMatch(/^M0,50C.*,100,50$/);
    const rise = (d: string) => 50 - Number(d.split('C')[1].split(',')[1]);
    expect(rise(arcPath(0, 100, 50, 40))).toBeGreaterThan(rise(arcPath(0, 20, 50, 40)));
  });

  it('selects a token by keyboard and redraws its arcs; the buttons are named by their visible text', async () => {
    const user = userEvent.setup();
    const { container } = render(<Harness />);
    expect(container.querySelectorAll('path[data-to]')).toHaveLength(1); // to " be"; the self-weight is a ring
    expect(screen.getByText(/looks most at/)).toHaveTextContent('“ or” looks most at “ be”: 60%.');
    const list = screen.getByRole('list', { name: 'Where a token looks: tokens' });
    const be = within(list).getByRole('button', { name: /^be, gets 60%$/ });
    be.focus();
    await user.keyboard('{Enter}');
    expect(be).toHaveAttribute('aria-pressed', 'true');
    expect(container.querySelectorAll('path[data-to]')).toHaveLength(1);
    expect(screen.getByText(/looks most at/)).toHaveTextContent('“ be” looks most at “To”: 80%.');
  });
});

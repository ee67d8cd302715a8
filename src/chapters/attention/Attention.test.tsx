// @vitest-environment jsdom
// The Attention chapter booted as a reader arrives by link, on the tiny test model (2 layers × 2 heads, context 16).
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** One step's section: the chapter page shows every step, one after another. */
const step = (id: string) => within(document.getElementById(`step-${id}`)!);

describe('Attention: every head at a glance', () => {
  it('lays out one map per layer × head, enlarges the chosen one into the URL, and cuts a long text with a message', async () => {
    ({ cleanup } = await bootApp('#/attention/grid?prompt=ROMEO%3A%20But%20soft%2C%20what%20light%20through'));
    const user = userEvent.setup();
    await screen.findByRole('heading', { name: 'Every head at a glance' });
    const grid = step('grid');
    const enlarge = await grid.findAllByRole('button', { name: /^L\d H\d: enlarge$/ }, { timeout: 10000 });
    expect(enlarge).toHaveLength(4);
    expect(await grid.findByTestId('att-cut')).toHaveTextContent(/first \d+ tokens were left out/);
    await user.click(grid.getByRole('button', { name: 'L2 H1: enlarge' }));
    expect(useStore.getState().knobs).toMatchObject({ attLayer: 2, attHead: 1 });
    expect(grid.getByText('Layer 2, head 1, enlarged')).toBeInTheDocument();
    // Arcs: the last token is the query by default; picking another moves it into the URL.
    const tokens = within(grid.getByRole('list', { name: /Where .* looks in layer 2, head 1: tokens/ })).getAllByRole('button');
    expect(tokens).toHaveLength(16);
    await user.click(tokens[3]);
    expect(useStore.getState().knobs.attQuery).toBe(4);
  });
});

// @vitest-environment jsdom
// The Attention chapter booted as a reader arrives by link, on the tiny test model (2 layers × 2 heads, context 16).
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';
import { corpusCheckpoint } from './testModel';

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

describe('Attention: bad input', () => {
  it('says plainly that an empty text has nothing to attend to', async () => {
    ({ cleanup } = await bootApp('#/attention/grid?prompt='));
    expect(await step('grid').findByRole('alert', {}, { timeout: 10000 })).toHaveTextContent(/empty/);
  });
});

describe('Attention: a link made on a bigger model', () => {
  it('shows the last layer and head this model has, and says so', async () => {
    ({ cleanup } = await bootApp('#/attention/grid?attLayer=9&attHead=7'));
    const grid = step('grid');
    expect(await grid.findByText('This model has 2 layers: showing layer 2. Each layer has 2 heads: showing head 2.', {}, { timeout: 10000 })).toBeInTheDocument();
    expect(await grid.findByText('Layer 2, head 2, enlarged', {}, { timeout: 10000 })).toBeInTheDocument();
  });
});

describe('Attention: one head, step by step', () => {
  it('asks for a guess first, then shows the stages with numbers that match the engine\'s', async () => {
    ({ cleanup } = await bootApp('#/attention/step?prompt=ROMEO%3A%20But%20soft&attLayer=2&attHead=2&attQuery=5', { shipped: await corpusCheckpoint() }));
    const user = userEvent.setup();
    const s = step('step');
    const guess = await s.findByRole('group', { name: /Guess first: which token will “.+” \(position 5\)/ }, { timeout: 10000 });
    expect(within(guess).getAllByRole('button')).toHaveLength(5); // itself and the four before it
    expect(s.queryByRole('region', { name: '3. Scores: how well the query matches each key, divided by √d' })).toBeNull();
    await user.click(within(guess).getAllByRole('button')[0]);
    expect(s.getByTestId('att-guess-verdict').textContent).toMatch(/%/);
    expect(s.getByRole('region', { name: /^7\. All heads side by side/ })).toBeInTheDocument();
    expect(s.getByTestId('att-check').textContent).toMatch(/at most \d\.\de-(\d+)/);
    const exponent = Number(/e-(\d+)/.exec(s.getByTestId('att-check').textContent!)![1]);
    expect(exponent).toBeGreaterThanOrEqual(5);
    // Focusing q's numbers lights q in the formulas.
    const qNumbers = s.getByText(/^q_5 = \[/);
    fireEvent.focus(qNumbers);
    expect(qNumbers.closest('.att-stages')).toHaveAttribute('data-hot-term', 'q');
    expect(document.querySelectorAll('#step-step .att-term-q').length).toBeGreaterThanOrEqual(2);
    fireEvent.blur(qNumbers);
    expect(qNumbers.closest('.att-stages')).not.toHaveAttribute('data-hot-term');
    // The score slider: ×0 spreads evenly over the five visible tokens.
    const peak = s.getByTestId('att-peak');
    const slider = s.getByRole('slider', { name: 'Multiply the scores by' });
    fireEvent.change(slider, { target: { value: '0' } });
    expect(peak.textContent).toMatch(/^At ×0 the largest weight is 20(\.0)?%/);
    // Another layer is a new question: the guess comes back.
    await user.selectOptions(s.getByRole('combobox', { name: 'Layer' }), '0');
    expect(useStore.getState().knobs.attLayer).toBe(1);
    expect(await s.findByRole('group', { name: /Guess first/ })).toBeInTheDocument();
  });
});

describe('Attention: switch heads off', () => {
  it('toggles a head into the URL, changes the losses and the bars’ title, and reveals the importance table after a guess', async () => {
    ({ cleanup } = await bootApp('#/attention/ablate?prompt=ROMEO%3A%20But%20soft', { shipped: await corpusCheckpoint() }));
    const user = userEvent.setup();
    const s = step('ablate');
    const valLoss = await s.findByTestId('att-val-loss', {}, { timeout: 15000 });
    expect(valLoss.textContent).toMatch(/the full model’s/);
    await user.click(s.getByRole('button', { name: 'L1 H2' }));
    expect(useStore.getState().knobs.attOff).toBe('1.2');
    await waitFor(() => expect(s.getByTestId('att-val-loss').textContent).toMatch(/against the full model's/), { timeout: 15000 });
    // (This untrained model's probabilities move below the bars' precision; the e2e run sees them change.)
    expect(s.getByText('Next token, 1 head off')).toBeInTheDocument();
    expect(s.getByTestId('att-text-loss').textContent).toMatch(/against the full model's/);
    await user.click(s.getByRole('button', { name: 'Layer 2: all off' }));
    expect(useStore.getState().knobs.attOff).toBe('1.2, 2.*');

    expect(s.queryByText('How much the loss rises without each head')).toBeNull();
    await user.click(s.getByRole('button', { name: 'Guess L2 H1' }));
    expect(await s.findByTestId('att-importance-verdict', {}, { timeout: 20000 })).toHaveTextContent(/nats/);
    expect(within(s.getByRole('list', { name: 'Heads from most to least important' })).getAllByRole('listitem')).toHaveLength(4);
    expect(await s.findByTestId('att-importance-role', {}, { timeout: 15000 })).toHaveTextContent(/^L\d H\d (has no single role|.+ head: )/);
  });

  it('reads a link with heads this model lacks, says so, and keeps the rest', async () => {
    ({ cleanup } = await bootApp('#/attention/ablate?attOff=1.1%2C%209.9%2C%20banana', { shipped: await corpusCheckpoint() }));
    const s = step('ablate');
    expect(await s.findByText(/there is no layer 9: the model has 2; “banana” is not layer\.head/, {}, { timeout: 10000 })).toBeInTheDocument();
    expect(s.getByRole('button', { name: 'L1 H1' })).toHaveAttribute('aria-pressed', 'false');
    expect(s.getByTestId('att-off-count')).toHaveTextContent('1 of 4 heads off.');
  });
});

describe('Attention: roles and no attention at all', () => {
  it('labels every head by measured shares on the validation passage, and a 1-layer 1-head model still lays out', async () => {
    ({ cleanup } = await bootApp('#/attention/roles', { shipped: await corpusCheckpoint({ nLayer: 1, nHead: 1 }) }));
    const s = step('roles');
    const rows = await s.findAllByTestId('att-role-row', {}, { timeout: 15000 });
    expect(rows).toHaveLength(1); // a 1-layer, 1-head model still lays out
    expect(rows[0].textContent).toMatch(/^L1 H1\d/);
    // The grid and the switchboard lay out for one head too.
    expect(step('grid').getAllByRole('button', { name: /: enlarge$/ })).toHaveLength(1);
    expect(step('ablate').getByRole('button', { name: 'L1 H1' })).toHaveAttribute('aria-pressed', 'true');
  });

  it('sets the loss without attention beside the full model\'s and ln V, and continues the prompt with both', async () => {
    ({ cleanup } = await bootApp('#/attention/none?prompt=ROMEO%3A&seed=2', { shipped: await corpusCheckpoint() }));
    const user = userEvent.setup();
    const s = step('none');
    expect(await s.findByTestId('att-none-verdict', {}, { timeout: 15000 })).toHaveTextContent(/full model's mean loss is \d/);
    await user.click(s.getByRole('button', { name: 'Continue my prompt with both models' }));
    await waitFor(() => expect(s.getByTestId('att-sample-none').textContent).toMatch(/^ROMEO:.+/), { timeout: 30000 });
    expect(s.getByTestId('att-sample-full').textContent).not.toBe(s.getByTestId('att-sample-none').textContent);
  });
});

// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setKnob } from '../../state/actions';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';

let cleanup: () => void;
beforeEach(async () => {
  ({ cleanup } = await bootApp('#/overview/pipeline?prompt=ROMEO%3A%20But'));
});
afterEach(() => cleanup());

describe('Overview pipeline', () => {
  it('shows the prompt as tokens with ids, the next-token probabilities and the drawn token, computed by the engine', async () => {
    const next = await screen.findByTestId('next-token', {}, { timeout: 5000 });
    const tokens = screen.getByRole('list', { name: 'Your prompt as tokens' });
    expect(within(tokens).getAllByRole('button')).toHaveLength('ROMEO: But'.length);
    expect(within(tokens).getByRole('button', { name: /^R, id \d+$/ })).toBeInTheDocument();
    // The figures follow the drawn token in the next render (PipelineStep's deferred copy of the result).
    expect(within(await screen.findByRole('list', { name: 'Likeliest next tokens' }, { timeout: 5000 })).getAllByRole('listitem')).toHaveLength(10);
    expect(next.textContent).not.toBe('');
    expect(screen.getByText(/Computed now in your browser by/)).toHaveTextContent('plain JavaScript');
  });

  it('appends the drawn token to the prompt, and the pipeline runs again on the longer text', async () => {
    const user = userEvent.setup();
    await screen.findByTestId('next-token', {}, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: /^Append “/ }));
    expect(useStore.getState().knobs.prompt.length).toBeGreaterThan('ROMEO: But'.length);
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Your prompt as tokens' })).getAllByRole('button')).toHaveLength(11), { timeout: 5000 });
  });

  it('shows where a chosen token looks, layer by layer, and only at earlier tokens', async () => {
    const user = userEvent.setup();
    await screen.findByTestId('next-token', {}, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: /^M, id/ }));
    expect(useStore.getState().knobs.focus).toBe(2);
    expect(screen.getByRole('heading', { name: /where “M” looks/ })).toBeInTheDocument();
    const layer = screen.getByRole('list', { name: 'Attention of layer 1' });
    const items = within(layer).getAllByRole('listitem');
    expect(items[3]).toHaveStyle({ opacity: '0.45' }); // a later token: it cannot be looked at
    expect(items[0].textContent).toMatch(/\d+%/);
  });

  it('says plainly when the prompt is empty', async () => {
    const user = userEvent.setup();
    await screen.findByTestId('next-token', {}, { timeout: 5000 });
    await user.clear(screen.getByRole('textbox', { name: 'Your prompt' }));
    expect(await screen.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(/prompt is empty/);
  });

  it('imports a bad checkpoint file from the model lab with a clear message, changing nothing', async () => {
    const user = userEvent.setup();
    await screen.findByTestId('next-token', {}, { timeout: 5000 });
    await user.click(screen.getByRole('button', { name: 'Model' }));
    const input = screen.getByLabelText(/Import a checkpoint file/);
    await user.upload(input, new File([new Uint8Array([1, 2, 3, 4])], 'junk.tbt'));
    expect(await screen.findByText(/“junk\.tbt” was not imported/)).toBeInTheDocument();
    expect(useStore.getState().checkpoints).toHaveLength(1);
  });

  it('names the pieces the model itself cuts "ROMEO:" into, not pieces written by hand', async () => {
    const step = document.getElementById('step-context')!;
    await waitFor(() => expect(within(step).getAllByText(/^(R|O|M|E|:)$/, { selector: 'q' })).toHaveLength(6), { timeout: 5000 });
    expect(step.textContent).toContain('cuts ROMEO: into R, O, M, E, O and :');
  });

  it('reaches temperature 0 from the slider: the likeliest token, with certainty', async () => {
    await screen.findByTestId('next-token', {}, { timeout: 5000 });
    const slider = screen.getByRole('slider', { name: 'Temperature' });
    expect(slider).toHaveAttribute('min', '0');
    act(() => setKnob('temperature', 0));
    await waitFor(() => expect(screen.getByTestId('next-token').parentElement).toHaveTextContent('probability 100'), { timeout: 5000 });
  });
});

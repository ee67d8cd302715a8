// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { conceptColour } from './palette';
import { VizThemeProvider } from './theme';
import { TokenStrip } from './TokenStrip';

const tokens = [
  { id: 813, label: 'ROMEO' },
  { id: 25, label: ':' },
];

describe('TokenStrip', () => {
  it('names each token button by its visible text, label then id, so the name contains what the reader sees', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    render(<TokenStrip tokens={tokens} label="Your prompt as tokens" selectedIndex={0} onSelect={onSelect} />);
    const strip = screen.getByRole('list', { name: 'Your prompt as tokens' });
    const romeo = within(strip).getByRole('button', { name: 'ROMEO, id 813' });
    expect(romeo).not.toHaveAttribute('aria-label');
    expect(romeo).toHaveAttribute('aria-pressed', 'true');
    within(strip).getByRole('button', { name: ':, id 25' }).focus();
    await user.keyboard(' ');
    expect(onSelect).toHaveBeenCalledWith(1);
  });

  it('shades weighted chips in the attention colour of the theme it is given, and fades tokens without a weight', () => {
    render(
      <VizThemeProvider theme="dark">
        <TokenStrip tokens={tokens} label="Attention" weights={[1, undefined]} showIds={false} />
      </VizThemeProvider>,
    );
    const [first, second] = within(screen.getByRole('list', { name: 'Attention' })).getAllByRole('listitem');
    expect(first).toHaveStyle({ background: conceptColour('attention', 'dark') });
    expect(first).toHaveTextContent('ROMEO 100%');
    expect(second).toHaveStyle({ opacity: '0.45' });
  });
});

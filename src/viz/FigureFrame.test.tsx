// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileNameFor, formatValue, toCsv, toJson, type FigureTable } from './figureData';
import { FigureFrame } from './FigureFrame';

const table: FigureTable = {
  columns: ['token', 'probability'],
  rows: [
    ['ROMEO', 0.25],
    ['a, "quoted" one', 1e-7],
    [' the', Number.NaN],
  ],
};

describe('figure data', () => {
  it('writes RFC 4180 CSV: quotes fields with commas, quotes or edge spaces, doubles inner quotes, keeps every digit', () => {
    expect(toCsv(table)).toBe('token,probability\r\nROMEO,0.25\r\n"a, ""quoted"" one",1e-7\r\n" the",NaN\r\n');
  });
  it('writes JSON records keyed by column, with non-finite numbers spelled out', () => {
    expect(JSON.parse(toJson(table))).toEqual([
      { token: 'ROMEO', probability: 0.25 },
      { token: 'a, "quoted" one', probability: 1e-7 },
      { token: ' the', probability: 'NaN' },
    ]);
  });
  it('names files after the title and formats numbers for reading', () => {
    expect(fileNameFor('Loss, train vs. validation (nats)')).toBe('loss-train-vs-validation-nats');
    expect(fileNameFor('…')).toBe('figure');
    expect(formatValue(0.123456)).toBe('0.1235');
    expect(formatValue(3e-6)).toBe('3.000e-6');
    expect(formatValue(42)).toBe('42');
  });
});

describe('FigureFrame', () => {
  afterEach(() => vi.restoreAllMocks());
  const renderFrame = (source: Parameters<typeof FigureFrame>[0]['source'] = { kind: 'live' }) =>
    render(
      <FigureFrame title="Next tokens" source={source} table={() => table} caption="What the model expects">
        <svg aria-hidden="true" />
      </FigureFrame>,
    );

  it('is a named figure with its source and caption, and shows its numbers as a table behind a toggle', async () => {
    const user = userEvent.setup();
    renderFrame();
    const figure = screen.getByRole('figure', { name: 'Next tokens' });
    expect(figure).toHaveTextContent('computed live');
    expect(figure).toHaveTextContent('What the model expects');
    expect(screen.queryByRole('table')).toBeNull();
    const toggle = screen.getByRole('button', { name: 'Show the numbers' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    toggle.focus();
    await user.keyboard('{Enter}');
    const shown = screen.getByRole('table', { name: 'Next tokens' });
    expect(within(shown).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['token', 'probability']);
    expect(within(shown).getAllByRole('row')[1]).toHaveTextContent('ROMEO0.25');
    expect(screen.getByRole('button', { name: 'Hide the numbers' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('says when the numbers are precomputed (with the command), an estimate, or sample data', () => {
    const { unmount } = renderFrame({ kind: 'precomputed', command: 'npm run train' });
    expect(screen.getByRole('figure')).toHaveTextContent('precomputed: npm run train');
    unmount();
    renderFrame({ kind: 'sample' });
    expect(screen.getByRole('figure')).toHaveTextContent('sample data');
  });

  it('copies the numbers as CSV, and says so; says why when the clipboard refuses', async () => {
    const user = userEvent.setup();
    const writeText = vi.fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderFrame();
    await user.click(screen.getByRole('button', { name: 'Copy CSV' }));
    expect(writeText).toHaveBeenCalledWith(toCsv(table));
    expect(screen.getByRole('status')).toHaveTextContent('Copied');
    writeText.mockRejectedValueOnce(new Error('permission denied'));
    await user.click(screen.getByRole('button', { name: 'Copy CSV' }));
    expect(screen.getByRole('status')).toHaveTextContent('Could not copy (permission denied)');
  });

  it('downloads CSV and JSON files named after the title', async () => {
    const user = userEvent.setup();
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => (blobs.push(blob), 'blob:x'));
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderFrame();
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await user.click(screen.getByRole('button', { name: 'Download JSON' }));
    expect(names).toEqual(['next-tokens.csv', 'next-tokens.json']);
    expect(await blobs[0].text()).toBe(toCsv(table));
    expect(JSON.parse(await blobs[1].text())).toHaveLength(3);
  });
});

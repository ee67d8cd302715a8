// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { barLayout, Bars, barsTable, formatPercent, type BarDatum } from './Bars';
import { toCsv } from './figureData';
import { VizThemeProvider } from './theme';

const items: BarDatum[] = [
  { id: 7, label: ' the', value: 0.5 },
  { id: 3, label: 'ROMEO', value: 0.3 },
  { id: 9, label: ',', value: 0.15 },
  { id: 1, label: 'x', value: 0.05, isCut: true },
];

const bars = (marked?: number) => (
  <Bars title="Next token" source={{ kind: 'live' }} items={items} listLabel="Likeliest next tokens" valueLabel="probability" markedId={marked} />
);

describe('Bars', () => {
  it('scales bars to the largest value (or a given maximum) and gives each a row', () => {
    const layout = barLayout(items, 500, 12, 80);
    expect(layout.x(0.5)).toBeCloseTo(layout.barWidth);
    expect(layout.x(0.25)).toBeCloseTo(layout.barWidth / 2);
    expect(barLayout(items, 500, 12, 80, 1).x(0.5)).toBeCloseTo(layout.barWidth / 2);
    expect(layout.y(1) - layout.y(0)).toBeCloseTo(layout.rowHeight);
  });

  it('lists the bars in order, says which one was drawn and which were cut off, in words as well as marks', () => {
    const { container } = render(bars(3));
    const list = screen.getByRole('list', { name: 'Likeliest next tokens' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([' the 50%', 'ROMEO 30% ← drawn', ', 15%', 'x 5.0% (cut off)']);
    expect(rows[1]).toHaveAttribute('data-marked', 'true');
    expect(container.querySelectorAll('rect')).toHaveLength(4);
    expect(container.querySelector('[data-cut] rect')).toHaveAttribute('fill', '#8A8A8A');
  });

  it('draws the probability colour of the theme it is given', () => {
    const { container } = render(<VizThemeProvider theme="dark">{bars()}</VizThemeProvider>);
    expect(container.querySelector('[role=listitem] rect')).toHaveAttribute('fill', '#CC79A7');
  });

  it('holds the numbers in its table and CSV, marked and cut off as columns', async () => {
    const user = userEvent.setup();
    render(bars(3));
    await user.click(screen.getByRole('button', { name: 'Show the numbers' }));
    expect(within(screen.getByRole('table')).getAllByRole('row')[2]).toHaveTextContent('ROMEO30.3truefalse');
    expect(toCsv(barsTable(items.slice(0, 2), 'probability', 7, 'drawn'))).toBe('label,id,probability,drawn,cut off\r\n" the",7,0.5,true,false\r\nROMEO,3,0.3,false,false\r\n');
    expect(formatPercent(0.0004)).toBe('<0.1%');
  });
});

// @vitest-environment jsdom
// The classroom rater's own rule: written in the rule language (from a link or the editor), shown as code with a
// glossary, a mistake pointed at, a ready-made rule opened for editing, and the rater rating by the rule it shows.
import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTextRule, rateByRule } from '../../engine/rlhf/textRater';
import { useStore } from '../../state/store';
import { bootApp } from '../../testing/bootApp';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const rate = () => within(document.getElementById('step-rate')!);
const ready = () => waitFor(() => expect(useStore.getState().labStatus).toBe('ready'), { timeout: 10_000 });

describe('RLHF: the classroom rater\'s rule editor', () => {
  it('rates by the reader\'s own rule, taken from the link, and shows it as code with what each name means', async () => {
    const rule = 'words("the", "is") - length/10 + 2*(lines >= 2)';
    ({ cleanup } = await bootApp(`#/rlhf/rate?prompt=ROMEO%3A&rlRule=expr&rlExpr=${encodeURIComponent(rule)}`));
    await ready();
    const code = rate().getByLabelText('The rater\'s rule as code').textContent!;
    expect(code).toContain(`score(text) = ${rule}`);
    expect(code).toMatch(/\/\/ words\("…"\) = times any of these whole words appears/);
    expect(code).toMatch(/\/\/ length = characters in the text/);
    const button = await rate().findByRole('button', { name: /Let the rater rate 8 pairs/ });
    await waitFor(() => expect(button).toBeEnabled(), { timeout: 10_000 });
    await userEvent.setup().click(button);
    await waitFor(() => expect(useStore.getState().ratings).toHaveLength(8), { timeout: 30_000 });
    const parsed = parseTextRule(`expr:${rule}`);
    for (const r of useStore.getState().ratings) {
      expect(r.rater).toBe(`scripted:expr:${rule}`);
      expect(r.choice).toBe(rateByRule(parsed, r.a, r.b));
    }
  }, 60_000);

  it('points at a mistake and waits for a rule that reads; opens a ready-made rule for editing', async () => {
    ({ cleanup } = await bootApp('#/rlhf/rate?prompt=ROMEO%3A&rlRule=theme&rlTheme=love', { engine: false }));
    const user = userEvent.setup();
    expect(rate().getByLabelText('The rater\'s rule as code').textContent).toMatch(/^score\(text\) = count\("love"\)/);
    await user.click(rate().getByRole('button', { name: 'Write this rule yourself' }));
    expect(useStore.getState().knobs).toMatchObject({ rlRule: 'expr', rlExpr: 'count("love")' });
    const field = rate().getByRole('textbox', { name: 'Your rule' });
    expect(field).toHaveValue('count("love")');
    await user.clear(field);
    await user.type(field, '2 * contans("love")');
    const alert = rate().getByRole('alert');
    expect(alert.textContent).toMatch(/At character 5: “contans” is not a measure or function/);
    expect(rate().getByTestId('rule-error-mark').textContent).toBe('2 * contans("love")\n    ^');
    expect(rate().queryByLabelText('The rater\'s rule as code')).toBeNull();
    expect(rate().getByRole('button', { name: /Let the rater rate/ })).toBeDisabled();
    await user.clear(field);
    await user.type(field, '2 * contains("love") + rhymes');
    expect(rate().getByLabelText('The rater\'s rule as code').textContent).toMatch(/rhymes = neighbouring lines/);
    expect(rate().queryByRole('alert')).toBeNull();
  });
});

// @vitest-environment jsdom
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { chapters } from '../chapters';
import { isChapterReady } from './chapterModules';
import { setKnob, goToChapter } from '../state/actions';
import { useStore } from '../state/store';
import { knobTable } from '../state/urlHash';
import { bootApp } from '../testing/bootApp';

let cleanup: (() => void) | undefined;

afterEach(() => {
  cleanup?.();
  cleanup = undefined;
  localStorage.clear();
});

/** The shell alone: no engine, so chapters show their text and the figures wait. */
async function renderAt(hash: string) {
  ({ cleanup } = await bootApp(hash, { engine: false }));
}

describe('app shell', () => {
  it('lists every chapter in registry order and marks the current one', async () => {
    await renderAt('');
    const toc = screen.getByRole('navigation', { name: 'Chapters' });
    const links = within(toc).getAllByRole('link');
    expect(links.map((l) => l.querySelector('.toc-title')?.textContent)).toEqual(chapters.map((c) => c.title));
    expect(links[0]).toHaveAttribute('aria-current', 'page');
    expect(await screen.findByRole('heading', { level: 2, name: 'Learning from texts' })).toBeInTheDocument();
  });

  it('moves between steps and chapters with Next, the arrow keys and PageUp/PageDown', async () => {
    const user = userEvent.setup();
    await renderAt('#/overview/real');
    await user.click(screen.getByRole('button', { name: /^Next/ }));
    expect(useStore.getState().chapterId).toBe('tokenization');
    expect(await screen.findByRole('heading', { level: 1, name: 'Tokenization' })).toBeInTheDocument();
    expect(location.hash).toBe('#/tokenization/views');
    await user.keyboard('{ArrowRight}');
    expect(location.hash).toBe('#/tokenization/guess');
    // The rest of Tokenization's steps, however many it has, then the next chapter.
    const tokenizationSteps = chapters.find((c) => c.id === 'tokenization')!.steps.length;
    for (let i = 1; i < tokenizationSteps; i++) await user.keyboard('{ArrowRight}');
    expect(useStore.getState().chapterId).toBe('embeddings');
    // PageUp (a clicker's "back") walks back step by step: every Tokenization step, then the Overview's last.
    for (let i = 0; i <= tokenizationSteps; i++) await user.keyboard('{PageUp}');
    expect(useStore.getState()).toMatchObject({ chapterId: 'overview', stepIndex: 5 });
    await user.keyboard('{ArrowLeft}');
    expect(useStore.getState().stepIndex).toBe(4);
  });

  it('leaves arrow keys to a focused text field or slider', async () => {
    const user = userEvent.setup();
    await renderAt('#/overview/pipeline');
    const prompt = await screen.findByRole('textbox', { name: knobTable.prompt.label });
    await user.click(prompt);
    await user.keyboard('{ArrowLeft}{ArrowRight}{PageDown}');
    expect(useStore.getState().stepIndex).toBe(4);
  });

  it('makes the step the reader scrolls to the current one, without a history entry or a scroll back', async () => {
    await renderAt('#/overview/learning');
    const sections = [...document.querySelectorAll<HTMLElement>('section.step')];
    expect(sections).toHaveLength(6);
    // jsdom has no layout: place the steps 600 px apart and scroll so that the third one's top is near the top.
    Object.defineProperty(window, 'innerHeight', { value: 900, configurable: true });
    sections.forEach((section, i) => {
      section.getBoundingClientRect = () => ({ top: i * 600 - 1250 } as DOMRect);
    });
    const historyLength = history.length;
    (window.scrollTo as unknown as { mockClear(): void }).mockClear();
    // A scroll nobody asked for (a figure above grew, and scroll anchoring kept the view still) moves nothing.
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(useStore.getState().stepIndex).toBe(0);
    // The reader's wheel does.
    await act(async () => {
      window.dispatchEvent(new WheelEvent('wheel', { deltaY: -100 }));
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(useStore.getState().stepIndex).toBe(2);
    expect(screen.getByText('Step 3 of 6')).toBeInTheDocument();
    expect(location.hash).toBe('#/overview/generating');
    expect(history.length).toBe(historyLength);
    expect(window.scrollTo).not.toHaveBeenCalled();
  });

  it('keeps the step a key chose while the page scrolls there, however long that takes', async () => {
    const user = userEvent.setup();
    await renderAt('#/overview/generating');
    const sections = [...document.querySelectorAll<HTMLElement>('section.step')];
    Object.defineProperty(window, 'innerHeight', { value: 900, configurable: true });
    // Mid-way through the page's smooth scroll the third step is still at the top of the view.
    sections.forEach((section, i) => {
      section.getBoundingClientRect = () => ({ top: i * 600 - 1250 } as DOMRect);
    });
    // The reader was wheeling when they pressed the key; the scroll then under way is no longer theirs.
    window.dispatchEvent(new WheelEvent('wheel', { deltaY: 100 }));
    await user.keyboard('{PageDown}');
    expect(useStore.getState().stepIndex).toBe(3);
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(useStore.getState().stepIndex).toBe(3);
    await act(async () => {
      await new Promise((r) => setTimeout(r, 1500));
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(useStore.getState().stepIndex).toBe(3);
  });

  it("keeps the book's last step when a key presses against it while the page still scrolls there", async () => {
    const user = userEvent.setup();
    const last = chapters.at(-1)!;
    const lastStep = last.steps.length - 1;
    await renderAt(`#/${last.id}/${last.steps[lastStep].id}`);
    expect(useStore.getState().stepIndex).toBe(lastStep);
    const sections = [...document.querySelectorAll<HTMLElement>('section.step')];
    Object.defineProperty(window, 'innerHeight', { value: 900, configurable: true });
    sections.forEach((section, i) => {
      section.getBoundingClientRect = () => ({ top: i * 600 - 1250 } as DOMRect);
    });
    await user.keyboard('{PageDown}');
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(useStore.getState().stepIndex).toBe(lastStep);
    // Tab is the reader's: it scrolls the focused control into view, and its step becomes current.
    await user.keyboard('{Tab}');
    await act(async () => {
      window.dispatchEvent(new Event('scroll'));
      await new Promise((r) => setTimeout(r, 50));
    });
    expect(useStore.getState().stepIndex).toBe(2);
  });

  it('shows an honest "coming" page for chapters not built yet', async () => {
    // Whichever chapter is still coming (chapters get built in parallel); once all are built there is none to show.
    const coming = chapters.find((c) => !isChapterReady(c.id)) as (typeof chapters)[number] & { willLetYou?: readonly string[] };
    if (!coming) return;
    await renderAt(`#/${coming.id}`);
    expect(screen.getByRole('heading', { level: 1, name: coming.title })).toBeInTheDocument();
    expect(screen.getByText(/not written yet/)).toBeInTheDocument();
    for (const promise of coming.willLetYou ?? []) expect(screen.getByText(promise)).toBeInTheDocument();
  });

  it('restores chapter, step, knobs and projector mode from a link, and shows one step in projector mode', async () => {
    await renderAt('#/overview/generating?prompt=JULIET%3A&view=projector');
    expect(useStore.getState()).toMatchObject({ chapterId: 'overview', stepIndex: 2, projector: true });
    expect(useStore.getState().knobs.prompt).toBe('JULIET:');
    expect(await screen.findByRole('heading', { level: 2, name: 'Generating a response' })).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 2 })).toHaveLength(1);
    expect(document.documentElement).toHaveAttribute('data-projector');
  });

  it('follows a changed hash and writes knob changes back to it', async () => {
    await renderAt('#/overview/learning');
    act(() => {
      history.replaceState(null, '', '#/overview/context');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(useStore.getState().stepIndex).toBe(1);
    act(() => setKnob('temperature', 1.5));
    await waitFor(() => expect(location.hash).toBe('#/overview/context?temperature=1.5')); // knobs reach the address within KNOB_WRITE_MS
    act(() => goToChapter('rlhf'));
    expect(location.hash).toBe('#/rlhf/rate?temperature=1.5');
  });

  it('hides and locks controls named by a teacher link', async () => {
    await renderAt('#/overview/pipeline?lock=prompt');
    const prompt = await screen.findByRole('textbox', { name: knobTable.prompt.label });
    expect(prompt).toBeDisabled();
    expect(screen.getByText(/Locked by the link/)).toBeInTheDocument();
    act(() => setKnob('prompt', 'changed'));
    expect(useStore.getState().knobs.prompt).toBe(knobTable.prompt.default);
    act(() => {
      history.pushState(null, '', '#/overview/pipeline?hide=prompt');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(screen.queryByRole('textbox', { name: knobTable.prompt.label })).not.toBeInTheDocument();
  });

  it('makes a teacher link from the share panel', async () => {
    const user = userEvent.setup();
    await renderAt('#/overview/pipeline');
    await user.click(screen.getByRole('button', { name: 'Share' }));
    await user.click(screen.getByRole('checkbox', { name: `Lock ${knobTable.prompt.label}` }));
    await user.click(screen.getByRole('checkbox', { name: `Hide ${knobTable.seed.label}` }));
    await user.click(screen.getByRole('checkbox', { name: 'Open in projector mode' }));
    const link = (screen.getByRole('textbox', { name: 'Link' }) as HTMLInputElement).value;
    expect(link).toMatch(/#\/overview\/pipeline\?hide=seed&lock=prompt&view=projector$/);
  });

  it('switches theme, remembers it, and sets the palette on the page', async () => {
    const user = userEvent.setup();
    await renderAt('');
    const before = useStore.getState().theme;
    await user.click(screen.getByRole('button', { name: 'Dark theme' }));
    const after = before === 'dark' ? 'light' : 'dark';
    expect(document.documentElement.dataset.theme).toBe(after);
    expect(localStorage.getItem('tbt-theme')).toBe(after);
    expect(document.documentElement.style.getPropertyValue('--c-attention')).not.toBe('');
  });

  it('typesets equations with KaTeX, not images', async () => {
    await renderAt('#/overview/context');
    const step = await screen.findByRole('region', { name: 'Understanding context' });
    expect(step.querySelector('.katex math')).not.toBeNull();
    expect(step.querySelector('img')).toBeNull();
  });
});

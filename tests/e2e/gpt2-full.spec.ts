// On request only (GPT2_FULL=dir with model.safetensors + config.json from make_gpt2_fixture.py --full): opens a
// GPT-2 124M-shaped file in the lab in Chromium and prints how long it took and the tab's peak memory (the
// renderer process that runs the page and its engine worker, read from /proc: Linux only), next to the size of the
// weights in float32, the figure the issue measures against (goal: peak ≤ 1.5× of it). The browser runs with a
// profile of its own on disk (a persistent context, as a reader's browser is): Playwright's default contexts are
// off the record, where Chromium abandons a 250 MB IndexedDB write, so the fine-tuned model could not be saved
// there. The model is opened in memory only (the lab's option for large models); GPT2_FULL_SAVE=1 stores it in the
// lab instead (and the paused fine-tune is then resumed after a reload). The fine-tuned model is always saved, and
// must come back after a reload.
import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitForChapter } from './helpers';

const dir = process.env.GPT2_FULL;
test.skip(!dir, 'set GPT2_FULL to a folder with a 124M GPT-2 file');

/** Process ids, each with its parent and command line, from /proc. */
function processes(): { pid: number; ppid: number; cmdline: string }[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).flatMap((d) => {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return [{ pid: Number(d), ppid, cmdline: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/**
 * Resident memory now and at its peak (kB from /proc, in bytes) of each renderer process of the browser that runs
 * on `profile`: the descendants of the process started with that user-data-dir that are renderers.
 */
function rendererMemory(profile: string): { pid: number; rss: number; peak: number }[] {
  const all = processes();
  const root = all.find((p) => p.cmdline.includes(`--user-data-dir=${profile}`) && !p.cmdline.includes('--type='));
  if (!root) return [];
  const ours = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) if (ours.has(p.ppid) && !ours.has(p.pid)) (ours.add(p.pid), (grew = true));
  }
  return all.filter((p) => ours.has(p.pid) && p.cmdline.includes('--type=renderer')).flatMap(({ pid }) => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
      return [{ pid, rss: kb('VmRSS'), peak: kb('VmHWM') }];
    } catch {
      return [];
    }
  });
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

let context: BrowserContext | null = null;
let profile: string | null = null;
test.afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('a 124M GPT-2 file opens in the lab and the Overview, Attention, Generation, Embeddings and Training run on it; the tuned model is saved and reopens', async () => {
  test.setTimeout(1_800_000);
  // The project's own browser settings (playwright.config.ts), on a profile on disk.
  const { launchOptions, baseURL } = test.info().project.use;
  const userDir = mkdtempSync(join(tmpdir(), 'tbt-gpt2-profile-'));
  profile = userDir;
  context = await chromium.launchPersistentContext(userDir, { ...launchOptions, headless: true, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/#/overview/pipeline?prompt=Hello%20world');
  await waitForChapter(page, 'Overview');
  await page.getByRole('button', { name: 'Model' }).click();
  const panel = page.locator('#model-panel');
  const input = panel.getByLabel(/Open a GPT-2 model/);
  await expect(input).toBeEnabled({ timeout: 60_000 });
  if (!process.env.GPT2_FULL_SAVE) await panel.getByRole('checkbox', { name: /Keep the GPT-2 model in memory only/ }).check();
  const before = rendererMemory(userDir);
  const started = Date.now();
  await input.setInputFiles([join(dir!, 'model.safetensors'), join(dir!, 'config.json')]);
  await expect(panel.getByRole('status').or(panel.getByRole('alert'))).toContainText(/Opened “GPT-2|not imported/, { timeout: 500_000 });
  await expect(panel.getByRole('status')).toContainText(/Opened “GPT-2/, { timeout: 1000 });
  const opened = Date.now() - started;
  const after = rendererMemory(userDir);
  await panel.getByRole('radio', { name: /^GPT-2 \(model/ }).check();
  const picked = Date.now();
  await expect(page.getByRole('list', { name: 'Your prompt as tokens' }).getByRole('button')).toHaveCount(2, { timeout: 300_000 });
  await expect(page.getByTestId('next-token')).toHaveText(/.+/, { timeout: 300_000 });
  const ready = Date.now() - picked;
  const last = rendererMemory(userDir);

  // The renderer that grew is the page's (the others are Chromium's own pages).
  const tab = last.reduce((a, b) => (b.peak > a.peak ? b : a));
  const baseline = before.find((p) => p.pid === tab.pid)?.rss ?? 0;
  const atOpen = after.find((p) => p.pid === tab.pid)?.peak ?? 0;
  const weights = statSync(join(dir!, 'model.safetensors')).size; // float32 file: its size is the weights'
  const peak = Math.max(atOpen, tab.peak); // read twice, as the kernel's high-water mark is not always monotonic here
  console.log(`GPT-2 124M: opened${process.env.GPT2_FULL_SAVE ? ' and saved' : ' (kept in memory only)'} in ${(opened / 1000).toFixed(1)} s; Overview ready ${(ready / 1000).toFixed(1)} s after choosing it.`);
  console.log(`Tab memory (renderer ${tab.pid}): ${mb(baseline)} before opening; peak ${mb(atOpen)} by the end of opening, ` +
    `${mb(tab.peak)} by the first prediction (now ${mb(tab.rss)}). Float32 weights: ${mb(weights)}; ` +
    `peak above the tab's baseline = ${((peak - baseline) / weights).toFixed(2)}× the weights (goal ≤ 1.5×).`);

  // The other chapters on the same 124M model. A memory-only model is gone after a reload, so each chapter is
  // reached by changing the hash (same document), never page.goto.
  const visit = async (hash: string, title: string) => {
    await page.evaluate((h) => { window.location.hash = h; }, hash);
    await waitForChapter(page, title);
  };
  const timed = async (what: string, run: () => Promise<void>) => {
    const t0 = Date.now();
    await run();
    const now = rendererMemory(userDir).find((p) => p.pid === tab.pid);
    const above = ((Math.max(now?.peak ?? 0, peak) - baseline) / weights).toFixed(2);
    console.log(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s; tab peak so far ${mb(now?.peak ?? 0)} (${above}× the weights above the baseline), now ${mb(now?.rss ?? 0)}`);
  };

  // The lab's panel (open since the import) would cover the chapters' buttons.
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  await expect(panel).toBeHidden();

  // Generation's cost counter: about 124M multiply-adds a token (the trunk and the 50,257-way head). First after
  // opening, so the peak it prints is the "while loading and generating".
  await timed('Generation cost (20 tokens)', async () => {
    await visit('#/generation/cost?prompt=Hello%20world&seed=1', 'Generation');
    const cost = page.locator('#step-cost');
    await cost.getByRole('group', { name: /^Guess first/ }).getByRole('button').first().click({ timeout: 120_000 });
    const verdict = cost.getByTestId('cost-verdict');
    await expect(verdict).toHaveText(/counted .* multiply-adds for 20 tokens/, { timeout: 300_000 });
    const said = (await verdict.textContent()) ?? '';
    console.log(`Generation cost verdict: ${said}`);
    const m = /counted ([\d.,]+) (million|billion) multiply-adds/.exec(said);
    expect(m).not.toBeNull();
    const perToken = (Number(m![1].replace(/,/g, '')) * (m![2] === 'billion' ? 1e9 : 1e6)) / 20;
    expect(perToken).toBeGreaterThan(100e6); // ~124M parameters, each a multiply-add per token
    expect(perToken).toBeLessThan(160e6);
  });

  // Attention: GPT-2 small's 12 layers × 12 heads on a repeated sequence, then one head's check.
  await timed('Attention grid (12 × 12 heads)', async () => {
    await visit('#/attention/grid?prompt=Hello%20world%2C%20hello%20world', 'Attention');
    const grid = page.locator('#step-grid');
    await expect(grid.getByRole('button', { name: /^L\d+ H\d+: enlarge$/ })).toHaveCount(144, { timeout: 300_000 });
    await expect(grid.getByRole('button', { name: 'L12 H12: enlarge' })).toBeVisible();
  });

  // Embeddings: the map of all 50,257 tokens (its PCA fitted on a sample of 8,192 rows, in steps the worker pauses
  // between, so the client's 30 s hang detector is never triggered), and no untrained twin (a second 124M model).
  await timed('Embeddings map (50,257 points)', async () => {
    await visit('#/embeddings/space?prompt=Hello%20world', 'Embeddings & position');
    const space = page.locator('#step-space');
    await space.getByRole('group', { name: /^Before you look: which token is nearest/ }).getByRole('button').first().click({ timeout: 120_000 });
    await expect(space.getByRole('group', { name: /: 50257 points\./ }).first()).toBeVisible({ timeout: 300_000 });
    await expect(space.getByTestId('space-verdict')).toContainText(/cosine similarity/);
    await expect(space.getByTestId('twin-refused')).toContainText(/124M-parameter model would be a second model just as big/);
  });
  await expect(page.getByText(/stopped responding/)).toHaveCount(0); // the engine was never restarted as hung

  // Training: a short fine-tune of the 124M model on the reader's own text (issue #16). Training it whole in
  // float32 with AdamW needs 16 bytes a parameter, 2.0 GB before any activation, over the engine's 1.5 GB cap for
  // a tab, so the chapter trains only the top blocks that fit (on 256-token windows, to keep a step to seconds) and
  // says so before the run; the embeddings and the blocks below stay frozen. Three steps run, paused after the
  // first and resumed (the paused run's state holds only the trained blocks and their moments, ~170 MB, and names
  // GPT-2 as its base), their time per step is shown, and the result is saved to the lab with GPT-2 as its parent.
  await timed('Fine-tune on your text (3 steps, paused and resumed, top blocks only)', async () => {
    await visit('#/training/pretrain', 'Training');
    const step = page.locator('#step-pretrain');
    await step.getByRole('radio', { name: /the current model \(“GPT-2/ }).check();
    await step.getByRole('radio', { name: 'Your own text' }).check();
    await step.getByLabel(/^Paste a text/).fill(Array.from({ length: 400 }, (_, i) => `Line ${i}: the quick brown fox jumps over the lazy dog, and the cat watches.`).join('\n'));
    await step.getByLabel('Batch (windows per step)').fill('1');
    await step.getByLabel('Steps', { exact: true }).fill('3');
    const note = step.getByTestId('trains-top-blocks');
    await expect(note).toContainText(/^Training the last (\d+) of 12 blocks \([\d.]+M of 124M parameters, with the final LayerNorm\); the rest is frozen because training all of it would need about 4\.5 GB/);
    console.log(`Training chapter says: ${await note.innerText()}`);
    await expect(step.getByTestId('too-big-to-train')).toHaveCount(0);
    const estimate = (await step.locator('p', { hasText: 'Before you start' }).innerText()).replace(/\s+/g, ' ');
    console.log(`Estimate: ${estimate.slice(0, estimate.indexOf(' steps.') + 7)}`);
    const t0 = Date.now();
    await step.getByRole('button', { name: /^Start training|^Start again/ }).click();
    await expect(step.getByTestId('run-step')).toHaveText('1 of 3', { timeout: 550_000 });
    await step.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(step.getByTestId('run-phase')).toHaveText(/paused|finished|stopped/, { timeout: 300_000 });
    await expect(step.getByTestId('run-phase')).toHaveText('paused');
    console.log(`Paused at step ${await step.getByTestId('run-step').innerText()}; resuming.`);
    if (process.env.GPT2_FULL_SAVE) {
      // GPT-2 is stored in the lab, so a reload loses nothing: the paused run comes back from the browser's storage
      // (its run state, the trained blocks only) and goes on on top of the GPT-2 the lab loads again. The page
      // writes the run state after the pause; the reload waits until IndexedDB holds it.
      const kept = () => page.evaluate(() => new Promise<string>((resolve) => {
        const open = indexedDB.open('tbt-training');
        open.onupgradeneeded = () => open.transaction!.abort(); // not there yet: create nothing in the page's stead
        open.onerror = () => resolve('none');
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('runs').objectStore('runs').get('pretrain');
          get.onsuccess = () => {
            db.close();
            const run = get.result as { phase?: string; runState?: ArrayBuffer } | undefined;
            resolve(run ? `${run.phase}:${run.runState?.byteLength ?? 0}` : 'none');
          };
          get.onerror = () => (db.close(), resolve('none'));
        };
      }));
      await expect.poll(kept, { timeout: 120_000 }).toMatch(/^paused:\d+$/);
      console.log(`The paused run's state in the browser's storage: ${mb(Number((await kept()).split(':')[1]))} (the trained blocks and their moments).`);
      await page.reload();
      await waitForChapter(page, 'Training');
      await expect(step.getByTestId('run-phase')).toHaveText('paused', { timeout: 300_000 });
      console.log('Reloaded while paused: the run came back from the browser’s storage; resuming it on the stored GPT-2.');
    }
    await step.getByRole('button', { name: 'Resume', exact: true }).click();
    await expect(step.getByTestId('run-phase')).toHaveText(/finished|stopped/, { timeout: 550_000 });
    const stats = (await step.getByTestId('run-stats').innerText()).replace(/\s*\n\s*/g, ' | ');
    console.log(`Fine-tune: ${((Date.now() - t0) / 1000).toFixed(1)} s from Start to the end (a pause and a resume, evaluations and samples included); ${stats}`);
    const alerts = await step.getByRole('alert').allInnerTexts();
    if (alerts.length) console.log(`Fine-tune messages: ${alerts.join(' / ')}`);
    await expect(step.getByTestId('run-phase')).toHaveText('finished');
    await expect(step.getByTestId('run-step')).toHaveText('3 of 3');
    // The time per step shown is the measured one: elapsed training time over 3 steps.
    const elapsed = /Elapsed \(training\) \| ([\d.]+) s/.exec(stats);
    expect(elapsed).not.toBeNull();
    console.log(`Step time (measured, shown): ${(Number(elapsed![1]) / 3).toFixed(1)} s per step`);
    const tuned = rendererMemory(userDir).find((p) => p.pid === tab.pid);
    console.log(`Tab peak by the end of the fine-tune (before saving): ${mb(tuned?.peak ?? 0)} (${(((tuned?.peak ?? 0) - baseline) / weights).toFixed(2)}× the weights above the baseline), now ${mb(tuned?.rss ?? 0)}`);
    await step.getByLabel('Name for the model').fill('GPT-2, top blocks tuned on my text');
    await step.getByRole('button', { name: /^Save/ }).click();
    // The tuned model is written in float16 (249 MB, as the lab keeps an imported GPT-2), and this profile is on
    // disk, so the browser must take it (a refusal is printed before the check fails).
    const said = step.getByText(/Saved to your lab as “GPT-2, top blocks tuned on my text”|could not be saved/);
    await expect(said).toBeVisible({ timeout: 300_000 });
    console.log(`Save: ${await said.innerText()}`);
    await expect(step.getByText(/Saved to your lab as “GPT-2, top blocks tuned on my text”/)).toBeVisible();
    // The fine-tuning step offers the same, with its own batch and windows.
    await visit('#/training/finetune', 'Training');
    await expect(page.locator('#step-finetune').getByTestId('trains-top-blocks')).toContainText(/^Training the last \d+ of 12 blocks/);
  });
  await expect(page.getByText(/stopped responding/)).toHaveCount(0);
  const end = rendererMemory(userDir).find((p) => p.pid === tab.pid);
  if (end) console.log(`Tab memory after Attention, Generation, Embeddings and Training: peak ${mb(end.peak)} (${((end.peak - baseline) / weights).toFixed(2)}× the weights above the baseline), now ${mb(end.rss)}.`);

  // The saved tuned model comes back after a reload (a memory-only GPT-2 does not), and the chapters run on it.
  const reloaded = Date.now();
  await page.goto('/#/overview/pipeline?prompt=Hello%20world'); // only the hash changes: not yet a reload
  await page.reload();
  await waitForChapter(page, 'Overview');
  await page.getByRole('button', { name: 'Model', exact: true }).click();
  const tuned = page.locator('#model-panel').getByRole('radio', { name: /^GPT-2, top blocks tuned on my text/ });
  await expect(tuned).toBeVisible({ timeout: 300_000 });
  await tuned.check();
  // GPT-2's tokenizer cuts the prompt in 2 tokens (the shipped model's in 11), and only the tuned model has it now.
  await expect(page.getByRole('list', { name: 'Your prompt as tokens' }).getByRole('button')).toHaveCount(2, { timeout: 300_000 });
  await expect(page.getByTestId('next-token')).toHaveText(/.+/, { timeout: 300_000 });
  console.log(`After a reload the tuned model is in the lab and predicts (${((Date.now() - reloaded) / 1000).toFixed(1)} s from the reload).`);
});

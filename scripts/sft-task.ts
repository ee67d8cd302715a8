// npx tsx scripts/sft-task.ts  →  public/data/sft-task.json
// The Training chapter's fine-tuning task, "who speaks next?", made from Tiny Shakespeare by a fixed recipe:
//   1. Split the corpus into speeches: a line "NAME:" followed by the speech, up to a blank line.
//   2. Take every run of four consecutive speeches where two people take turns, A, B, A, B (a dialogue).
//   3. Prompt: the first three speeches as "NAME: its first three words", then "Next:". Response: " " + the
//      fourth speaker's name (B) + "\n". Example:  "ROMEO: But, soft! what\nJULIET: Ay me!\nROMEO: She speaks:\nNext:"
//      → " JULIET\n".
//   4. Keep prompts of at most 90 characters (so they fit a small model's context), drop exact duplicates,
//      shuffle with a fixed seed, and hold out the last 60 as test prompts the model never trains on.
// Runs A, B, A followed by someone else (28 % of them: people leave and arrive) are left out, so the answer always
// follows from the prompt: the model must learn to name the one who spoke before last, whoever they are. The file
// records the baseline of naming the commonest answer, which a model that ignores the prompt could reach.
import { readFileSync, writeFileSync } from 'node:fs';

const SOURCE = new URL('../public/data/tinyshakespeare.txt', import.meta.url);
const TARGET = new URL('../public/data/sft-task.json', import.meta.url);
const HELD_OUT = 60;
const MAX_PROMPT_CHARS = 90;
const SEED = 7;

interface Speech {
  speaker: string;
  text: string;
}

/** The corpus as speeches: "NAME:" on its own line, then the speech's lines up to a blank line. */
function speechesOf(corpus: string): Speech[] {
  return corpus.split(/\n\s*\n/).flatMap((block) => {
    const [head, ...rest] = block.trim().split('\n');
    const match = /^([A-Z][A-Za-z .']*):$/.exec(head ?? '');
    return match && rest.length ? [{ speaker: match[1], text: rest.join(' ') }] : [];
  });
}

const firstWords = (text: string, n = 3) => text.split(/\s+/).filter(Boolean).slice(0, n).join(' ');

/** A seeded shuffle (mulberry32), so the split is the same on every run. */
function shuffle<T>(items: T[], seed: number): T[] {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function main() {
  const speeches = speechesOf(readFileSync(SOURCE, 'utf8'));
  const seen = new Set<string>();
  const examples: { prompt: string; response: string }[] = [];
  let runs = 0, alternating = 0;
  for (let i = 0; i + 3 < speeches.length; i++) {
    const [a, b, c, next] = speeches.slice(i, i + 4);
    if (a.speaker !== c.speaker || a.speaker === b.speaker) continue;
    runs++;
    if (next.speaker !== b.speaker) continue;
    alternating++;
    const prompt = [a, b, c].map((s) => `${s.speaker}: ${firstWords(s.text)}`).join('\n') + '\nNext:';
    if (prompt.length > MAX_PROMPT_CHARS || seen.has(prompt)) continue;
    seen.add(prompt);
    examples.push({ prompt, response: ` ${next.speaker}\n` });
  }
  const mixed = shuffle(examples, SEED);
  const train = mixed.slice(0, mixed.length - HELD_OUT);
  const test = mixed.slice(mixed.length - HELD_OUT);
  const counts = new Map<string, number>();
  for (const e of train) counts.set(e.response, (counts.get(e.response) ?? 0) + 1);
  const majority = [...counts].sort((x, y) => y[1] - x[1])[0][0];
  const majorityRate = test.filter((e) => e.response === majority).length / test.length;
  const file = {
    task: 'Who speaks next? Three turns of a two-person exchange, each as "NAME: first three words"; answer with the next speaker.',
    recipe: 'scripts/sft-task.ts: speeches of Tiny Shakespeare; runs A, B, A, B; the fourth speaker is the answer; prompts ≤ 90 characters; seed 7; last 60 held out.',
    command: 'npx tsx scripts/sft-task.ts',
    /** The commonest answer in training, and how often it is right on the held-out prompts: the rule to beat. */
    majorityAnswer: majority.trim(),
    majorityRate: Number(majorityRate.toFixed(4)),
    /** Of all runs A, B, A, how many go on with B (the others were left out). */
    alternatingShare: Number((alternating / runs).toFixed(4)),
    train,
    test,
  };
  writeFileSync(TARGET, JSON.stringify(file, null, 1) + '\n');
  console.log(`${speeches.length} speeches, ${runs} runs A, B, A, ${alternating} go on with B → ${examples.length} short, distinct prompts: ${train.length} train, ${test.length} held out; ` +
    `naming the commonest answer (${majority.trim()}) is right on ${(majorityRate * 100).toFixed(1)} % of held-out`);
}

main();

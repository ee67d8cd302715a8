// The fine-tuning task shipped in public/data/sft-task.json (made by scripts/sft-task.ts): loaded once, checked.
export interface SftExample {
  prompt: string;
  response: string;
}

export interface SftTask {
  task: string;
  recipe: string;
  command: string;
  /** The commonest answer in training, and how often it is right on the held-out prompts (a model ignoring the prompt). */
  majorityAnswer: string;
  majorityRate: number;
  /** Of all runs A, B, A in the plays, the share that go on with B (the task keeps only those). */
  alternatingShare: number;
  train: SftExample[];
  test: SftExample[];
}

export const SFT_TASK_URL = 'data/sft-task.json';

const isExample = (e: unknown): e is SftExample =>
  typeof e === 'object' && e !== null && typeof (e as SftExample).prompt === 'string' && typeof (e as SftExample).response === 'string';

/** Null when the file is a usable task, otherwise what is wrong with it. */
export function checkTask(v: unknown): SftTask | string {
  if (typeof v !== 'object' || v === null) return 'the task file is not a JSON object';
  const t = v as Partial<SftTask>;
  if (!Array.isArray(t.train) || !t.train.every(isExample) || t.train.length < 2) return 'the task file has no usable training examples';
  if (!Array.isArray(t.test) || !t.test.every(isExample) || t.test.length < 1) return 'the task file has no held-out prompts';
  if (typeof t.majorityRate !== 'number' || typeof t.majorityAnswer !== 'string') return 'the task file lacks its baseline';
  return t as SftTask;
}

let loading: Promise<SftTask> | null = null;

export function loadSftTask(): Promise<SftTask> {
  loading ??= fetch(SFT_TASK_URL).then(async (r) => {
    if (!r.ok) throw new Error(`The fine-tuning task could not be loaded (HTTP ${r.status}).`);
    const checked = checkTask(await r.json());
    if (typeof checked === 'string') throw new Error(`The fine-tuning task is broken: ${checked}.`);
    return checked;
  });
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

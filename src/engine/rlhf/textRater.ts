// Scripted raters: a stated preference on text, so a classroom can run the whole RLHF loop hands-free and see the
// rule it is optimising (shown as code), or mix it with people's ratings. Each rule scores one text; a pair is
// rated by comparing the scores. Rules are named in a short form ("theme:love", "short-lines") that the lab keeps
// as the rating's rater ("scripted:theme:love").

export type TextRule =
  /** Counts how often a word (any case, as a substring) appears: "talk about love". */
  | { kind: 'theme'; word: string }
  /** Minus the mean line length in characters: "write short lines". */
  | { kind: 'short-lines' }
  /** Both at once: the theme count minus a tenth of the mean line length. */
  | { kind: 'mix'; word: string };

export const TEXT_RULE_KINDS = ['theme', 'short-lines', 'mix'] as const;

/** Reads "theme:love", "short-lines" or "mix:love"; throws with the accepted forms otherwise. */
export function parseTextRule(name: string): TextRule {
  const [kind, ...rest] = name.split(':');
  const word = rest.join(':').trim();
  if (kind === 'short-lines' && rest.length === 0) return { kind };
  if ((kind === 'theme' || kind === 'mix') && word.length > 0 && word.length <= 40) return { kind, word };
  throw new Error(`“${name}” is not a rule: write theme:<word>, short-lines or mix:<word> (a word of 1 to 40 characters)`);
}

export function textRuleName(rule: TextRule): string {
  return rule.kind === 'short-lines' ? rule.kind : `${rule.kind}:${rule.word}`;
}

function countOf(text: string, word: string): number {
  const hay = text.toLowerCase(), needle = word.toLowerCase();
  let count = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) count++;
  return count;
}

function meanLineLength(text: string): number {
  const lines = text.split('\n');
  return lines.reduce((s, l) => s + l.length, 0) / lines.length;
}

/** The rule's score of one text: higher is preferred. */
export function scoreText(rule: TextRule, text: string): number {
  switch (rule.kind) {
    case 'theme': return countOf(text, rule.word);
    case 'short-lines': return -meanLineLength(text);
    case 'mix': return countOf(text, rule.word) - meanLineLength(text) / 10;
  }
}

/** Which of two texts the rule prefers; equal scores are a tie. */
export function rateByRule(rule: TextRule, a: string, b: string): 'a' | 'b' | 'tie' {
  const sa = scoreText(rule, a), sb = scoreText(rule, b);
  return sa > sb ? 'a' : sb > sa ? 'b' : 'tie';
}

/** The rule as code-like text, for the page to show exactly what the scripted rater does. */
export function ruleAsCode(rule: TextRule): string {
  const theme = (w: string) => `count(text.toLowerCase(), ${JSON.stringify(w.toLowerCase())})`;
  const lines = 'mean(text.split("\\n").map(line => line.length))';
  const score = rule.kind === 'theme' ? theme(rule.word) : rule.kind === 'short-lines' ? `-${lines}` : `${theme(rule.word)} - ${lines} / 10`;
  return `score(text) = ${score}\nrate(a, b)  = score(a) > score(b) ? "a" : score(b) > score(a) ? "b" : "tie"`;
}

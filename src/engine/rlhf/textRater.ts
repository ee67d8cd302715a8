// Scripted raters: a stated preference on text, so a classroom can run the whole RLHF loop hands-free and see the
// rule it is optimising (shown as code), or mix it with people's ratings. Each rule scores one text; a pair is
// rated by comparing the scores. Rules are named in a short form that the lab keeps as the rating's rater
// ("scripted:theme:love"): three ready-made ones ("theme:love", "short-lines", "mix:love") and any rule the
// reader writes in the rule language ("expr:2*contains("love") - length/100", ruleLanguage.ts). The ready-made
// ones are written in that language too, so one evaluator scores them all.
import { evaluateRule, FUNCTIONS, MEASURES, namesUsed, parseRule, type RuleExpr } from './ruleLanguage';

export type TextRule =
  /** Counts how often a word (any case, as a substring) appears: "talk about love". */
  | { kind: 'theme'; word: string }
  /** Minus the mean line length in characters: "write short lines". */
  | { kind: 'short-lines' }
  /** Both at once: the theme count minus a tenth of the mean line length. */
  | { kind: 'mix'; word: string }
  /** The reader's own rule in the rule language, with its parse. */
  | { kind: 'expr'; source: string; expr: RuleExpr };

export const TEXT_RULE_KINDS = ['theme', 'short-lines', 'mix', 'expr'] as const;

/** Reads "theme:love", "short-lines", "mix:love" or "expr:<rule>"; throws with the accepted forms (or the rule's mistake) otherwise. */
export function parseTextRule(name: string): TextRule {
  const [kind, ...rest] = name.split(':');
  const word = rest.join(':').trim();
  if (kind === 'short-lines' && rest.length === 0) return { kind };
  if ((kind === 'theme' || kind === 'mix') && word.length > 0 && word.length <= 40 && !word.includes('"')) return { kind, word };
  // As typed (not trimmed), so a mistake's position is where the reader sees it; a RuleSyntaxError says where.
  if (kind === 'expr') return { kind, source: rest.join(':'), expr: parseRule(rest.join(':')) };
  throw new Error(`“${name}” is not a rule: write theme:<word>, short-lines, mix:<word> (a word of 1 to 40 characters) or expr:<your rule>`);
}

export function textRuleName(rule: TextRule): string {
  return rule.kind === 'short-lines' ? rule.kind : rule.kind === 'expr' ? `expr:${rule.source}` : `${rule.kind}:${rule.word}`;
}

/** The rule in the rule language: the ready-made kinds spelled out, the reader's as written. */
export function ruleSource(rule: TextRule): string {
  switch (rule.kind) {
    case 'theme': return `count(${JSON.stringify(rule.word)})`;
    case 'short-lines': return '-meanLineLength';
    case 'mix': return `count(${JSON.stringify(rule.word)}) - meanLineLength / 10`;
    case 'expr': return rule.source;
  }
}

// A PPO run scores every answer of every iteration with one rule: parse each rule once.
const compiled = new Map<string, RuleExpr>();
function compile(rule: TextRule): RuleExpr {
  if (rule.kind === 'expr') return rule.expr;
  const source = ruleSource(rule);
  let expr = compiled.get(source);
  if (!expr) {
    expr = parseRule(source);
    if (compiled.size > 100) compiled.clear();
    compiled.set(source, expr);
  }
  return expr;
}

/** The rule's score of one text: higher is preferred. */
export function scoreText(rule: TextRule, text: string): number {
  return evaluateRule(compile(rule), text);
}

/** Which of two texts the rule prefers; equal scores are a tie. */
export function rateByRule(rule: TextRule, a: string, b: string): 'a' | 'b' | 'tie' {
  const sa = scoreText(rule, a), sb = scoreText(rule, b);
  return sa > sb ? 'a' : sb > sa ? 'b' : 'tie';
}

/** The rule as code-like text, for the page to show exactly what the scripted rater does: the rule, then what each name in it means. */
export function ruleAsCode(rule: TextRule): string {
  const glossary = namesUsed(compile(rule)).map((name) =>
    name in MEASURES ? `${name} = ${MEASURES[name as keyof typeof MEASURES]}` : `${name}("…") = ${FUNCTIONS[name as keyof typeof FUNCTIONS].meaning}`,
  );
  return [
    `score(text) = ${ruleSource(rule)}`,
    'rate(a, b)  = score(a) > score(b) ? "a" : score(b) > score(a) ? "b" : "tie"',
    ...glossary.map((g) => `// ${g}`),
  ].join('\n');
}

// A small language for the classroom rater's rule: arithmetic over named measures of a text, read by a
// hand-written recursive-descent parser (no eval, no Function), so a teacher can state any preference and the
// page can show exactly what it computes. A mistake is reported with its position and what was expected there.
//
//   rule     := compare
//   compare  := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)?      a comparison is 1 when true, else 0
//   sum      := product (("+" | "-") product)*
//   product  := unary (("*" | "/") unary)*                             x / 0 is 0, so a score is always a number
//   unary    := "-" unary | primary
//   primary  := number | measure | function "(" string ("," string)* ")" | "(" compare ")"
//
// e.g. 2*contains("love") - length/100 · words("thee", "thou") + rhymes · -meanLineLength · (lines >= 2)

/** Numbers the text has, by name. */
export const MEASURES = {
  length: 'characters in the text',
  lines: 'lines in the text',
  wordCount: 'words in the text',
  meanLineLength: 'mean characters per line',
  rhymes: 'neighbouring lines whose last words differ but end in the same two letters',
} as const;
/** Functions of the text and one or more quoted strings. */
export const FUNCTIONS = {
  count: { args: 'one', meaning: 'times the string appears, any case, also inside longer words' },
  contains: { args: 'one', meaning: '1 if the string appears (any case), else 0' },
  words: { args: 'many', meaning: 'times any of these whole words appears, any case' },
} as const;

export type MeasureName = keyof typeof MEASURES;
export type FunctionName = keyof typeof FUNCTIONS;
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type ArithmeticOp = '+' | '-' | '*' | '/';

export type RuleExpr =
  | { type: 'number'; value: number }
  | { type: 'measure'; name: MeasureName }
  | { type: 'call'; name: FunctionName; args: string[] }
  | { type: 'negate'; arg: RuleExpr }
  | { type: 'binary'; op: ArithmeticOp | CompareOp; left: RuleExpr; right: RuleExpr };

export const MAX_RULE_LENGTH = 180;
const MAX_STRING_LENGTH = 40;

/** A rule that does not parse: where (0-based character index) and why, in words. */
export class RuleSyntaxError extends Error {
  constructor(readonly position: number, reason: string) {
    super(`At character ${position + 1}: ${reason}`);
    this.name = 'RuleSyntaxError';
  }
}

type Token =
  | { kind: 'number'; value: number; at: number; text: string }
  | { kind: 'name'; text: string; at: number }
  | { kind: 'string'; value: string; at: number; text: string }
  | { kind: 'symbol'; text: string; at: number }
  | { kind: 'end'; at: number; text: '' };

const SYMBOLS = ['<=', '>=', '==', '!=', '<', '>', '+', '-', '*', '/', '(', ')', ','];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) { i++; continue; }
    const number = /^(\d+(\.\d*)?|\.\d+)/.exec(source.slice(i));
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]), at: i, text: number[0] });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_]\w*/.exec(source.slice(i));
    if (name) {
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new RuleSyntaxError(i, `this string has no closing ${c}`);
      tokens.push({ kind: 'string', value: source.slice(i + 1, end), at: i, text: source.slice(i, end + 1) });
      i = end + 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => source.startsWith(s, i));
    if (!symbol) throw new RuleSyntaxError(i, `“${c}” is not part of the rule language (use numbers, measures, functions, + - * / ( ) and comparisons)`);
    tokens.push({ kind: 'symbol', text: symbol, at: i });
    i += symbol.length;
  }
  tokens.push({ kind: 'end', at: source.length, text: '' });
  return tokens;
}

const describe = (t: Token) => (t.kind === 'end' ? 'the end of the rule' : `“${t.text}”`);
const measureList = Object.keys(MEASURES).join(', ');
const functionList = Object.keys(FUNCTIONS).map((f) => `${f}("…")`).join(', ');

/**
 * Reads a rule; throws a RuleSyntaxError with the position of the first mistake.
 * @example parseRule('2*contains("love") - length/100')
 */
export function parseRule(source: string): RuleExpr {
  if (source.length > MAX_RULE_LENGTH) throw new RuleSyntaxError(MAX_RULE_LENGTH, `a rule has at most ${MAX_RULE_LENGTH} characters`);
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const isSymbol = (...texts: string[]) => peek().kind === 'symbol' && texts.includes(peek().text);
  const expect = (text: string, what: string) => {
    if (!isSymbol(text)) throw new RuleSyntaxError(peek().at, `expected ${what}, found ${describe(peek())}`);
    pos++;
  };

  const compare = (): RuleExpr => {
    const left = sum();
    if (!isSymbol('<', '<=', '>', '>=', '==', '!=')) return left;
    const op = tokens[pos++].text as CompareOp;
    const right = sum();
    if (isSymbol('<', '<=', '>', '>=', '==', '!=')) throw new RuleSyntaxError(peek().at, 'comparisons do not chain: put one of them in brackets');
    return { type: 'binary', op, left, right };
  };
  const sum = (): RuleExpr => {
    let left = product();
    while (isSymbol('+', '-')) {
      const op = tokens[pos++].text as ArithmeticOp;
      left = { type: 'binary', op, left, right: product() };
    }
    return left;
  };
  const product = (): RuleExpr => {
    let left = unary();
    while (isSymbol('*', '/')) {
      const op = tokens[pos++].text as ArithmeticOp;
      left = { type: 'binary', op, left, right: unary() };
    }
    return left;
  };
  const unary = (): RuleExpr => {
    if (isSymbol('-')) {
      pos++;
      return { type: 'negate', arg: unary() };
    }
    return primary();
  };
  const primary = (): RuleExpr => {
    const t = peek();
    if (t.kind === 'number') {
      pos++;
      return { type: 'number', value: t.value };
    }
    if (t.kind === 'symbol' && t.text === '(') {
      pos++;
      const inner = compare();
      expect(')', `“)” to close the “(” at character ${t.at + 1}`);
      return inner;
    }
    if (t.kind === 'name') {
      pos++;
      // Own keys only: `in` would also find Object's prototype ("constructor", "toString").
      if (Object.hasOwn(FUNCTIONS, t.text)) return call(t.text as FunctionName, t.at);
      if (Object.hasOwn(MEASURES, t.text)) {
        if (isSymbol('(')) throw new RuleSyntaxError(peek().at, `${t.text} is a measure, not a function: write it without brackets`);
        return { type: 'measure', name: t.text as MeasureName };
      }
      throw new RuleSyntaxError(t.at, `“${t.text}” is not a measure or function; the measures are ${measureList}, the functions ${functionList}`);
    }
    if (t.kind === 'string') throw new RuleSyntaxError(t.at, `a string goes inside a function, e.g. contains(${t.text})`);
    throw new RuleSyntaxError(t.at, `expected a number, a measure or a function, found ${describe(t)}`);
  };
  const call = (name: FunctionName, at: number): RuleExpr => {
    expect('(', `“(” after ${name}`);
    const args: string[] = [];
    for (;;) {
      const t = peek();
      if (t.kind !== 'string') throw new RuleSyntaxError(t.at, `${name} takes quoted text, e.g. ${name}("love"); found ${describe(t)}`);
      if (t.value.length === 0 || t.value.length > MAX_STRING_LENGTH) throw new RuleSyntaxError(t.at, `the text in quotes needs 1 to ${MAX_STRING_LENGTH} characters`);
      args.push(t.value);
      pos++;
      if (!isSymbol(',')) break;
      pos++;
    }
    if (FUNCTIONS[name].args === 'one' && args.length > 1) throw new RuleSyntaxError(at, `${name} takes one text; words("…", "…") takes several`);
    expect(')', `“,” or “)” in ${name}(…)`);
    return { type: 'call', name, args };
  };

  if (peek().kind === 'end') throw new RuleSyntaxError(0, `the rule is empty; e.g. 2*contains("love") - length/100`);
  const rule = compare();
  if (peek().kind !== 'end') throw new RuleSyntaxError(peek().at, `expected an operator (+ - * / or a comparison) or the end, found ${describe(peek())}`);
  return rule;
}

// The measures and functions themselves.

function countOf(text: string, needle: string): number {
  const hay = text.toLowerCase(), n = needle.toLowerCase();
  let count = 0;
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + n.length)) count++;
  return count;
}

const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];

function rhymeCount(text: string): number {
  const endings = text.split('\n').map((l) => wordsOf(l).at(-1)?.replace(/[^\p{L}]/gu, '') ?? '').filter((w) => w.length > 0);
  let count = 0;
  for (let i = 1; i < endings.length; i++) {
    const [a, b] = [endings[i - 1], endings[i]];
    if (a !== b && a.length >= 2 && b.length >= 2 && a.slice(-2) === b.slice(-2)) count++;
  }
  return count;
}

function measure(name: MeasureName, text: string): number {
  switch (name) {
    case 'length': return text.length;
    case 'lines': return text.split('\n').length;
    case 'wordCount': return wordsOf(text).length;
    case 'meanLineLength': {
      const lines = text.split('\n');
      return lines.reduce((s, l) => s + l.length, 0) / lines.length;
    }
    case 'rhymes': return rhymeCount(text);
  }
}

function callOf(name: FunctionName, args: string[], text: string): number {
  switch (name) {
    case 'count': return countOf(text, args[0]);
    case 'contains': return countOf(text, args[0]) > 0 ? 1 : 0;
    case 'words': {
      const wanted = new Set(args.map((a) => a.toLowerCase()));
      return wordsOf(text).filter((w) => wanted.has(w)).length;
    }
  }
}

/** The rule's score of one text (higher is preferred); always a finite number. */
export function evaluateRule(rule: RuleExpr, text: string): number {
  switch (rule.type) {
    case 'number': return rule.value;
    case 'measure': return measure(rule.name, text);
    case 'call': return callOf(rule.name, rule.args, text);
    case 'negate': return -evaluateRule(rule.arg, text);
    case 'binary': {
      const a = evaluateRule(rule.left, text), b = evaluateRule(rule.right, text);
      switch (rule.op) {
        case '+': return a + b;
        case '-': return a - b;
        case '*': return a * b;
        case '/': return b === 0 ? 0 : a / b;
        case '<': return a < b ? 1 : 0;
        case '<=': return a <= b ? 1 : 0;
        case '>': return a > b ? 1 : 0;
        case '>=': return a >= b ? 1 : 0;
        case '==': return a === b ? 1 : 0;
        case '!=': return a !== b ? 1 : 0;
      }
    }
  }
}

/** Every measure and function a rule uses, in the order they appear (for the glossary shown beside it). */
export function namesUsed(rule: RuleExpr): string[] {
  const out = new Set<string>();
  const walk = (r: RuleExpr) => {
    if (r.type === 'measure' || r.type === 'call') out.add(r.name);
    if (r.type === 'negate') walk(r.arg);
    if (r.type === 'binary') { walk(r.left); walk(r.right); }
  };
  walk(rule);
  return [...out];
}

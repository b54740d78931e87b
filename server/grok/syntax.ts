// The text of a grok rule: `name pattern`, where the pattern is a regular expression with
// `%{matcher(args):extractor:filter(args)…}` references in it.

/** An argument of a matcher or filter call: `"quoted"`, `'quoted'`, a number, or a bare word. */
export type GrokArg =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'word'; value: string };

export interface GrokCall {
  name: string;
  /** Undefined when the call has no parentheses at all. */
  args?: GrokArg[];
}

export interface GrokReference {
  kind: 'reference';
  /** The matcher or helper rule. */
  call: GrokCall;
  /** Where the value goes; undefined or '' when nothing is extracted. */
  extractor?: string;
  filters: GrokCall[];
  /** The reference as written, `%{…}` included, for messages. */
  text: string;
}

export interface GrokLiteral {
  kind: 'literal';
  /** Regular-expression text, used as written. */
  text: string;
}

export type GrokPatternPart = GrokLiteral | GrokReference;

export interface ParsedRule {
  name: string;
  parts: GrokPatternPart[];
}

/** A problem in a rule's text; caught at the compiler's boundary and reported at the rule's path. */
export class GrokRuleError extends Error {}

const RULE = /^\s*([A-Za-z0-9_][\w.-]*)\s+(\S[\s\S]*?)\s*$/;
const NAME = /[A-Za-z0-9_][\w.-]*/y;

export function parseRule(line: string): ParsedRule {
  const match = RULE.exec(line);
  if (!match) {
    throw new GrokRuleError("rule must look like 'name pattern', e.g. 'access %{ip:client_ip} %{word:method}'");
  }
  return { name: match[1], parts: parsePattern(match[2]) };
}

export function parsePattern(pattern: string): GrokPatternPart[] {
  const parts: GrokPatternPart[] = [];
  let literalStart = 0;
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === '\\') {
      i += 2;
      continue;
    }
    if (pattern[i] === '%' && pattern[i + 1] === '{') {
      if (i > literalStart) parts.push({ kind: 'literal', text: pattern.slice(literalStart, i) });
      const reference = new ReferenceScanner(pattern, i).scan();
      parts.push(reference);
      i += reference.text.length;
      literalStart = i;
      continue;
    }
    i += 1;
  }
  if (literalStart < pattern.length) parts.push({ kind: 'literal', text: pattern.slice(literalStart) });
  return parts;
}

class ReferenceScanner {
  private pos: number;

  constructor(
    private readonly source: string,
    private readonly start: number,
  ) {
    this.pos = start + 2;
  }

  scan(): GrokReference {
    const call = this.call('a matcher or helper rule name');
    let extractor: string | undefined;
    const filters: GrokCall[] = [];
    this.skipSpaces();
    if (this.peek() === ':') {
      this.pos += 1;
      extractor = this.extractor();
      while (this.peek() === ':') {
        this.pos += 1;
        this.skipSpaces();
        filters.push(this.call('a filter name'));
        this.skipSpaces();
      }
    }
    if (this.peek() !== '}') {
      if (this.pos >= this.source.length) this.fail(`'%{' is never closed`);
      this.fail(`unexpected '${this.peek()}'`);
    }
    this.pos += 1;
    return { kind: 'reference', call, extractor, filters, text: this.source.slice(this.start, this.pos) };
  }

  private call(what: string): GrokCall {
    this.skipSpaces();
    NAME.lastIndex = this.pos;
    const name = NAME.exec(this.source)?.[0];
    if (!name) {
      if (this.pos >= this.source.length) this.fail(`'%{' is never closed`);
      this.fail(`expected ${what}`);
    }
    this.pos += name.length;
    this.skipSpaces();
    if (this.peek() !== '(') return { name };
    this.pos += 1;
    return { name, args: this.args(name) };
  }

  private args(callee: string): GrokArg[] {
    const args: GrokArg[] = [];
    this.skipSpaces();
    if (this.peek() === ')') {
      this.pos += 1;
      return args;
    }
    for (;;) {
      this.skipSpaces();
      args.push(this.arg(callee));
      this.skipSpaces();
      const next = this.peek();
      this.pos += 1;
      if (next === ')') return args;
      if (next !== ',') this.fail(`the arguments of '${callee}' are never closed with ')'`);
    }
  }

  private arg(callee: string): GrokArg {
    const quote = this.peek();
    if (quote === '"' || quote === "'") {
      let value = '';
      this.pos += 1;
      while (this.pos < this.source.length) {
        const char = this.source[this.pos];
        if (char === quote) {
          this.pos += 1;
          return { kind: 'string', value };
        }
        // Only an escaped quote is unescaped: regex arguments keep every other backslash.
        if (char === '\\' && this.source[this.pos + 1] === quote) {
          value += quote;
          this.pos += 2;
          continue;
        }
        if (char === '\\' && this.pos + 1 < this.source.length) {
          value += char + this.source[this.pos + 1];
          this.pos += 2;
          continue;
        }
        value += char;
        this.pos += 1;
      }
      this.fail(`a quoted argument of '${callee}' is never closed`);
    }
    const begin = this.pos;
    while (this.pos < this.source.length && !',()}'.includes(this.source[this.pos])) this.pos += 1;
    const text = this.source.slice(begin, this.pos).trim();
    if (text === '') this.fail(`'${callee}' has an empty argument`);
    if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return { kind: 'number', value: Number(text), text };
    return { kind: 'word', value: text };
  }

  private extractor(): string {
    const begin = this.pos;
    while (this.pos < this.source.length && this.source[this.pos] !== ':' && this.source[this.pos] !== '}') this.pos += 1;
    return this.source.slice(begin, this.pos).trim();
  }

  private skipSpaces() {
    while (this.source[this.pos] === ' ' || this.source[this.pos] === '\t') this.pos += 1;
  }

  private peek(): string {
    return this.source[this.pos] ?? '';
  }

  private fail(message: string): never {
    throw new GrokRuleError(`${message} in '${this.source.slice(this.start, Math.max(this.pos, this.start + 2))}'`);
  }
}

/** Describes arguments for messages: `"a", 2`. */
export function describeArgs(args: readonly GrokArg[]): string {
  return args.map((arg) => (arg.kind === 'string' ? JSON.stringify(arg.value) : arg.kind === 'number' ? arg.text : arg.value)).join(', ');
}

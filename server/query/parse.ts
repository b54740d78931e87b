/**
 * Datadog log search syntax, as Grepr documents it, parsed into the AST of ast.ts.
 *
 *   query   := or? EOF                          empty or blank: matches everything
 *   or      := and ('OR' and)*
 *   and     := unary (('AND')? unary)*          juxtaposition is AND
 *   unary   := ('NOT' | '-' | '!' | '+')* primary   '+' (must) changes nothing
 *   primary := '(' or ')' | phrase | field ':' value | word
 *   value   := phrase | word | '(' or ')'       inside the group, bare words and phrases are values of field
 *            | ('[' | '{') bound 'TO' bound (']' | '}')    [ ] inclusive, { } exclusive, '*' open
 *            | ('>' | '>=' | '<' | '<=') bound
 *   field   := '@' path | 'message' | 'tags' | 'status' | any other word (a tag key)
 *
 * Precedence: parentheses, then NOT, then AND, then OR. Operators are upper case; `and`, `or`, `not` are
 * search terms. A backslash makes the next character literal; inside quotes everything is literal.
 * Unescaped `*` and `?` in words are wildcards. Words end at whitespace, `(`, `)` and `"`.
 * - `message:` and bare words search the message. `tags:k` means key k exists (wildcards allowed in k).
 * - `status:<name>` (error, warn, info, ...) and its comparisons and ranges become severity bands; a
 *   status value that names no band falls back to a `status` tag.
 * - Ranges and comparisons apply to tags and attributes; on the message, `[`, `{`, `<` and `>` are text.
 * - Field names take no wildcards; `@a.b` is a nested path and `\.` a literal dot.
 * - Unsupported Datadog features are errors rather than silent mismatches: fuzzy `term~`, proximity
 *   `"a b"~2`.
 */
import {
  ALL,
  and,
  not,
  or,
  severity,
  SEVERITY_MAX,
  SEVERITY_MIN,
  statusBand,
  type QueryNode,
  type RangeBound,
  type WildcardToken,
} from './ast';
import { isWhitespace, parseNumber, splitWhitespace } from './patterns';

export interface QuerySyntaxError {
  /** Ends with " at <position>", e.g. "unexpected ')' at 17". */
  message: string;
  /** Index into the query text, 0 ≤ position ≤ length. */
  position: number;
}

export type ParseResult = { ok: true; ast: QueryNode } | { ok: false; error: QuerySyntaxError };

/** Parses a Datadog search query. Never throws: a bad query is an error value with its position. */
export function parseQuery(text: string): ParseResult {
  try {
    return { ok: true, ast: new Parser(typeof text === 'string' ? text : '').parse() };
  } catch (error) {
    if (error instanceof SyntaxFailure) {
      return { ok: false, error: { message: `${error.reason} at ${error.position}`, position: error.position } };
    }
    throw error;
  }
}

/** Parenthesis depth beyond which a query is refused, so recursion stays shallow. */
const MAX_DEPTH = 100;

class SyntaxFailure {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {}
}

type Field =
  | { kind: 'message' }
  | { kind: 'tags' }
  | { kind: 'tag'; key: string }
  | { kind: 'attribute'; path: string[] };

/** A word with its escapes resolved; `escaped[i]` says whether `chars[i]` was written with a backslash. */
interface Word {
  chars: string[];
  escaped: boolean[];
  positions: number[];
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly src: string) {}

  parse(): QueryNode {
    this.skipWhitespace();
    if (this.atEnd()) return ALL;
    const node = this.parseOr(null);
    this.skipWhitespace();
    if (!this.atEnd()) throw this.fail(`unexpected '${this.src[this.pos]}'`, this.pos);
    return node;
  }

  // ---- boolean structure -------------------------------------------------------------------------

  private parseOr(field: Field | null): QueryNode {
    const children = [this.parseAnd(field)];
    for (;;) {
      this.skipWhitespace();
      if (!this.atKeyword('OR')) break;
      this.pos += 2;
      this.expectOperand("'OR'");
      children.push(this.parseAnd(field));
    }
    return or(children);
  }

  private parseAnd(field: Field | null): QueryNode {
    const children = [this.parseUnary(field)];
    for (;;) {
      this.skipWhitespace();
      if (this.atEnd() || this.src[this.pos] === ')' || this.atKeyword('OR')) break;
      if (this.atKeyword('AND')) {
        this.pos += 3;
        this.expectOperand("'AND'");
      }
      children.push(this.parseUnary(field));
    }
    return and(children);
  }

  private parseUnary(field: Field | null): QueryNode {
    let negated = false;
    for (;;) {
      this.skipWhitespace();
      if (this.atKeyword('NOT')) {
        this.pos += 3;
        this.expectOperand("'NOT'");
        negated = !negated;
        continue;
      }
      if (this.atKeyword('AND') || this.atKeyword('OR')) {
        const keyword = this.atKeyword('AND') ? 'AND' : 'OR';
        throw this.fail(`unexpected '${keyword}'`, this.pos);
      }
      const char = this.src[this.pos];
      if (char === '-' || char === '!' || char === '+') {
        const next = this.src[this.pos + 1];
        if (next === undefined || isWhitespace(next) || next === ')') {
          throw this.fail(`expected a search term after '${char}'`, this.pos + 1);
        }
        this.pos++;
        if (char !== '+') negated = !negated;
        continue;
      }
      break;
    }
    const node = this.parsePrimary(field);
    return negated ? not(node) : node;
  }

  private parsePrimary(field: Field | null): QueryNode {
    const char = this.src[this.pos];
    if (char === '(') return this.parseGroup(field);
    if (char === ')') throw this.fail("unexpected ')'", this.pos);
    if (field === null) return this.parseClause();
    return this.parseValue(field, fieldLabel(field));
  }

  private parseGroup(field: Field | null): QueryNode {
    const open = this.pos;
    if (this.depth >= MAX_DEPTH) throw this.fail(`more than ${MAX_DEPTH} nested parentheses`, open);
    this.depth++;
    this.pos++;
    this.skipWhitespace();
    if (this.atEnd()) throw this.fail("unclosed '('", open);
    if (this.src[this.pos] === ')') throw this.fail('empty parentheses', open);
    const node = this.parseOr(field);
    this.skipWhitespace();
    if (this.src[this.pos] !== ')') throw this.fail("unclosed '('", open);
    this.pos++;
    this.depth--;
    return node;
  }

  /** After an operator: something that can start an operand must follow. */
  private expectOperand(operator: string): void {
    this.skipWhitespace();
    if (this.atEnd() || this.src[this.pos] === ')' || this.atKeyword('AND') || this.atKeyword('OR')) {
      throw this.fail(`expected a search term after ${operator}`, this.pos);
    }
  }

  // ---- clauses -----------------------------------------------------------------------------------

  private parseClause(): QueryNode {
    const start = this.pos;
    if (this.src[start] === '"') return this.messageText(this.readQuoted(), start);
    const word = this.readWord('key');
    if (this.src[this.pos] !== ':') return this.messageWord(word, start);
    const field = this.fieldOf(word, start);
    this.pos++;
    return this.parseValue(field, this.src.slice(start, this.pos));
  }

  private fieldOf(word: Word, start: number): Field {
    if (word.chars.length === 0) throw this.fail("expected a field name before ':'", start);
    const wildcard = word.chars.findIndex((char, i) => !word.escaped[i] && (char === '*' || char === '?'));
    if (wildcard >= 0) {
      throw this.fail('field names cannot contain wildcards (tags:<pattern> matches tag keys)', word.positions[wildcard]);
    }
    if (word.chars[0] === '@' && !word.escaped[0]) {
      const path: string[] = [];
      let segment = '';
      for (let i = 1; i <= word.chars.length; i++) {
        if (i === word.chars.length || (word.chars[i] === '.' && !word.escaped[i])) {
          if (segment === '') {
            const at = i < word.chars.length ? word.positions[i] : this.pos;
            throw this.fail(i === 1 ? "expected an attribute name after '@'" : 'empty attribute path segment', at);
          }
          path.push(segment);
          segment = '';
        } else segment += word.chars[i];
      }
      return { kind: 'attribute', path };
    }
    const key = word.chars.join('');
    if (key === 'message') return { kind: 'message' };
    if (key === 'tags') return { kind: 'tags' };
    return { kind: 'tag', key };
  }

  /** `label` is the field as written (`service:`), for error messages. */
  private parseValue(field: Field, label: string): QueryNode {
    const start = this.pos;
    const char = this.src[start];
    if (char === undefined || isWhitespace(char) || char === ')') {
      throw this.fail(`expected a value after '${label}'`, start);
    }
    if (char === '(') return this.parseGroup(field);
    if (char === '"') return this.literalValue(field, this.readQuoted(), start);
    if (field.kind === 'tag' || field.kind === 'attribute') {
      if (char === '[' || char === '{') return this.parseRange(field);
      if (char === '>' || char === '<') return this.parseComparison(field, label);
    }
    return this.wordValue(field, this.readWord('value'), start);
  }

  private literalValue(field: Field, text: string, start: number): QueryNode {
    switch (field.kind) {
      case 'message':
        return this.messageText(text, start);
      case 'tags':
        if (text === '') throw this.fail("expected a tag key after 'tags:'", start);
        return { kind: 'tag-exists', key: text };
      case 'tag': {
        const band = field.key === 'status' ? statusBand(text) : undefined;
        if (band) return severity(band.min, band.max);
        return { kind: 'tag', key: field.key, value: text };
      }
      case 'attribute':
        return { kind: 'attribute', path: field.path, value: text, number: parseNumber(text) };
    }
  }

  private wordValue(field: Field, word: Word, start: number): QueryNode {
    if (field.kind === 'message') return this.messageWord(word, start);
    this.rejectFuzzy(word);
    const tokens = wildcardTokens(word);
    const text = word.chars.join('');
    const onlyStar = tokens.length === 1 && tokens[0].kind === 'any-run';
    const wild = tokens.some((token) => token.kind !== 'text');
    switch (field.kind) {
      case 'tags':
        return wild ? { kind: 'tag-key-wildcard', pattern: tokens } : { kind: 'tag-exists', key: text };
      case 'tag':
        if (onlyStar) return { kind: 'tag-exists', key: field.key };
        if (wild) return { kind: 'tag-wildcard', key: field.key, pattern: tokens };
        return this.literalValue(field, text, start);
      case 'attribute':
        if (onlyStar) return { kind: 'attribute-exists', path: field.path };
        if (wild) return { kind: 'attribute-wildcard', path: field.path, pattern: tokens };
        return this.literalValue(field, text, start);
    }
  }

  private messageWord(word: Word, start: number): QueryNode {
    this.rejectFuzzy(word);
    const tokens = wildcardTokens(word);
    if (tokens.length === 1 && tokens[0].kind === 'any-run') return ALL;
    if (tokens.some((token) => token.kind !== 'text')) return { kind: 'message-wildcard', pattern: tokens };
    return this.messageText(word.chars.join(''), start);
  }

  private messageText(text: string, start: number): QueryNode {
    const terms = splitWhitespace(text);
    if (terms.length === 0) throw this.fail('empty phrase', start);
    return terms.length === 1 ? { kind: 'message-term', term: terms[0] } : { kind: 'message-phrase', terms };
  }

  // ---- ranges and comparisons --------------------------------------------------------------------

  private parseRange(field: Extract<Field, { kind: 'tag' | 'attribute' }>): QueryNode {
    const open = this.pos;
    const lowerInclusive = this.src[open] === '[';
    this.pos++;
    this.skipWhitespace();
    const lower = this.parseBound(open);
    const afterLower = this.pos;
    this.skipWhitespace();
    if (this.atEnd()) throw this.fail('unterminated range starting', open);
    const afterTo = this.src[this.pos + 2];
    const toStandsAlone = afterTo === undefined || isWhitespace(afterTo) || afterTo === ']' || afterTo === '}';
    if (this.pos === afterLower || !this.src.startsWith('TO', this.pos) || !toStandsAlone) {
      throw this.fail("expected 'TO' in range", this.pos);
    }
    this.pos += 2;
    this.skipWhitespace();
    const upper = this.parseBound(open);
    this.skipWhitespace();
    const close = this.src[this.pos];
    if (close === undefined) throw this.fail('unterminated range starting', open);
    if (close !== ']' && close !== '}') throw this.fail("expected ']' or '}' to close the range", this.pos);
    this.pos++;
    return this.rangeNode(
      field,
      lower === null ? null : { ...lower, inclusive: lowerInclusive },
      upper === null ? null : { ...upper, inclusive: close === ']' },
    );
  }

  private parseBound(open: number): Omit<RangeBound, 'inclusive'> | null {
    const start = this.pos;
    const char = this.src[start];
    if (char === undefined) throw this.fail('unterminated range starting', open);
    if (char === '"') {
      const value = this.readQuoted();
      return { value, number: parseNumber(value) };
    }
    const word = this.readWord('bound');
    if (word.chars.length === 0) throw this.fail('expected a range bound', start);
    return this.boundOf(word, true);
  }

  private parseComparison(field: Extract<Field, { kind: 'tag' | 'attribute' }>, label: string): QueryNode {
    let operator = this.src[this.pos];
    this.pos++;
    if (this.src[this.pos] === '=') {
      operator += '=';
      this.pos++;
    }
    const start = this.pos;
    const char = this.src[start];
    if (char === undefined || isWhitespace(char) || char === ')' || char === '(') {
      throw this.fail(`expected a value after '${label}${operator}'`, start);
    }
    let bound: Omit<RangeBound, 'inclusive'> | null;
    if (char === '"') {
      const value = this.readQuoted();
      bound = { value, number: parseNumber(value) };
    } else {
      bound = this.boundOf(this.readWord('value'), false);
    }
    if (bound === null) throw this.fail('wildcards are not allowed in comparisons', start);
    const inclusive = operator.length === 2;
    return operator[0] === '>'
      ? this.rangeNode(field, { ...bound, inclusive }, null)
      : this.rangeNode(field, null, { ...bound, inclusive });
  }

  /** A raw bound: `*` alone is open (null) where `openAllowed`; other wildcards are refused. */
  private boundOf(word: Word, openAllowed: boolean): Omit<RangeBound, 'inclusive'> | null {
    this.rejectFuzzy(word);
    const tokens = wildcardTokens(word);
    if (openAllowed && tokens.length === 1 && tokens[0].kind === 'any-run') return null;
    const wildcard = word.chars.findIndex((char, i) => !word.escaped[i] && (char === '*' || char === '?'));
    if (wildcard >= 0) {
      throw this.fail(`wildcards are not allowed in ${openAllowed ? 'range bounds' : 'comparisons'}`, word.positions[wildcard]);
    }
    const value = word.chars.join('');
    return { value, number: parseNumber(value) };
  }

  private rangeNode(
    field: Extract<Field, { kind: 'tag' | 'attribute' }>,
    lower: RangeBound | null,
    upper: RangeBound | null,
  ): QueryNode {
    if (field.kind === 'attribute') return { kind: 'attribute-range', path: field.path, lower, upper };
    if (field.key === 'status') {
      const low = lower ? statusBand(lower.value) : null;
      const high = upper ? statusBand(upper.value) : null;
      if (low !== undefined && high !== undefined) {
        const min = !low ? SEVERITY_MIN : lower!.inclusive ? low.min : low.max + 1;
        const max = !high ? SEVERITY_MAX : upper!.inclusive ? high.max : high.min - 1;
        return severity(min, max);
      }
    }
    return { kind: 'tag-range', key: field.key, lower, upper };
  }

  // ---- lexing ------------------------------------------------------------------------------------

  /** Reads a word up to whitespace, `(`, `)`, `"`, and also `:` (for `key`) or `]`/`}` (for `bound`). */
  private readWord(mode: 'key' | 'value' | 'bound'): Word {
    const word: Word = { chars: [], escaped: [], positions: [] };
    const src = this.src;
    while (this.pos < src.length) {
      const char = src[this.pos];
      if (char === '\\') {
        if (this.pos + 1 >= src.length) throw this.fail("expected a character after '\\'", this.pos);
        word.chars.push(src[this.pos + 1]);
        word.escaped.push(true);
        word.positions.push(this.pos);
        this.pos += 2;
        continue;
      }
      if (isWhitespace(char) || char === '(' || char === ')' || char === '"') break;
      if (mode === 'key' && char === ':') break;
      if (mode === 'bound' && (char === ']' || char === '}')) break;
      word.chars.push(char);
      word.escaped.push(false);
      word.positions.push(this.pos);
      this.pos++;
    }
    return word;
  }

  /** Reads `"..."` (the cursor is on the opening quote) and returns its text. */
  private readQuoted(): string {
    const open = this.pos;
    const src = this.src;
    let text = '';
    let from = open + 1;
    let i = from;
    while (i < src.length) {
      const char = src[i];
      if (char === '\\') {
        if (i + 1 >= src.length) break;
        text += src.slice(from, i) + src[i + 1];
        i += 2;
        from = i;
        continue;
      }
      if (char === '"') {
        text += src.slice(from, i);
        this.pos = i + 1;
        if (src[this.pos] === '~') throw this.fail("proximity search ('~') is not supported", this.pos);
        return text;
      }
      i++;
    }
    throw this.fail('unterminated phrase starting', open);
  }

  /** Lucene's fuzzy `term~` and `term~2` are not supported; other tildes are text. */
  private rejectFuzzy(word: Word): void {
    for (let i = word.chars.length - 1; i >= 0; i--) {
      const char = word.chars[i];
      if (word.escaped[i]) return;
      if (char === '~') throw this.fail("fuzzy search ('~') is not supported", word.positions[i]);
      if (!((char >= '0' && char <= '9') || char === '.')) return;
    }
  }

  private skipWhitespace(): void {
    while (this.pos < this.src.length && isWhitespace(this.src[this.pos])) this.pos++;
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** An operator keyword stands alone: followed by whitespace, a parenthesis, a quote or the end. */
  private atKeyword(keyword: 'AND' | 'OR' | 'NOT'): boolean {
    if (!this.src.startsWith(keyword, this.pos)) return false;
    const next = this.src[this.pos + keyword.length];
    return next === undefined || isWhitespace(next) || next === '(' || next === ')' || next === '"';
  }

  private fail(reason: string, position: number): SyntaxFailure {
    return new SyntaxFailure(reason, Math.max(0, Math.min(position, this.src.length)));
  }
}

function fieldLabel(field: Field): string {
  switch (field.kind) {
    case 'message':
    case 'tags':
      return `${field.kind}:`;
    case 'tag':
      return `${field.key}:`;
    case 'attribute':
      return `@${field.path.join('.')}:`;
  }
}

/** A word's wildcard structure: text runs merged, consecutive `*` collapsed. */
function wildcardTokens(word: Word): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  let text = '';
  for (let i = 0; i < word.chars.length; i++) {
    const char = word.chars[i];
    const wildcard = !word.escaped[i] && (char === '*' || char === '?');
    if (!wildcard) {
      text += char;
      continue;
    }
    if (text) tokens.push({ kind: 'text', text });
    text = '';
    if (char === '?') tokens.push({ kind: 'any-char' });
    else if (tokens.at(-1)?.kind !== 'any-run') tokens.push({ kind: 'any-run' });
  }
  if (text) tokens.push({ kind: 'text', text });
  return tokens;
}

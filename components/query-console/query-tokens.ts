/**
 * A forgiving lexer for Datadog search text, for highlighting and autocomplete only: it never fails, and
 * the parser (server/query) stays the one judge of what a query means.
 */

export type QueryTokenType = 'operator' | 'field' | 'attribute' | 'value' | 'string' | 'term' | 'wildcard' | 'paren' | 'range';

export interface QueryToken {
  from: number;
  to: number;
  type: QueryTokenType;
}

const isSpace = (char: string | undefined) => char !== undefined && /\s/.test(char);
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'TO']);

/** Reads a bare word from `start`: up to whitespace, a parenthesis or a quote; a backslash escapes. */
function wordEnd(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (isSpace(char) || char === '(' || char === ')' || char === '"') break;
    i++;
  }
  return Math.min(i, text.length);
}

function quotedEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return text.length;
}

/** The first unescaped `:` of a word, or -1. */
function colonIn(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ':') return i;
  }
  return -1;
}

function pushValue(tokens: QueryToken[], text: string, from: number, to: number, type: 'value' | 'term') {
  if (from >= to) return;
  // Range and comparison punctuation, then wildcards inside the value.
  let start = from;
  const lead = /^(?:>=|<=|>|<|\[|\{)/.exec(text.slice(from, to));
  if (lead) {
    tokens.push({ from, to: from + lead[0].length, type: 'range' });
    start = from + lead[0].length;
  }
  let end = to;
  if (end > start && (text[end - 1] === ']' || text[end - 1] === '}') && text[end - 2] !== '\\') end--;
  let runStart = start;
  for (let i = start; i < end; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '*' || text[i] === '?') {
      if (i > runStart) tokens.push({ from: runStart, to: i, type });
      tokens.push({ from: i, to: i + 1, type: 'wildcard' });
      runStart = i + 1;
    }
  }
  if (end > runStart) tokens.push({ from: runStart, to: end, type });
  if (end < to) tokens.push({ from: end, to, type: 'range' });
}

export function tokenizeQuery(text: string): QueryToken[] {
  const tokens: QueryToken[] = [];
  let i = 0;
  /** Set right after `field:`, so a following quote or group reads as that field's value. */
  let afterField = false;
  while (i < text.length) {
    const char = text[i];
    if (isSpace(char)) {
      i++;
      continue;
    }
    if (char === '(' || char === ')') {
      tokens.push({ from: i, to: i + 1, type: 'paren' });
      i++;
      continue;
    }
    if (char === '"') {
      const end = quotedEnd(text, i);
      tokens.push({ from: i, to: end, type: 'string' });
      i = end;
      afterField = false;
      continue;
    }
    if ((char === '-' || char === '!' || char === '+') && !afterField) {
      tokens.push({ from: i, to: i + 1, type: 'operator' });
      i++;
      continue;
    }
    const end = wordEnd(text, i);
    if (end === i) {
      i++;
      continue;
    }
    const word = text.slice(i, end);
    if (KEYWORDS.has(word)) {
      tokens.push({ from: i, to: end, type: word === 'TO' ? 'range' : 'operator' });
      i = end;
      continue;
    }
    const colon: number = afterField ? -1 : colonIn(text, i, end);
    if (colon >= 0) {
      tokens.push({ from: i, to: colon + 1, type: text[i] === '@' ? 'attribute' : 'field' });
      pushValue(tokens, text, colon + 1, end, 'value');
      afterField = colon + 1 === end;
    } else {
      pushValue(tokens, text, i, end, afterField ? 'value' : 'term');
      afterField = false;
    }
    i = end;
  }
  return tokens;
}

/** What the word at the cursor is: a field name being typed, or a value of a field. */
export type CompletionContext =
  | { kind: 'field'; from: number; to: number; prefix: string }
  | { kind: 'value'; field: string; from: number; to: number; prefix: string };

/** The completion context at `cursor`, or undefined inside a quoted string or between words. */
export function completionContext(text: string, cursor: number): CompletionContext | undefined {
  let start = cursor;
  while (start > 0) {
    const char = text[start - 1];
    if (isSpace(char) || char === '(' || char === ')') break;
    if (char === '"') return undefined;
    start--;
  }
  let end = cursor;
  while (end < text.length && !isSpace(text[end]) && text[end] !== ')' && text[end] !== '(' && text[end] !== '"') end++;
  while (start < cursor && (text[start] === '-' || text[start] === '!' || text[start] === '+')) start++;
  const word = text.slice(start, cursor);
  const colon = colonIn(text, start, cursor);
  if (colon < 0) {
    if (KEYWORDS.has(word)) return undefined;
    return { kind: 'field', from: start, to: end, prefix: word };
  }
  const field = text.slice(start, colon).replace(/\\(.)/g, '$1');
  if (field === '') return undefined;
  return { kind: 'value', field, from: colon + 1, to: end, prefix: text.slice(colon + 1, cursor) };
}

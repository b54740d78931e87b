import type { MessagePhraseNode, MessageTermNode, MessageWildcardNode, WildcardToken } from './ast';

/** Characters that separate words in queries and phrase terms in messages. */
export const WHITESPACE = ' \t\n\r\f\v';
export const isWhitespace = (char: string | undefined): boolean =>
  char !== undefined && char.length === 1 && WHITESPACE.includes(char);

/** ASCII word characters, `[A-Za-z0-9_]`: message terms must not be glued to one at a word edge. */
export function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

export function splitWhitespace(text: string): string[] {
  const terms: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isWhitespace(text[i]);
    if (space && start >= 0) {
      terms.push(text.slice(start, i));
      start = -1;
    } else if (!space && start < 0) start = i;
  }
  return terms;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A query value read as a number (decimal notation only), or null. */
export function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Orders strings by code point, as Postgres does under `COLLATE "C"` (UTF-16 order differs above U+FFFF). */
export function compareText(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/** Escapes text for a regex that both JS (with the `u` flag) and Postgres AREs read literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

const NOT_WORD_BEFORE = '(?:^|[^A-Za-z0-9_])';
const NOT_WORD_AFTER = '(?:$|[^A-Za-z0-9_])';
const WHITESPACE_RUN = '[ \\t\\n\\r\\f\\v]+';

/** Whether a word-boundary check applies where the pattern starts (`at = 0`) or ends (`at = -1`). */
export function needsBoundary(tokens: readonly WildcardToken[], at: 0 | -1): boolean {
  const token = at === 0 ? tokens[0] : tokens[tokens.length - 1];
  if (token === undefined || token.kind === 'any-run') return false;
  if (token.kind === 'any-char') return true;
  const text = token.text.toLowerCase();
  return text.length > 0 && isWordCode(text.charCodeAt(at === 0 ? 0 : text.length - 1));
}

/** A message node as tokens over lower-cased text (phrases excepted: their gaps are whitespace runs). */
export function messageTokens(node: MessageTermNode | MessageWildcardNode): WildcardToken[] {
  if (node.kind === 'message-term') return [{ kind: 'text', text: node.term.toLowerCase() }];
  return node.pattern.map((token) => (token.kind === 'text' ? { kind: 'text', text: token.text.toLowerCase() } : token));
}

/**
 * The regex a message node means, to test against the lower-cased message: JS flags `su`, or Postgres
 * `lower(message) ~ pattern`. The matcher does not run it (a glob engine is linear where `.*` chains
 * backtrack); tests hold the two to the same answers.
 */
export function messageRegexSource(node: MessageTermNode | MessagePhraseNode | MessageWildcardNode): string {
  let tokens: WildcardToken[];
  let body: string;
  if (node.kind === 'message-phrase') {
    const terms = node.terms.map((term) => term.toLowerCase());
    tokens = [{ kind: 'text', text: terms.join(' ') }];
    body = terms.map(escapeRegex).join(WHITESPACE_RUN);
  } else {
    tokens = messageTokens(node);
    body = tokensRegex(tokens);
  }
  return (
    (needsBoundary(tokens, 0) ? NOT_WORD_BEFORE : '') + body + (needsBoundary(tokens, -1) ? NOT_WORD_AFTER : '')
  );
}

/** The anchored, case-sensitive regex a tag or attribute wildcard means (JS flags `su`). */
export function valueRegexSource(tokens: readonly WildcardToken[]): string {
  return `^${tokensRegex(tokens)}$`;
}

function tokensRegex(tokens: readonly WildcardToken[]): string {
  return tokens
    .map((token) => (token.kind === 'text' ? escapeRegex(token.text) : token.kind === 'any-run' ? '.*' : '.'))
    .join('');
}

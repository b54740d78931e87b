/**
 * Seeded generators of LogEvents and Datadog queries over one small shared vocabulary, so that random
 * queries hit random events often. Used by the agreement test between the SQL compiler and the matcher.
 *
 * Limit: messages hold ASCII and *caseless* non-ASCII only (emoji, CJK). Both backends fold ASCII case
 * identically, but for cased non-ASCII (`É`/`é`) JS `toLowerCase()` folds while Postgres `~*` under a
 * C/C.UTF-8 locale (PGlite's and the test server's) does not — a known limit, not tested here. Tags and
 * attributes are case-sensitive on both sides, so they do carry cased non-ASCII.
 *
 * Queries never hold lone UTF-16 surrogates either: the matcher would find half an emoji by code unit
 * (`"\ud83d"` matches "😀"), while Postgres receives U+FFFD in its place and finds nothing. Stored
 * events cannot hold one (intake swaps them for U+FFFD), so only such queries disagree.
 */
import { and, not, or, type QueryNode, type RangeBound, type WildcardToken } from '@/server/query/ast';
import type { LogEvent } from '@/server/model/log-event';
import { parseNumber } from '@/server/query/patterns';
import { mulberry32 } from '@/server/model/random';

export type Random = () => number;
export const int = (random: Random, below: number) => Math.floor(random() * below);
export const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];
const chance = (random: Random, p: number) => random() < p;

// ---- vocabulary ------------------------------------------------------------------------------------

export const MESSAGE_WORDS = [
  'error', 'Error', 'ERROR', 'errors', 'timeout', 'TimeOut', 'connection', 'failed', 'web-app', 'x_y', 'a', 'b', 'ab',
  'A', 'B', '500', '5', '5xx', 'user=42', 'path/to/file', 'foo.bar', '[warn]', 'auth', 'AND', 'OR', 'not', "it's",
  'a*b', 'q?', '(x)', 'c:\\tmp', '"quoted"', '_', '-', 'db:5432', 'GET', '/api/v1/users', '😀', '中文', '{k=v}',
  '$1.50', 'a|b', '^x', 'end.',
];
/** Drawn half the time, so that phrases of them occur in the corpus. */
const COMMON_WORDS = ['error', 'Error', 'timeout', 'connection', 'failed', 'a', 'b', '500'];
const messageWord = (random: Random) => pick(random, chance(random, 0.5) ? COMMON_WORDS : MESSAGE_WORDS);
const MESSAGE_SEPARATORS = [' ', ' ', ' ', '  ', '\n', '\t', ' \r\n', '\f', '\v', '\u00a0', '-', '.', ',', ': ', '', '_', '/'];

export const TAG_KEYS = ['service', 'host', 'env', 'region', 'team', 'k.v', 'status', 'Service'];
export const TAG_VALUES = [
  'web-app', 'Web-App', 'api', 'db', '', 'a b', '1', '10', '2', '-1', 'zeta', 'Alpha', 'a\nb', 'é', 'É', '😀', 'x*y',
  'error', 'foo', 'web', 'api-v2', 'a.b', 'x|y', '[1]', '\\', 'ｚ', '(x)',
];

const NUMBERS = [
  0, 1, -1, 2, 5, 0.5, -3.25, 100, 250.75, 404, 500, 503, 1000, 12345, 12345.5, -42, 1e21, 1.5e-7,
  9007199254740991, -9007199254740991, 9007199254740992, 12345678901, 0.1 + 0.2, 1e308, -1e-300,
];
const NUMERIC_STRINGS = ['100', '1e3', '007', '500', '12345', ' 5', '-0', '5.0', '0.5', '-1', '1000'];
const PLAIN_STRINGS = [
  'GET', 'get', 'POST', 'alice', 'Bob', '', 'true', 'false', 'abc', 'x', 'é', 'a b', 'web-app', 'a\nb', 'null', 'ｚ', '😀', 'a.*',
];

// ---- events ----------------------------------------------------------------------------------------

function scalar(random: Random): unknown {
  switch (int(random, 6)) {
    case 0:
    case 1:
      return pick(random, NUMBERS);
    case 2:
      return pick(random, NUMERIC_STRINGS);
    case 3:
      return pick(random, PLAIN_STRINGS);
    case 4:
      return chance(random, 0.5);
    default:
      return chance(random, 0.5) ? null : pick(random, NUMBERS);
  }
}

/** A scalar, or sometimes an array of scalars (possibly empty, possibly nested once). */
function leaf(random: Random): unknown {
  const roll = random();
  if (roll < 0.75) return scalar(random);
  if (roll < 0.92) return Array.from({ length: int(random, 4) }, () => scalar(random));
  return [[scalar(random), scalar(random)], scalar(random)];
}

function httpObject(random: Random): Record<string, unknown> {
  const http: Record<string, unknown> = {};
  if (chance(random, 0.8)) http.status_code = chance(random, 0.7) ? pick(random, [200, 404, 500, 503, -1, 0]) : leaf(random);
  if (chance(random, 0.6)) http.method = pick(random, ['GET', 'get', 'POST', 'PUT']);
  if (chance(random, 0.3)) http.url = pick(random, ['/api/v1/x', '/health', '']);
  return http;
}

function attributes(random: Random): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (chance(random, 0.5)) {
    const roll = random();
    attrs.http = roll < 0.7 ? httpObject(random) : roll < 0.85 ? [httpObject(random), httpObject(random)] : leaf(random);
  }
  if (chance(random, 0.3)) attrs['http.status_code'] = chance(random, 0.7) ? pick(random, [200, 404, 500, '500']) : leaf(random);
  if (chance(random, 0.5)) {
    const user: Record<string, unknown> = {};
    if (chance(random, 0.8)) user.id = pick(random, [12345, '12345', 12345.5, 9007199254740991, -42, 0, null, true]);
    if (chance(random, 0.5)) user.name = pick(random, ['alice', 'Bob', '', 'Alice', 'é']);
    if (chance(random, 0.4)) user.admin = chance(random, 0.5);
    if (chance(random, 0.4)) {
      user.roles = pick(random, [[], ['a', 'b'], ['admin'], [{ name: 'x' }, { name: 'y' }], [{ name: 'x' }, 'x'], [[{ name: 'z' }]]]);
    }
    attrs.user = chance(random, 0.85) ? user : [user, { id: pick(random, NUMBERS) }];
  }
  if (chance(random, 0.6)) attrs.duration = leaf(random);
  if (chance(random, 0.35)) {
    attrs.items = pick(random, [
      [{ id: 1, tag: 'x' }, { id: '2' }, { other: true }],
      [{ id: pick(random, NUMBERS), tag: pick(random, PLAIN_STRINGS) }],
      [[{ id: 1 }]],
      [1, '2', null, true],
      [],
      { id: pick(random, NUMBERS) },
    ]);
  }
  if (chance(random, 0.3)) attrs.flag = chance(random, 0.8) ? chance(random, 0.5) : pick(random, ['true', 'false', 1, 0, null]);
  if (chance(random, 0.2)) attrs.a = pick(random, [{ b: { c: leaf(random) } }, { b: leaf(random) }, [{ b: [1, { c: 2 }] }], leaf(random)]);
  if (chance(random, 0.15)) attrs['a.b'] = pick(random, [{ c: leaf(random) }, leaf(random)]);
  if (chance(random, 0.1)) attrs['a.b.c'] = leaf(random);
  if (chance(random, 0.1)) attrs['constructor'] = leaf(random);
  if (chance(random, 0.1)) attrs['we"ird\\key'] = leaf(random);
  if (chance(random, 0.1)) attrs['new\nline key'] = { 'é': leaf(random) };
  if (chance(random, 0.1)) attrs.empty = pick(random, [{}, [], '', null]);
  return attrs;
}

function message(random: Random): string {
  const length = int(random, 7);
  let text = '';
  for (let i = 0; i < length; i++) {
    if (i > 0) text += pick(random, MESSAGE_SEPARATORS);
    text += messageWord(random);
  }
  if (chance(random, 0.1)) text = ` ${text}\n`;
  return text;
}

function tags(random: Random): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (let i = int(random, 5); i > 0; i--) {
    const roll = random();
    const count = roll < 0.15 ? 0 : roll < 0.75 ? 1 : 2 + int(random, 2);
    result[pick(random, TAG_KEYS)] = Array.from({ length: count }, () => pick(random, TAG_VALUES));
  }
  return result;
}

/** The `index`-th event of a corpus: a small vocabulary so that queries hit often. */
export function randomEvent(random: Random, index: number, timestamp: number): LogEvent {
  return {
    id: `e${String(index).padStart(4, '0')}`,
    eventTimestamp: timestamp,
    receivedTimestamp: timestamp,
    message: message(random),
    severity: 1 + int(random, 24),
    tags: tags(random),
    attributes: attributes(random),
  };
}

// ---- queries as ASTs -------------------------------------------------------------------------------

const ATTRIBUTE_PATHS: readonly string[][] = [
  ['http', 'status_code'], ['http.status_code'], ['http', 'method'], ['http', 'url'], ['http'], ['user', 'id'],
  ['user', 'name'], ['user', 'admin'], ['user', 'roles'], ['user', 'roles', 'name'], ['user'], ['duration'],
  ['items', 'id'], ['items', 'tag'], ['items'], ['flag'], ['a', 'b', 'c'], ['a', 'b'], ['a'], ['a.b', 'c'],
  ['missing'], ['constructor'], ['we"ird\\key'], ['empty'], ['new\nline key', 'é'],
];
const ATTRIBUTE_VALUES = [
  ...NUMERIC_STRINGS, ...PLAIN_STRINGS, '200', '404', '503', '-42', '0', '1', '-3.25', '250.75', '12345.5', '1e21',
  '9007199254740991', '9007199254740992', '9007199254740993', '500.0', '+500', '.5', '1.5e-7', '2', '12345678901',
  '0.30000000000000004', '0.300000000000000044', '0.3', '1e308', '1e309',
];
const RANGE_VALUES = [...ATTRIBUTE_VALUES, '-1e30', '1e30', 'a', 'z', 'A', 'Z', '~', 'é', 'ｚ', '😀', '\u{10ffff}'];

/** Some word, or a piece of one, in a random case: for message terms (never empty, never whitespace). */
function messageFragment(random: Random): string {
  let word = messageWord(random);
  if (chance(random, 0.35)) {
    // By code point: a piece of an emoji would be a lone surrogate (see the limit above).
    const chars = Array.from(word);
    const from = int(random, chars.length);
    word = chars.slice(from, from + 1 + int(random, chars.length - from)).join('');
  }
  if (chance(random, 0.25)) word = chance(random, 0.5) ? word.toUpperCase() : word.toLowerCase();
  return word;
}

/** Whole words, but the first may lose its head and the last its tail (words run on at a phrase's edges). */
function phraseTerms(random: Random): string[] {
  const terms = Array.from({ length: 2 + int(random, 2) }, () => (chance(random, 0.2) ? messageFragment(random) : messageWord(random)));
  const first = Array.from(terms[0]);
  if (chance(random, 0.25)) terms[0] = first.slice(int(random, first.length)).join('');
  const last = Array.from(terms[terms.length - 1]);
  if (chance(random, 0.25)) terms[terms.length - 1] = last.slice(0, 1 + int(random, last.length)).join('');
  return terms;
}

/** Turns text into wildcard tokens: some characters become `?`, some gaps `*`. */
function wildcardOf(random: Random, text: string): WildcardToken[] {
  const tokens: WildcardToken[] = [];
  const push = (token: WildcardToken) => {
    const last = tokens.at(-1);
    if (token.kind === 'text' && last?.kind === 'text') last.text += token.text;
    else if (!(token.kind === 'any-run' && last?.kind === 'any-run')) tokens.push(token);
  };
  if (chance(random, 0.4)) push({ kind: 'any-run' });
  for (const char of text) {
    const roll = random();
    if (roll < 0.15) push({ kind: 'any-char' });
    else if (roll < 0.25) {
      push({ kind: 'any-run' });
      push({ kind: 'text', text: char });
    } else push({ kind: 'text', text: char });
  }
  if (chance(random, 0.4) || !tokens.some((token) => token.kind !== 'text')) push({ kind: 'any-run' });
  return tokens;
}

function bound(random: Random): RangeBound {
  const value = pick(random, RANGE_VALUES);
  return { value, number: parseNumber(value), inclusive: chance(random, 0.5) };
}

function bounds(random: Random): { lower: RangeBound | null; upper: RangeBound | null } {
  const roll = random();
  if (roll < 0.3) return { lower: bound(random), upper: null };
  if (roll < 0.6) return { lower: null, upper: bound(random) };
  return { lower: bound(random), upper: bound(random) };
}

function leafNode(random: Random): QueryNode {
  const key = chance(random, 0.9) ? pick(random, TAG_KEYS) : 'nokey';
  const path = pick(random, ATTRIBUTE_PATHS);
  switch (int(random, 14)) {
    case 0:
    case 1:
      return { kind: 'message-term', term: messageFragment(random) };
    case 2:
      return { kind: 'message-phrase', terms: phraseTerms(random) };
    case 3:
      return { kind: 'message-wildcard', pattern: wildcardOf(random, messageFragment(random)) };
    case 4: {
      const min = 1 + int(random, 24);
      return { kind: 'severity', min, max: Math.min(24, min + int(random, 12)) };
    }
    case 5:
      return { kind: 'tag', key, value: pick(random, TAG_VALUES) };
    case 6:
      return { kind: 'tag-wildcard', key, pattern: wildcardOf(random, pick(random, TAG_VALUES)) };
    case 7:
      return chance(random, 0.5)
        ? { kind: 'tag-exists', key }
        : { kind: 'tag-key-wildcard', pattern: wildcardOf(random, key.slice(0, 1 + int(random, key.length))) };
    case 8:
      return { kind: 'tag-range', key, ...bounds(random) };
    case 9:
    case 10: {
      const value = pick(random, ATTRIBUTE_VALUES);
      return { kind: 'attribute', path, value, number: parseNumber(value) };
    }
    case 11:
      return { kind: 'attribute-wildcard', path, pattern: wildcardOf(random, pick(random, ATTRIBUTE_VALUES)) };
    case 12:
      return { kind: 'attribute-exists', path };
    default:
      return { kind: 'attribute-range', path, ...bounds(random) };
  }
}

/** A random AST, kept normal with the helpers of ast.ts. Print it and parse it back before use. */
export function randomAst(random: Random, depth = 0): QueryNode {
  const roll = random();
  if (depth >= 3 || roll < 0.45) return chance(random, 0.2) ? not(leafNode(random)) : leafNode(random);
  const children = Array.from({ length: 2 + int(random, 2) }, () => randomAst(random, depth + 1));
  const node = roll < 0.7 ? and(children) : roll < 0.92 ? or(children) : not(and(children));
  return node;
}

// ---- queries as text -------------------------------------------------------------------------------

const escapeWord = (text: string) => text.replace(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/g, '\\$&');
const quote = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;

const STATUS_TEXT = [
  'status:error', 'status:warn', 'status:info', 'status:>=warn', 'status:<info', 'status:[debug TO info]',
  'status:{info TO error}', 'status:fatal', 'status:ok', 'status:ERR', 'status:(error OR warning)', 'status:foo',
  '-status:info', 'status:>critical', 'status:<=trace',
];
const TEXT_SNIPPETS = [
  'error', 'Error', 'err*', '*out', 'time?ut', '"error timeout"', '"a  500"', '"failed a"', 'message:"b error"', 'web-app', 'x_y', '500', '5*', '"connection failed"', 'message:error',
  'message:"Web-App"', 'service:web-app', 'service:Web*', 'service:(api OR db)', 'service:(api OR "a b")', 'host:*',
  'tags:env', 'tags:serv*', 'tags:*e*', 'tags:k\\.v', 'k\\.v:1', 'region:>=b', 'region:[1 TO 2]', 'team:{a TO z}',
  '@http.status_code:>=500', '@http.status_code:[400 TO 500}', '@http\\.status_code:500', '@user.id:12345',
  '@user.id:12345.0', '@user.id:*', '@duration:>0', '@duration:<=-1', '@duration:[0.5 TO 1e3]', '@duration:(>100 OR <0)',
  '@duration:1*', '@duration:?', '@user.name:alice', '@user.name:A*', '@user.admin:true', '@flag:false', '@flag:t*',
  '@items.id:1', '@items.id:*', '@user.roles.name:x', '@user.roles:a', '@a.b.c:*', '@a.b:*', '@missing:*',
  '@http.method:(GET OR get)', '@duration:"1e3"', '@duration:>=a', 'a', 'b', '"a b"', 'path\\/to*', 'foo.bar', '\\[warn\\]',
  '*', 'NOT *', '😀', '中*', '"it\'s"', 'c\\:\\\\tmp', '\\(x\\)', 'q\\?', 'a\\*b', 'status\\:error',
];

function textLeaf(random: Random): string {
  const roll = random();
  if (roll < 0.15) return pick(random, STATUS_TEXT);
  if (roll < 0.75) return pick(random, TEXT_SNIPPETS);
  // A free word from the vocabulary, escaped, with maybe a wildcard appended or a field prefix.
  const word = escapeWord(messageFragment(random));
  switch (int(random, 4)) {
    case 0:
      return `${word}*`;
    case 1:
      return `${escapeWord(pick(random, TAG_KEYS))}:${escapeWord(pick(random, TAG_VALUES)) || '""'}`;
    case 2:
      return `message:${quote(pick(random, MESSAGE_WORDS))}`;
    default:
      return word;
  }
}

/** Query text in the syntax users write: juxtaposition, AND/OR/NOT, `-`, `!`, `+`, parentheses. */
export function randomQueryText(random: Random, depth = 0): string {
  if (depth >= 3 || random() < 0.4) {
    const prefix = pick(random, ['', '', '', '', '-', '!', '+', 'NOT ']);
    return prefix + textLeaf(random);
  }
  const parts = Array.from({ length: 2 + int(random, 2) }, () => randomQueryText(random, depth + 1));
  const joined = parts.join(pick(random, [' ', ' AND ', ' OR ', ' OR ']));
  return random() < 0.5 ? `(${joined})` : chance(random, 0.3) ? `-(${joined})` : joined;
}

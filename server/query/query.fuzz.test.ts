import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../model/log-event';
import type { QueryNode } from './ast';
import { compileMatcher } from './match';
import { parseQuery } from './parse';
import { messageRegexSource, valueRegexSource } from './patterns';
import { printQuery } from './print';
import { mulberry32, type Random } from '../model/random';

const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

const PIECES = [
  ...'abcxyzAEZ019_-.:@*?()"\\[]{}<>=!+~/ \t\n,é😀',
  ' AND ', ' OR ', 'NOT ', ' TO ', 'status:', 'tags:', 'message:', 'service:', '@http.status_code:', 'error',
  'warn', '>=', '<=', '[1 TO 5]', '{a TO *}', '"a b"', '\\"', '\\ ', '(', ')',
];

const VALID = [
  'error',
  'message:"database connection failed"',
  'service:web-app @user.id:12345',
  'environment:"staging environment"',
  'tags:service.version',
  'tags:serv*',
  '@request.path:/api/*',
  '*f?OO?',
  '(service:web-app OR service:api) AND error',
  '((service:web OR service:api) AND error) OR @priority:high',
  '+error +service:auth -@user.type:admin',
  '@response.time:[100 TO 500]',
  '@response.time:{100 TO *}',
  'hostname:[jimmy TO tom]',
  'hostname:>=jimmy',
  '@http.status_code:<=400',
  'status:error OR status:warning',
  'status:>=warn -service:(a OR b)',
  'NOT !(a\\:b "c d")',
];

function randomQuery(random: Random): string {
  let query = '';
  const length = int(random, 12);
  for (let i = 0; i < length; i++) query += pick(random, PIECES);
  return query;
}

function mutate(random: Random, query: string): string {
  let result = query;
  const edits = 1 + int(random, 3);
  for (let i = 0; i < edits; i++) {
    const at = int(random, result.length + 1);
    switch (int(random, 4)) {
      case 0:
        result = result.slice(0, at) + pick(random, PIECES) + result.slice(at);
        break;
      case 1:
        result = result.slice(0, at) + result.slice(at + 1 + int(random, 3));
        break;
      case 2:
        result = result.slice(0, at) + pick(random, PIECES) + result.slice(at + 1);
        break;
      default: {
        const from = int(random, result.length + 1);
        result = result.slice(0, at) + result.slice(from, from + int(random, 6)) + result.slice(at);
      }
    }
  }
  return result;
}

const WORDS = ['error', 'Error', 'timeout', 'a', 'b', 'web-app', 'x_y', '😀', 'é', '[ERROR]', '500', 'auth', 'AND'];
const KEYS = ['service', 'host', 'env', 'status', 'a', 'b', 'http', 'status_code', 'user.id', 'constructor'];

function randomJson(random: Random, depth: number): unknown {
  switch (int(random, depth > 2 ? 5 : 7)) {
    case 0:
      return pick(random, WORDS);
    case 1:
      return pick(random, [0, 1, 5, 500, -3.5, 1e21, 12345, Number.NaN]);
    case 2:
      return random() < 0.5;
    case 3:
      return null;
    case 4:
      return String(int(random, 1000));
    case 5:
      return Array.from({ length: int(random, 3) }, () => randomJson(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: int(random, 3) }, () => [pick(random, KEYS), randomJson(random, depth + 1)]));
  }
}

/** Events of the right shape with random content, and now and then the wrong shape. */
function randomEvent(random: Random): LogEvent {
  const junk = random() < 0.1;
  const message = Array.from({ length: int(random, 6) }, () => pick(random, WORDS)).join(pick(random, [' ', '  ', '\n', '-', '']));
  const tags: Record<string, unknown> = {};
  for (let i = int(random, 4); i > 0; i--) {
    tags[pick(random, KEYS)] = junk ? randomJson(random, 2) : Array.from({ length: int(random, 3) }, () => pick(random, WORDS));
  }
  const attributes = randomJson(random, 0);
  return {
    id: 'e',
    eventTimestamp: 0,
    receivedTimestamp: 0,
    message: junk && random() < 0.5 ? (randomJson(random, 3) as string) : message,
    severity: junk && random() < 0.5 ? (randomJson(random, 3) as number) : 1 + int(random, 24),
    tags: tags as LogEvent['tags'],
    attributes: (junk || (typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes))
      ? attributes
      : { a: attributes }) as LogEvent['attributes'],
  };
}

/** Every query parses to an AST that prints and re-parses to itself, or fails with a positioned error. */
function checkQuery(query: string, random: Random): string | null {
  let result: ReturnType<typeof parseQuery>;
  try {
    result = parseQuery(query);
  } catch (error) {
    return `${JSON.stringify(query)} threw ${String(error)}`;
  }
  if (!result.ok) {
    const { message, position } = result.error;
    if (!Number.isInteger(position) || position < 0 || position > query.length) {
      return `${JSON.stringify(query)}: position ${position} out of range`;
    }
    if (!message.endsWith(` at ${position}`)) return `${JSON.stringify(query)}: message "${message}" lacks its position`;
    return null;
  }
  const printed = printQuery(result.ast);
  const reparsed = parseQuery(printed);
  if (!reparsed.ok) return `${JSON.stringify(query)} printed as ${JSON.stringify(printed)}, which fails: ${reparsed.error.message}`;
  if (JSON.stringify(reparsed.ast) !== JSON.stringify(result.ast)) {
    return `${JSON.stringify(query)} printed as ${JSON.stringify(printed)}, which parses differently`;
  }
  try {
    const match = compileMatcher(result.ast);
    for (let i = 0; i < 3; i++) {
      if (typeof match(randomEvent(random)) !== 'boolean') return `${JSON.stringify(query)}: matcher returned a non-boolean`;
    }
  } catch (error) {
    return `${JSON.stringify(query)}: matcher threw ${String(error)}`;
  }
  return null;
}

describe('parser fuzzing', () => {
  it('random strings give an AST or a positioned error, never a throw', () => {
    const random = mulberry32(1);
    const failures: string[] = [];
    let parsed = 0;
    for (let i = 0; i < 3000; i++) {
      const query = randomQuery(random);
      const failure = checkQuery(query, random);
      if (failure) failures.push(failure);
      if (parseQuery(query).ok) parsed++;
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(parsed).toBeGreaterThan(300);
  });

  it('mutated valid queries give an AST or a positioned error, never a throw', () => {
    const random = mulberry32(2);
    const failures: string[] = [];
    for (const query of VALID) expect(checkQuery(query, random)).toBeNull();
    for (let i = 0; i < 3000; i++) {
      const failure = checkQuery(mutate(random, pick(random, VALID)), random);
      if (failure) failures.push(failure);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('arbitrary characters, lone surrogates included, never make the parser throw', () => {
    const random = mulberry32(3);
    const failures: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const query = String.fromCharCode(...Array.from({ length: int(random, 20) }, () => int(random, random() < 0.8 ? 128 : 0x10000)));
      const failure = checkQuery(query, random);
      if (failure) failures.push(failure);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});

describe('matcher properties', () => {
  it('compiled matchers never throw on random events', () => {
    const random = mulberry32(4);
    const asts: QueryNode[] = [];
    while (asts.length < 300) {
      const result = parseQuery(random() < 0.5 ? randomQuery(random) : mutate(random, pick(random, VALID)));
      if (result.ok) asts.push(result.ast);
    }
    const failures: string[] = [];
    for (const ast of asts) {
      const match = compileMatcher(ast);
      for (let i = 0; i < 20; i++) {
        const event = randomEvent(random);
        try {
          match(event);
        } catch (error) {
          failures.push(`${printQuery(ast)} on ${JSON.stringify(event)}: ${String(error)}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('NOT is the complement and OR/AND are the union/intersection', () => {
    const random = mulberry32(5);
    const queries = ['error', 'service:web-app', '@a:>1', 'status:>=warn', 'a*', 'tags:s*', '@http.status_code:*'];
    for (let i = 0; i < 200; i++) {
      const a = pick(random, queries);
      const b = pick(random, queries);
      const [matchA, matchB, matchNot, matchOr, matchAnd] = [a, b, `NOT (${a})`, `(${a}) OR (${b})`, `(${a}) (${b})`].map((q) => {
        const result = parseQuery(q);
        if (!result.ok) throw new Error(result.error.message);
        return compileMatcher(result.ast);
      });
      const event = randomEvent(random);
      expect(matchNot(event)).toBe(!matchA(event));
      expect(matchOr(event)).toBe(matchA(event) || matchB(event));
      expect(matchAnd(event)).toBe(matchA(event) && matchB(event));
    }
  });

  // The SQL backend runs the regexes of patterns.ts; the matcher runs its own glob engine. Same answers.
  it('message matching agrees with the regex of patterns.ts', () => {
    const random = mulberry32(6);
    const patternChars = ['a', 'b', 'A', '_', '-', '.', '😀', '*', '?', '*', '?'];
    const textChars = ['a', 'b', 'A', 'B', '_', '-', '.', ' ', '  ', '\n', '\t', '😀'];
    let compared = 0;
    const mismatches: string[] = [];
    for (let i = 0; i < 2500; i++) {
      const word = Array.from({ length: 1 + int(random, 5) }, () => pick(random, patternChars)).join('');
      const query = random() < 0.3 ? `"${word.replace(/[*?]/g, ' ')}"` : word;
      const result = parseQuery(query);
      if (!result.ok) continue;
      const node = result.ast;
      if (node.kind !== 'message-term' && node.kind !== 'message-phrase' && node.kind !== 'message-wildcard') continue;
      const regex = new RegExp(messageRegexSource(node), 'su');
      const match = compileMatcher(node);
      for (let j = 0; j < 5; j++) {
        const message = Array.from({ length: int(random, 10) }, () => pick(random, textChars)).join('');
        const event: LogEvent = { id: 'e', eventTimestamp: 0, receivedTimestamp: 0, message, severity: 9, tags: {}, attributes: {} };
        if (match(event) !== regex.test(message.toLowerCase())) mismatches.push(`${query} on ${JSON.stringify(message)}`);
        compared++;
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(compared).toBeGreaterThan(6000);
  });

  it('tag wildcards agree with the regex of patterns.ts', () => {
    const random = mulberry32(7);
    const chars = ['a', 'b', 'A', '-', '😀', '*', '?'];
    const mismatches: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const word = Array.from({ length: 1 + int(random, 5) }, () => pick(random, chars)).join('');
      const result = parseQuery(`k:${word}`);
      if (!result.ok || result.ast.kind !== 'tag-wildcard') continue;
      const regex = new RegExp(valueRegexSource(result.ast.pattern), 'su');
      const match = compileMatcher(result.ast);
      for (let j = 0; j < 5; j++) {
        const value = Array.from({ length: int(random, 6) }, () => pick(random, chars.slice(0, 5))).join('');
        const event: LogEvent = { id: 'e', eventTimestamp: 0, receivedTimestamp: 0, message: '', severity: 9, tags: { k: [value] }, attributes: {} };
        if (match(event) !== regex.test(value)) mismatches.push(`k:${word} on ${JSON.stringify(value)}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

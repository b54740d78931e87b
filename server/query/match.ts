import type { LogEvent } from '../model/log-event';
import type { QueryNode, RangeBound, WildcardToken } from './ast';
import { compareText, isWordCode, messageTokens, needsBoundary } from './patterns';

export type EventMatcher = (event: LogEvent) => boolean;

/**
 * Compiles an AST into a predicate over events, with the semantics documented in ast.ts. Everything is
 * prepared here; per event the matcher lower-cases the message at most once and uses plain string
 * operations, no regexes, so no query can make it backtrack. It never throws, whatever the event holds.
 */
export function compileMatcher(ast: QueryNode): EventMatcher {
  return compile(ast, new LowerCasedMessage());
}

class LowerCasedMessage {
  private source: unknown = undefined;
  private lower = '';

  of(event: LogEvent): string {
    const message = event.message;
    if (message !== this.source) {
      this.source = message;
      this.lower = typeof message === 'string' ? message.toLowerCase() : '';
    }
    return this.lower;
  }
}

function compile(node: QueryNode, message: LowerCasedMessage): EventMatcher {
  switch (node.kind) {
    case 'all':
      return () => true;
    case 'and': {
      const tests = cheapestFirst(node.children).map((child) => compile(child, message));
      return (event) => {
        for (const test of tests) if (!test(event)) return false;
        return true;
      };
    }
    case 'or': {
      const tests = cheapestFirst(node.children).map((child) => compile(child, message));
      return (event) => {
        for (const test of tests) if (test(event)) return true;
        return false;
      };
    }
    case 'not': {
      const test = compile(node.child, message);
      return (event) => !test(event);
    }
    case 'message-term':
    case 'message-wildcard': {
      const glob = compileGlob(messageTokens(node), 'words');
      return (event) => glob(message.of(event));
    }
    case 'message-phrase': {
      const phrase = compilePhrase(node.terms.map((term) => term.toLowerCase()));
      return (event) => phrase(message.of(event));
    }
    case 'tag': {
      const { key, value } = node;
      return (event) => tagValues(event.tags, key).includes(value);
    }
    case 'tag-wildcard': {
      const { key } = node;
      const glob = compileGlob(node.pattern, 'anchored');
      return (event) => tagValues(event.tags, key).some((value) => typeof value === 'string' && glob(value));
    }
    case 'tag-exists': {
      const { key } = node;
      return (event) => tagValues(event.tags, key).length > 0;
    }
    case 'tag-key-wildcard': {
      const glob = compileGlob(node.pattern, 'anchored');
      return (event) => {
        const tags = event.tags;
        if (!isObject(tags)) return false;
        for (const key in tags) if (hasOwn(tags, key) && glob(key) && tagValues(tags, key).length > 0) return true;
        return false;
      };
    }
    case 'tag-range': {
      const { key } = node;
      const inRange = compileRange(node.lower, node.upper);
      return (event) => tagValues(event.tags, key).some((value) => typeof value === 'string' && inRange(value));
    }
    case 'attribute': {
      const { value, number } = node;
      return attributeTest(node.path, (candidate) => {
        if (typeof candidate === 'string') return candidate === value;
        if (typeof candidate === 'number') return candidate === number;
        if (typeof candidate === 'boolean') return (candidate ? 'true' : 'false') === value;
        return false;
      });
    }
    case 'attribute-wildcard': {
      const glob = compileGlob(node.pattern, 'anchored');
      return attributeTest(node.path, (candidate) => {
        const text = scalarText(candidate);
        return text !== null && glob(text);
      });
    }
    case 'attribute-exists':
      return attributeTest(node.path, () => true);
    case 'attribute-range':
      return attributeTest(node.path, compileRange(node.lower, node.upper));
    case 'severity': {
      const { min, max } = node;
      return (event) => {
        const severity = event.severity;
        return typeof severity === 'number' && severity >= min && severity <= max;
      };
    }
  }
}

/** Evaluation order inside AND/OR does not change the answer, only how soon it comes. */
function cheapestFirst(children: readonly QueryNode[]): QueryNode[] {
  return children
    .map((child, index) => ({ child, index, cost: cost(child) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map(({ child }) => child);
}

function cost(node: QueryNode): number {
  switch (node.kind) {
    case 'all':
    case 'severity':
      return 0;
    case 'tag':
    case 'tag-exists':
      return 1;
    case 'tag-wildcard':
    case 'tag-range':
      return 2;
    case 'attribute':
    case 'attribute-exists':
    case 'attribute-wildcard':
    case 'attribute-range':
      return 3;
    case 'tag-key-wildcard':
      return 4;
    case 'message-term':
      return 5;
    case 'message-phrase':
    case 'message-wildcard':
      return 6;
    case 'not':
      return cost(node.child);
    case 'and':
    case 'or':
      return node.children.reduce((total, child) => total + cost(child), 0);
  }
}

// ---- tags and attributes ---------------------------------------------------------------------------

const NO_VALUES: readonly unknown[] = [];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

function tagValues(tags: unknown, key: string): readonly unknown[] {
  if (!isObject(tags) || !hasOwn(tags, key)) return NO_VALUES;
  const values = tags[key];
  return Array.isArray(values) ? values : NO_VALUES;
}

/** Whether some value at `path` passes `test` (see ast.ts for how paths and arrays resolve). */
function attributeTest(path: readonly string[], test: (value: unknown) => boolean): EventMatcher {
  const dotted = path.length > 1 ? path.join('.') : null;
  return (event) => {
    const attributes: unknown = event.attributes;
    if (!isObject(attributes)) return false;
    if (walk(attributes, path, 0, test)) return true;
    return dotted !== null && hasOwn(attributes, dotted) && someLeaf(attributes[dotted], test);
  };
}

function walk(object: Record<string, unknown>, path: readonly string[], depth: number, test: (value: unknown) => boolean): boolean {
  const key = path[depth];
  if (!hasOwn(object, key)) return false;
  const next = object[key];
  if (depth === path.length - 1) return someLeaf(next, test);
  if (Array.isArray(next)) {
    for (const item of next) if (isObject(item) && walk(item, path, depth + 1, test)) return true;
    return false;
  }
  return isObject(next) && walk(next, path, depth + 1, test);
}

function someLeaf(value: unknown, test: (value: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return value !== null && value !== undefined && test(value);
  for (const item of value) if (item !== null && item !== undefined && test(item)) return true;
  return false;
}

/** The text a wildcard sees in an attribute value, or null where wildcards do not apply. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return null;
}

/** Strings compare by code point with the bound's text; numbers numerically with numeric bounds. */
function compileRange(lower: RangeBound | null, upper: RangeBound | null): (value: unknown) => boolean {
  const textOk = (value: string) =>
    (lower === null || satisfies(compareText(value, lower.value), lower, 1)) &&
    (upper === null || satisfies(compareText(value, upper.value), upper, -1));
  const numberOk = (value: number) =>
    (lower === null || (lower.number !== null && satisfies(value - lower.number, lower, 1))) &&
    (upper === null || (upper.number !== null && satisfies(value - upper.number, upper, -1)));
  return (value) => {
    if (typeof value === 'string') return textOk(value);
    if (typeof value === 'number' && !Number.isNaN(value)) return numberOk(value);
    return false;
  };
}

/** `difference` is value − bound (its sign is enough); `side` is 1 for a lower bound, −1 for an upper. */
function satisfies(difference: number, bound: RangeBound, side: 1 | -1): boolean {
  const signed = difference * side;
  return bound.inclusive ? signed >= 0 : signed > 0;
}

// ---- wildcards and words ---------------------------------------------------------------------------

/** A run of literal text and `?` between two `*`; null stands for `?`. */
type Segment = readonly (string | null)[];

type Edge = 'free' | 'anchored' | 'boundary';

/**
 * Compiles wildcard tokens into a linear-time test. `anchored`: the whole string must match (tags and
 * attributes). `words`: the pattern may match anywhere, but an edge that is a word character or `?`
 * may not touch another word character (messages; the text is already lower-cased).
 * Middle segments take their leftmost match, which is always as good as any later one.
 */
function compileGlob(tokens: readonly WildcardToken[], mode: 'anchored' | 'words'): (text: string) => boolean {
  const leadingStar = tokens[0]?.kind === 'any-run';
  const trailingStar = tokens.at(-1)?.kind === 'any-run';
  const segments: Segment[] = [];
  let current: (string | null)[] = [];
  for (const token of tokens) {
    if (token.kind === 'any-run') {
      if (current.length > 0) segments.push(current);
      current = [];
    } else current.push(token.kind === 'text' ? token.text : null);
  }
  if (current.length > 0) segments.push(current);

  const edge = (at: 0 | -1): Edge =>
    mode === 'anchored' ? 'anchored' : needsBoundary(tokens, at) ? 'boundary' : 'free';
  const start: Edge = leadingStar ? 'free' : edge(0);
  const end: Edge = trailingStar ? 'free' : edge(-1);
  const n = segments.length;

  if (n === 0) return leadingStar || mode === 'words' ? () => true : (text) => text === '';
  return (text) => {
    let cursor = 0;
    let next = 0;
    if (!leadingStar) {
      if (n === 1 && !trailingStar) return findSegment(text, segments[0], 0, start, end) >= 0;
      cursor = findSegment(text, segments[0], 0, start, 'free');
      if (cursor < 0) return false;
      next = 1;
    }
    const free = trailingStar ? n : n - 1;
    for (let i = next; i < free; i++) {
      cursor = findSegment(text, segments[i], cursor, 'free', 'free');
      if (cursor < 0) return false;
    }
    return trailingStar || findSegment(text, segments[n - 1], cursor, 'free', end) >= 0;
  };
}

/** The end of the leftmost match of `segment` at or after `from` whose edges qualify, or −1. */
function findSegment(text: string, segment: Segment, from: number, start: Edge, end: Edge): number {
  if (start === 'anchored') {
    if (from !== 0) return -1;
    const stop = matchAt(text, segment, 0);
    return stop >= 0 && endOk(text, stop, end) ? stop : -1;
  }
  const head = segment[0];
  if (head !== null) {
    for (let at = text.indexOf(head, from); at >= 0; at = text.indexOf(head, at + 1)) {
      if (start === 'boundary' && at > 0 && isWordCode(text.charCodeAt(at - 1))) continue;
      const stop = matchAt(text, segment, at);
      if (stop >= 0 && endOk(text, stop, end)) return stop;
    }
    return -1;
  }
  for (let at = from; at < text.length; at++) {
    if (at > 0 && isLowSurrogate(text.charCodeAt(at)) && isHighSurrogate(text.charCodeAt(at - 1))) continue;
    if (start === 'boundary' && at > 0 && isWordCode(text.charCodeAt(at - 1))) continue;
    const stop = matchAt(text, segment, at);
    if (stop >= 0 && endOk(text, stop, end)) return stop;
  }
  return -1;
}

function endOk(text: string, stop: number, end: Edge): boolean {
  if (end === 'free') return true;
  if (end === 'anchored') return stop === text.length;
  return stop === text.length || !isWordCode(text.charCodeAt(stop));
}

/** Where `segment` ends when matched at `at`, or −1; `?` takes one code point. */
function matchAt(text: string, segment: Segment, at: number): number {
  let position = at;
  for (const part of segment) {
    if (part === null) {
      if (position >= text.length) return -1;
      const pair =
        isHighSurrogate(text.charCodeAt(position)) &&
        position + 1 < text.length &&
        isLowSurrogate(text.charCodeAt(position + 1));
      position += pair ? 2 : 1;
    } else {
      if (!text.startsWith(part, position)) return -1;
      position += part.length;
    }
  }
  return position;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** Terms in order, each separated from the next by whitespace, with word edges like a single term. */
function compilePhrase(terms: readonly string[]): (text: string) => boolean {
  const first = terms[0];
  const last = terms[terms.length - 1];
  const boundaryStart = isWordCode(first.charCodeAt(0));
  const boundaryEnd = isWordCode(last.charCodeAt(last.length - 1));
  return (text) => {
    for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
      if (boundaryStart && at > 0 && isWordCode(text.charCodeAt(at - 1))) continue;
      let stop = at + first.length;
      let matched = true;
      for (let i = 1; i < terms.length; i++) {
        let next = stop;
        while (next < text.length && isSpaceCode(text.charCodeAt(next))) next++;
        if (next === stop || !text.startsWith(terms[i], next)) {
          matched = false;
          break;
        }
        stop = next + terms[i].length;
      }
      if (matched && (!boundaryEnd || stop === text.length || !isWordCode(text.charCodeAt(stop)))) return true;
    }
    return false;
  };
}

/** The whitespace of patterns.ts: space, \t, \n, \v, \f, \r. */
const isSpaceCode = (code: number) => code === 32 || (code >= 9 && code <= 13);

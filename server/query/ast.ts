/**
 * The Datadog search AST. Two backends read it and must agree on every query: the in-memory matcher
 * (match.ts) and the SQL compiler over the raw store. The semantics each node owes:
 *
 * Message (`message-*`): case-insensitive — both sides go through JS `toLowerCase()` — and anchored on
 * word boundaries. A word character is ASCII `[A-Za-z0-9_]`. Where the pattern's first character is a
 * word character (or a `?`), the match must start the message or follow a non-word character; likewise
 * at its end. `*` spans any characters, newlines included; `?` is exactly one code point. Phrase terms
 * are separated in the message by one or more of ` \t\n\r\f\v`. patterns.ts spells all this as a regex
 * source both JS and Postgres accept.
 *
 * Tags (`tag-*`): keys and values are case-sensitive. A tag matches when any of its values does; a key
 * "exists" when it has at least one value. Ranges on tags compare strings by code point.
 *
 * Attributes (`attribute-*`): case-sensitive. `path` walks nested objects; an array met on the way (or at
 * the end) is unwrapped one level, and a top-level key equal to the dotted path also counts, so OTel's
 * flat `http.status_code` matches `@http.status_code`. Among the values found:
 * - equality: a string equals `value`; a number equals `number`; a boolean's `true`/`false` equals `value`;
 * - wildcards: strings, booleans as `true`/`false`, and safe integers as their decimal text;
 * - ranges: numbers compare numerically with numeric bounds, strings by code point with the bound's text,
 *   and anything else never satisfies a bound; all bounds must hold for one value;
 * - existence: any value other than null.
 *
 * Severity: OTel severity number, `min <= severity <= max`.
 */
import { severityToStatus, STATUS_SEVERITY } from '../ingest/severity';

export type QueryNode =
  | AllNode
  | AndNode
  | OrNode
  | NotNode
  | MessageTermNode
  | MessagePhraseNode
  | MessageWildcardNode
  | TagNode
  | TagWildcardNode
  | TagExistsNode
  | TagKeyWildcardNode
  | TagRangeNode
  | AttributeNode
  | AttributeWildcardNode
  | AttributeExistsNode
  | AttributeRangeNode
  | SeverityNode;

/** Matches every event: the empty query, and `*`. `NOT *` matches none. */
export interface AllNode {
  kind: 'all';
}
/** Two or more children, flattened and without duplicates. */
export interface AndNode {
  kind: 'and';
  children: QueryNode[];
}
export interface OrNode {
  kind: 'or';
  children: QueryNode[];
}
export interface NotNode {
  kind: 'not';
  child: QueryNode;
}

/** One term without whitespace, as typed: `error`, `message:"timeout"`. */
export interface MessageTermNode {
  kind: 'message-term';
  term: string;
}
/** Two or more terms that must appear in order, separated by whitespace: `"connection timeout"`. */
export interface MessagePhraseNode {
  kind: 'message-phrase';
  terms: string[];
}
/** `auth*`, `*timeout*`, `f?o`. */
export interface MessageWildcardNode {
  kind: 'message-wildcard';
  pattern: WildcardToken[];
}

/** `service:web-app`, `env:"staging environment"`. */
export interface TagNode {
  kind: 'tag';
  key: string;
  value: string;
}
/** `service:web-*`: the whole value must match. */
export interface TagWildcardNode {
  kind: 'tag-wildcard';
  key: string;
  pattern: WildcardToken[];
}
/** `tags:service`, `service:*`. */
export interface TagExistsNode {
  kind: 'tag-exists';
  key: string;
}
/** `tags:serv*`: some key matching the pattern has a value. */
export interface TagKeyWildcardNode {
  kind: 'tag-key-wildcard';
  pattern: WildcardToken[];
}
/** `host:[a TO m]`, `host:>=jimmy`. At least one bound may be absent (open). */
export interface TagRangeNode {
  kind: 'tag-range';
  key: string;
  lower: RangeBound | null;
  upper: RangeBound | null;
}

/** `@user.id:12345`. `number` is `value` read as a number, when it is one. */
export interface AttributeNode {
  kind: 'attribute';
  path: string[];
  value: string;
  number: number | null;
}
export interface AttributeWildcardNode {
  kind: 'attribute-wildcard';
  path: string[];
  pattern: WildcardToken[];
}
/** `@user.id:*`. */
export interface AttributeExistsNode {
  kind: 'attribute-exists';
  path: string[];
}
/** `@duration:[100 TO 500]`, `@http.status_code:>=500`. */
export interface AttributeRangeNode {
  kind: 'attribute-range';
  path: string[];
  lower: RangeBound | null;
  upper: RangeBound | null;
}

/** `status:error` → 17..17, `status:>=warn` → 13..24. Bounds are inclusive and 1 ≤ min ≤ max ≤ 24. */
export interface SeverityNode {
  kind: 'severity';
  min: number;
  max: number;
}

export interface RangeBound {
  value: string;
  /** `value` as a number, when it is one; attributes compare numbers numerically with it. */
  number: number | null;
  inclusive: boolean;
}

/** Literal text, `*` (any run of characters, possibly empty) or `?` (exactly one code point). */
export type WildcardToken = { kind: 'text'; text: string } | { kind: 'any-run' } | { kind: 'any-char' };

export const ALL: AllNode = { kind: 'all' };
export const NONE: NotNode = { kind: 'not', child: ALL };

const isNone = (node: QueryNode) => node.kind === 'not' && node.child.kind === 'all';

/** AND with the tree kept normal: nested ANDs flattened, `*` and duplicates dropped, `NOT *` absorbing. */
export function and(children: readonly QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const child of children) {
    if (child.kind === 'and') flat.push(...child.children);
    else if (child.kind !== 'all') flat.push(child);
  }
  if (flat.some(isNone)) return NONE;
  const unique = dedupe(flat);
  if (unique.length === 0) return ALL;
  return unique.length === 1 ? unique[0] : { kind: 'and', children: unique };
}

/** OR with the tree kept normal: nested ORs flattened, `NOT *` and duplicates dropped, `*` absorbing. */
export function or(children: readonly QueryNode[]): QueryNode {
  const flat: QueryNode[] = [];
  for (const child of children) {
    if (child.kind === 'or') flat.push(...child.children);
    else if (!isNone(child)) flat.push(child);
  }
  if (flat.some((child) => child.kind === 'all')) return ALL;
  const unique = dedupe(flat);
  if (unique.length === 0) return NONE;
  return unique.length === 1 ? unique[0] : { kind: 'or', children: unique };
}

export function not(child: QueryNode): QueryNode {
  return child.kind === 'not' ? child.child : { kind: 'not', child };
}

function dedupe(nodes: QueryNode[]): QueryNode[] {
  if (nodes.length < 2) return nodes;
  const seen = new Set<string>();
  return nodes.filter((node) => {
    const key = JSON.stringify(node);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A severity range, or `NOT *` when it is empty. */
export function severity(min: number, max: number): QueryNode {
  const lo = Math.max(min, SEVERITY_MIN);
  const hi = Math.min(max, SEVERITY_MAX);
  return lo > hi ? NONE : { kind: 'severity', min: lo, max: hi };
}

export const SEVERITY_MIN = 1;
export const SEVERITY_MAX = 24;

export interface StatusRange {
  status: string;
  min: number;
  max: number;
}

/**
 * The statuses Weir reports for severities (what its Datadog and Splunk sinks send), in order, with the
 * severities each covers: trace 1–4, debug 5–8, info 9, notice 10–12, warn 13–16, error 17,
 * critical 18–20, alert 21, emergency 22–24. `status:X` matches exactly the events reported as X,
 * and comparisons follow Datadog's order of statuses.
 */
export const STATUS_RANGES: readonly StatusRange[] = (() => {
  const ranges: StatusRange[] = [];
  for (let n = SEVERITY_MIN; n <= SEVERITY_MAX; n++) {
    const status = severityToStatus(n);
    const last = ranges.at(-1);
    if (last?.status === status) last.max = n;
    else ranges.push({ status, min: n, max: n });
  }
  return ranges;
})();

/** OTel's FATAL (21–24) is no Datadog status, but users of OTel will write it. */
const OTEL_FATAL = { min: 21, max: 24 };

/**
 * The severities a status word in a query stands for, if it names a status: any word the ingest
 * understands exactly (`err`, `warning`, `ok`, case-insensitive) covers the range of the status
 * it is reported as; `fatal` covers OTel's FATAL range.
 */
export function statusBand(word: string): { min: number; max: number } | undefined {
  const key = word.toLowerCase();
  if (key === 'fatal') return OTEL_FATAL;
  if (!Object.hasOwn(STATUS_SEVERITY, key)) return undefined;
  const status = severityToStatus(STATUS_SEVERITY[key]);
  return STATUS_RANGES.find((range) => range.status === status);
}

import { parseQuery, type QueryNode, type WildcardToken } from '@/server/query';
import { printWildcard } from '@/server/query/print';

/**
 * Editing the query text from clicks (a facet value, a tag in an event's details) without rewriting what the
 * user typed: clauses are appended, or flipped between `key:value` and `-key:value` where they already are.
 *
 * A field is written as the facets name it: `service` (a tag key), `status`, or `@http.status_code`.
 */

const quote = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;
/** A backslash before every ASCII character that is not a letter, digit, `_` or `-`: never ambiguous. */
const escapeName = (text: string) => text.replace(/[\x00-\x2c\x2e\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x7f]/g, '\\$&');

function fieldText(field: string): string {
  if (field.startsWith('@')) return `@${field.slice(1).split('.').map(escapeName).join('.')}`;
  return escapeName(field);
}

/** Whether `clause` parses to a single filter on `field` with exactly `value` (no wildcard, no range). */
function meansExactly(clause: string, field: string, value: string): boolean {
  const parsed = parseQuery(clause);
  if (!parsed.ok) return false;
  const node: QueryNode = parsed.ast;
  if (field === 'status') return node.kind === 'severity' || (node.kind === 'tag' && node.key === 'status' && node.value === value);
  if (field.startsWith('@')) return node.kind === 'attribute' && node.value === value && node.path.join('.') === field.slice(1);
  return node.kind === 'tag' && node.key === field && node.value === value;
}

/** `service:web-1`, or `service:"two words"` when the value needs quoting. */
export function filterClause(field: string, value: string): string {
  const name = fieldText(field);
  const bare = `${name}:${value}`;
  if (value !== '' && !/^[-!+]/.test(value) && meansExactly(bare, field, value)) return bare;
  return `${name}:${quote(value)}`;
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where `clause` stands in the query as a whole term, negated or not. */
function findClause(query: string, clause: string): { index: number; length: number; negated: boolean } | undefined {
  const pattern = new RegExp(`(^|[\\s(])(-|NOT\\s+)?${escapeRegExp(clause)}(?=$|[\\s)])`);
  const match = pattern.exec(query);
  if (!match) return undefined;
  const index = match.index + match[1].length;
  return { index, length: match[0].length - match[1].length, negated: match[2] !== undefined };
}

export type FilterState = 'include' | 'exclude' | undefined;

export function filterState(query: string, field: string, value: string): FilterState {
  const found = findClause(query, filterClause(field, value));
  return found ? (found.negated ? 'exclude' : 'include') : undefined;
}

function tidy(query: string) {
  return query.replace(/\s+/g, ' ').replace(/\(\s+/g, '(').replace(/\s+\)/g, ')').trim();
}

/** Adds `field:value` (or `-field:value`), replacing the opposite clause when it is already there. */
export function addFilter(query: string, field: string, value: string, exclude = false): string {
  const clause = filterClause(field, value);
  const wanted = exclude ? `-${clause}` : clause;
  const found = findClause(query, clause);
  if (found) {
    if (found.negated === exclude) return query;
    return tidy(query.slice(0, found.index) + wanted + query.slice(found.index + found.length));
  }
  const trimmed = query.trim();
  if (trimmed === '' || trimmed === '*') return wanted;
  const parsed = parseQuery(trimmed);
  // Appending to `a OR b` would bind to `b` alone.
  const base = parsed.ok && parsed.ast.kind === 'or' ? `(${trimmed})` : trimmed;
  return `${base} ${wanted}`;
}

/** Removes the clause for `field:value`, negated or not. */
export function removeFilter(query: string, field: string, value: string): string {
  const found = findClause(query, filterClause(field, value));
  if (!found) return query;
  return tidy(query.slice(0, found.index) + query.slice(found.index + found.length)).replace(/^\(\)$/, '');
}

/**
 * A query matching the messages of a reducer pattern: its placeholders (`<*>`, `<number>`) become `*`.
 * Without placeholders it is the exact phrase.
 */
export function patternQuery(template: string): string {
  const parts = template.split(/<[a-z*]+>/);
  if (parts.length === 1) return quote(template);
  const tokens: WildcardToken[] = [];
  parts.forEach((text, index) => {
    if (index > 0 && tokens.at(-1)?.kind !== 'any-run') tokens.push({ kind: 'any-run' });
    if (text) tokens.push({ kind: 'text', text });
  });
  const canonical = printWildcard(tokens);
  // Escaping only what the parser would read otherwise keeps the query readable; the canonical form is the fallback.
  const readable = tokens
    .map((token, index) =>
      token.kind === 'any-run'
        ? '*'
        : token.kind === 'any-char'
          ? '?'
          : token.text.replace(/[\s()"':\\*?]/g, '\\$&').replace(/^[-!+]/, (sign) => (index === 0 ? `\\${sign}` : sign)),
    )
    .join('');
  const same = (a: string, b: string) => {
    const left = parseQuery(a);
    const right = parseQuery(b);
    return left.ok && right.ok && JSON.stringify(left.ast) === JSON.stringify(right.ast);
  };
  return same(readable, canonical) ? readable : canonical;
}

import { STATUS_RANGES, type QueryNode, type RangeBound, type WildcardToken } from './ast';

/**
 * Writes an AST back as query text that parses to the same AST (for every AST the parser produces).
 * Values are quoted, so the output is canonical rather than pretty.
 */
export function printQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'all':
      return '*';
    case 'and':
      return node.children.map((child) => (child.kind === 'or' ? `(${printQuery(child)})` : printQuery(child))).join(' AND ');
    case 'or':
      return node.children.map(printQuery).join(' OR ');
    case 'not': {
      const inner = printQuery(node.child);
      return node.child.kind === 'and' || node.child.kind === 'or' ? `NOT (${inner})` : `NOT ${inner}`;
    }
    case 'message-term':
      return quote(node.term);
    case 'message-phrase':
      return quote(node.terms.join(' '));
    case 'message-wildcard':
      return printWildcard(node.pattern);
    case 'tag':
      return `${escapeWord(node.key)}:${quote(node.value)}`;
    case 'tag-wildcard':
      return `${escapeWord(node.key)}:${printWildcard(node.pattern)}`;
    case 'tag-exists':
      return `tags:${quote(node.key)}`;
    case 'tag-key-wildcard':
      return `tags:${printWildcard(node.pattern)}`;
    case 'tag-range':
      return `${escapeWord(node.key)}:${printRange(node.lower, node.upper)}`;
    case 'attribute':
      return `${printPath(node.path)}:${quote(node.value)}`;
    case 'attribute-wildcard':
      return `${printPath(node.path)}:${printWildcard(node.pattern)}`;
    case 'attribute-exists':
      return `${printPath(node.path)}:*`;
    case 'attribute-range':
      return `${printPath(node.path)}:${printRange(node.lower, node.upper)}`;
    case 'severity':
      return printSeverity(node.min, node.max);
  }
}

const quote = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;

/** Backslash before every ASCII character that is not a letter or digit: always safe, never ambiguous. */
const escapeWord = (text: string) => text.replace(/[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/g, '\\$&');

const printPath = (path: readonly string[]) => `@${path.map(escapeWord).join('.')}`;

export function printWildcard(tokens: readonly WildcardToken[]): string {
  return tokens
    .map((token) => (token.kind === 'text' ? escapeWord(token.text) : token.kind === 'any-run' ? '*' : '?'))
    .join('');
}

function printRange(lower: RangeBound | null, upper: RangeBound | null): string {
  if (lower && !upper) return `${lower.inclusive ? '>=' : '>'}${quote(lower.value)}`;
  if (upper && !lower) return `${upper.inclusive ? '<=' : '<'}${quote(upper.value)}`;
  const open = lower && !lower.inclusive ? '{' : '[';
  const close = upper && !upper.inclusive ? '}' : ']';
  return `${open}${lower ? quote(lower.value) : '*'} TO ${upper ? quote(upper.value) : '*'}${close}`;
}

/** Severity bounds are written as the statuses they fall in (the parser only makes whole statuses). */
function printSeverity(min: number, max: number): string {
  const low = (STATUS_RANGES.find((range) => min <= range.max) ?? STATUS_RANGES[STATUS_RANGES.length - 1]).status;
  const high = (STATUS_RANGES.findLast((range) => max >= range.min) ?? STATUS_RANGES[0]).status;
  if (low === high) return `status:${low}`;
  if (min <= 1) return `status:<=${high}`;
  if (max >= 24) return `status:>=${low}`;
  return `status:[${low} TO ${high}]`;
}

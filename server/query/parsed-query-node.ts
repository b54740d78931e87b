import type { QueryNode, RangeBound, WildcardToken } from './ast';
import { printWildcard } from './print';

/** Grepr's `ParsedQueryNode` JSON (the subset Weir's parser produces), as `POST /api/v1/query/parse` returns it. */
export type ParsedQueryNode =
  | { type: 'all-query-node' }
  | { type: 'and-query-node'; expressions: ParsedQueryNode[] }
  | { type: 'or-query-node'; expressions: ParsedQueryNode[] }
  | { type: 'not-query-node'; expression: ParsedQueryNode }
  | { type: 'message-node'; term: string }
  | { type: 'phrase-node'; terms: string[] }
  | { type: 'message-wildcard-node'; wildcard: string }
  | { type: 'tag-node'; tagKey: string; tagValue: string }
  | { type: 'tag-wildcard-node'; tagKey: string; wildcard: string }
  | { type: 'tag-prefix-node'; tagKey: string; prefix: string }
  | { type: 'tag-key-node'; tagKey: string }
  | { type: 'tag-key-wildcard-node'; wildcard: string }
  | { type: 'tag-key-prefix-node'; prefix: string }
  | { type: 'tag-comparator-node'; tagKey: string; comparator: Comparator; term: string }
  | { type: 'attribute-node'; attribute: string; term: string }
  | { type: 'attribute-wildcard-node'; attribute: string; wildcard: string }
  | { type: 'attribute-prefix-node'; attribute: string; prefix: string }
  | { type: 'attribute-key-term-node'; attribute: string }
  | { type: 'attribute-comparator-node'; attribute: string; comparator: Comparator; term: string }
  | { type: 'severity-node'; comparator: Comparator; severity: number };

export type Comparator = 'GREATER_THAN' | 'GREATER_THAN_OR_EQUAL' | 'LESS_THAN' | 'LESS_THAN_OR_EQUAL' | 'EQUAL' | 'NOT_EQUAL';

/** Grepr's `ParseQueryResponse`. */
export interface ParseQueryResponse {
  valid: boolean;
  errorMessage?: string;
  parsedQuery?: { root: ParsedQueryNode };
}

/**
 * Converts Weir's AST to Grepr's node JSON. Ranges become comparator nodes (two under an AND when both
 * ends are bounded), a range with no bounds becomes a key node, and `literal*` patterns become prefix nodes.
 */
export function toParsedQueryNode(node: QueryNode): ParsedQueryNode {
  switch (node.kind) {
    case 'all':
      return { type: 'all-query-node' };
    case 'and':
      return { type: 'and-query-node', expressions: node.children.map(toParsedQueryNode) };
    case 'or':
      return { type: 'or-query-node', expressions: node.children.map(toParsedQueryNode) };
    case 'not':
      return { type: 'not-query-node', expression: toParsedQueryNode(node.child) };
    case 'message-term':
      return { type: 'message-node', term: node.term };
    case 'message-phrase':
      return { type: 'phrase-node', terms: node.terms };
    case 'message-wildcard':
      return { type: 'message-wildcard-node', wildcard: printWildcard(node.pattern) };
    case 'tag':
      return { type: 'tag-node', tagKey: node.key, tagValue: node.value };
    case 'tag-wildcard': {
      const prefix = prefixOf(node.pattern);
      return prefix === null
        ? { type: 'tag-wildcard-node', tagKey: node.key, wildcard: printWildcard(node.pattern) }
        : { type: 'tag-prefix-node', tagKey: node.key, prefix };
    }
    case 'tag-exists':
      return { type: 'tag-key-node', tagKey: node.key };
    case 'tag-key-wildcard': {
      const prefix = prefixOf(node.pattern);
      return prefix === null
        ? { type: 'tag-key-wildcard-node', wildcard: printWildcard(node.pattern) }
        : { type: 'tag-key-prefix-node', prefix };
    }
    case 'tag-range':
      return comparators(node.lower, node.upper, { type: 'tag-key-node', tagKey: node.key }, (comparator, term) => ({
        type: 'tag-comparator-node',
        tagKey: node.key,
        comparator,
        term,
      }));
    case 'attribute':
      return { type: 'attribute-node', attribute: attributeName(node.path), term: node.value };
    case 'attribute-wildcard': {
      const attribute = attributeName(node.path);
      const prefix = prefixOf(node.pattern);
      return prefix === null
        ? { type: 'attribute-wildcard-node', attribute, wildcard: printWildcard(node.pattern) }
        : { type: 'attribute-prefix-node', attribute, prefix };
    }
    case 'attribute-exists':
      return { type: 'attribute-key-term-node', attribute: attributeName(node.path) };
    case 'attribute-range': {
      const attribute = attributeName(node.path);
      return comparators(node.lower, node.upper, { type: 'attribute-key-term-node', attribute }, (comparator, term) => ({
        type: 'attribute-comparator-node',
        attribute,
        comparator,
        term,
      }));
    }
    case 'severity':
      if (node.min === node.max) return { type: 'severity-node', comparator: 'EQUAL', severity: node.min };
      return {
        type: 'and-query-node',
        expressions: [
          { type: 'severity-node', comparator: 'GREATER_THAN_OR_EQUAL', severity: node.min },
          { type: 'severity-node', comparator: 'LESS_THAN_OR_EQUAL', severity: node.max },
        ],
      };
  }
}

/** Dots inside a path segment are escaped, as the query syntax writes them. */
const attributeName = (path: readonly string[]) => path.map((segment) => segment.replace(/[\\.]/g, '\\$&')).join('.');

function prefixOf(pattern: readonly WildcardToken[]): string | null {
  return pattern.length === 2 && pattern[0].kind === 'text' && pattern[1].kind === 'any-run' ? pattern[0].text : null;
}

function comparators(
  lower: RangeBound | null,
  upper: RangeBound | null,
  unbounded: ParsedQueryNode,
  make: (comparator: Comparator, term: string) => ParsedQueryNode,
): ParsedQueryNode {
  const nodes: ParsedQueryNode[] = [];
  if (lower) nodes.push(make(lower.inclusive ? 'GREATER_THAN_OR_EQUAL' : 'GREATER_THAN', lower.value));
  if (upper) nodes.push(make(upper.inclusive ? 'LESS_THAN_OR_EQUAL' : 'LESS_THAN', upper.value));
  if (nodes.length === 0) return unbounded;
  return nodes.length === 1 ? nodes[0] : { type: 'and-query-node', expressions: nodes };
}

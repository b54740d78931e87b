import type { LogEvent } from '../model/log-event';
import type { QueryNode } from './ast';
import { compileMatcher } from './match';
import { parseQuery } from './parse';
import { toParsedQueryNode, type ParseQueryResponse } from './parsed-query-node';

export type CompiledPredicate =
  | { ok: true; match: (event: LogEvent) => boolean; ast: QueryNode }
  | { ok: false; message: string; position: number };

/** Compiles a `{type: "datadog-query"}` predicate into an event matcher, or a positioned syntax error. */
export function compilePredicate(predicate: { type: 'datadog-query'; query: string }): CompiledPredicate {
  const parsed = parseQuery(predicate.query);
  if (!parsed.ok) return { ok: false, message: parsed.error.message, position: parsed.error.position };
  return { ok: true, match: compileMatcher(parsed.ast), ast: parsed.ast };
}

/** The answer of `POST /api/v1/query/parse` for a Datadog query, in Grepr's shape. */
export function parseQueryResponse(text: string): ParseQueryResponse {
  const parsed = parseQuery(text);
  if (!parsed.ok) return { valid: false, errorMessage: parsed.error.message };
  return { valid: true, parsedQuery: { root: toParsedQueryNode(parsed.ast) } };
}

export * from './ast';
export { parseQuery, type ParseResult, type QuerySyntaxError } from './parse';
export { compileMatcher, type EventMatcher } from './match';
export { printQuery } from './print';
export { toParsedQueryNode, type ParsedQueryNode, type ParseQueryResponse, type Comparator } from './parsed-query-node';
export { messageRegexSource, valueRegexSource, compareText, parseNumber } from './patterns';

import { describe, expect, it } from 'vitest';
import { compilePredicate, parseQueryResponse } from './index';

describe('compilePredicate', () => {
  it('a valid predicate compiles to a matcher and its AST', () => {
    const compiled = compilePredicate({ type: 'datadog-query', query: 'service:api status:error' });
    expect(compiled.ok).toBe(true);
    if (!compiled.ok) return;
    expect(compiled.ast).toEqual({
      kind: 'and',
      children: [
        { kind: 'tag', key: 'service', value: 'api' },
        { kind: 'severity', min: 17, max: 17 },
      ],
    });
    const base = { id: 'e', eventTimestamp: 0, receivedTimestamp: 0, message: 'boom', attributes: {} };
    expect(compiled.match({ ...base, severity: 17, tags: { service: ['api'] } })).toBe(true);
    expect(compiled.match({ ...base, severity: 18, tags: { service: ['api'] } })).toBe(false);
  });

  it('a bad predicate is an error with its position', () => {
    expect(compilePredicate({ type: 'datadog-query', query: '(service:api' })).toEqual({
      ok: false,
      message: "unclosed '(' at 0",
      position: 0,
    });
  });
});

describe('parseQueryResponse (POST /api/v1/query/parse)', () => {
  it('answers Grepr-shaped nodes for a valid query', () => {
    expect(parseQueryResponse('error "a b" f?o* service:web-* service:api tags:env tags:en* -@user.id:5')).toEqual({
      valid: true,
      parsedQuery: {
        root: {
          type: 'and-query-node',
          expressions: [
            { type: 'message-node', term: 'error' },
            { type: 'phrase-node', terms: ['a', 'b'] },
            { type: 'message-wildcard-node', wildcard: 'f?o*' },
            { type: 'tag-prefix-node', tagKey: 'service', prefix: 'web-' },
            { type: 'tag-node', tagKey: 'service', tagValue: 'api' },
            { type: 'tag-key-node', tagKey: 'env' },
            { type: 'tag-key-prefix-node', prefix: 'en' },
            { type: 'not-query-node', expression: { type: 'attribute-node', attribute: 'user.id', term: '5' } },
          ],
        },
      },
    });
  });

  it('ranges become comparator nodes and status becomes severity nodes', () => {
    expect(parseQueryResponse('@t:[1 TO 5} OR host:>m OR @a.b:* OR status:warn OR status:<=debug OR status:error')).toEqual({
      valid: true,
      parsedQuery: {
        root: {
          type: 'or-query-node',
          expressions: [
            {
              type: 'and-query-node',
              expressions: [
                { type: 'attribute-comparator-node', attribute: 't', comparator: 'GREATER_THAN_OR_EQUAL', term: '1' },
                { type: 'attribute-comparator-node', attribute: 't', comparator: 'LESS_THAN', term: '5' },
              ],
            },
            { type: 'tag-comparator-node', tagKey: 'host', comparator: 'GREATER_THAN', term: 'm' },
            { type: 'attribute-key-term-node', attribute: 'a.b' },
            {
              type: 'and-query-node',
              expressions: [
                { type: 'severity-node', comparator: 'GREATER_THAN_OR_EQUAL', severity: 13 },
                { type: 'severity-node', comparator: 'LESS_THAN_OR_EQUAL', severity: 16 },
              ],
            },
            {
              type: 'and-query-node',
              expressions: [
                { type: 'severity-node', comparator: 'GREATER_THAN_OR_EQUAL', severity: 1 },
                { type: 'severity-node', comparator: 'LESS_THAN_OR_EQUAL', severity: 8 },
              ],
            },
            { type: 'severity-node', comparator: 'EQUAL', severity: 17 },
          ],
        },
      },
    });
  });

  it('the empty query is all-query-node', () => {
    expect(parseQueryResponse('')).toEqual({ valid: true, parsedQuery: { root: { type: 'all-query-node' } } });
  });

  it('an invalid query says why and where', () => {
    expect(parseQueryResponse('service:web-app x) ')).toEqual({ valid: false, errorMessage: "unexpected ')' at 17" });
  });
});

import { describe, expect, it } from 'vitest';
import { parseQuery } from '@/server/query';
import { compileMatcher } from '@/server/query/match';
import type { LogEvent } from '@/server/model/log-event';
import { fieldOptions, valueOptions, suggestionsFromEvents } from './field-suggestions';
import { withPattern } from './pipeline-draft';
import { addFilter, filterState, patternQuery, removeFilter } from './query-edit';
import { completionContext, tokenizeQuery } from './query-tokens';
import { describeRange, resolveRange } from './time-range';
import { readView, viewSearch } from './url-state';

const event = (message: string, extra: Partial<LogEvent> = {}): LogEvent => ({
  id: message,
  eventTimestamp: 0,
  receivedTimestamp: 0,
  message,
  severity: 9,
  tags: {},
  attributes: {},
  ...extra,
});

describe('clicking a value edits the query text', () => {
  it('appends key:value to what the user typed', () => {
    expect(addFilter('error', 'service', 'web')).toBe('error service:web');
    expect(addFilter('', '@http.status_code', '500')).toBe('@http.status_code:500');
  });

  it('wraps a top-level OR before appending, so the filter applies to all of it', () => {
    expect(addFilter('a OR b', 'service', 'web')).toBe('(a OR b) service:web');
  });

  it('flips between include and exclude instead of adding a second clause', () => {
    expect(addFilter('x service:web y', 'service', 'web', true)).toBe('x -service:web y');
    expect(addFilter('x -service:web y', 'service', 'web')).toBe('x service:web y');
    expect(addFilter('service:web', 'service', 'web')).toBe('service:web');
  });

  it('quotes values the parser would otherwise read as syntax', () => {
    for (const value of ['two words', '-neg', 'a*b', 'say "hi"', 'OR']) {
      const query = addFilter('', 'service', value);
      const parsed = parseQuery(query);
      expect(parsed.ok && parsed.ast).toEqual({ kind: 'tag', key: 'service', value });
    }
  });

  it('knows which clauses are in the query, and removes them', () => {
    expect(filterState('service:web -host:a', 'service', 'web')).toBe('include');
    expect(filterState('service:web -host:a', 'host', 'a')).toBe('exclude');
    expect(filterState('service:webby', 'service', 'web')).toBeUndefined();
    expect(removeFilter('a service:web b', 'service', 'web')).toBe('a b');
  });
});

describe('a pattern becomes a query', () => {
  it('matches exactly the messages of the pattern', () => {
    const query = patternQuery('user <*> signed in from <ipport>');
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const matches = compileMatcher(parsed.ast);
    expect(matches(event('user alice signed in from 10.0.0.1'))).toBe(true);
    expect(matches(event('user alice signed out from 10.0.0.1'))).toBe(false);
  });

  it('escapes quotes, colons and parentheses but stays readable', () => {
    expect(patternQuery('<ipport> - - "GET /<*> HTTP/1.1"')).toBe('*\\ -\\ -\\ \\"GET\\ /*\\ HTTP/1.1\\"');
  });
});

describe('a pattern goes into a pipeline draft', () => {
  const graph = {
    vertices: [
      { type: 'datadog-log-agent-source', name: 'agents', integrationId: 'i' },
      { type: 'log-reducer', name: 'reduce' },
      { type: 'discarding-sink', name: 'out' },
    ],
    edges: ['agents -> reduce', 'reduce -> out'],
  };

  it('as an inverted filter between the sources and the rest', () => {
    const updated = withPattern(graph, 'noisy', 'drop')!;
    expect(updated.vertices.at(-1)).toEqual({ type: 'logs-filter', name: 'drop_pattern', predicate: { type: 'datadog-query', query: 'noisy' }, inverted: true });
    expect(updated.edges).toEqual(['agents -> drop_pattern', 'drop_pattern -> reduce', 'reduce -> out']);
  });

  it('as a reducer exception, or not at all without a reducer', () => {
    const updated = withPattern(graph, 'noisy', 'exception')!;
    expect(updated.vertices[1]).toEqual({ type: 'log-reducer', name: 'reduce', logReducerExceptions: [{ type: 'datadog-query', query: 'noisy' }] });
    expect(withPattern({ vertices: [graph.vertices[0], graph.vertices[2]], edges: ['agents -> out'] }, 'noisy', 'exception')).toBeUndefined();
  });
});

describe('highlighting and autocomplete read the text under the cursor', () => {
  it('tokenizes fields, attributes, operators, strings and wildcards', () => {
    const text = 'service:web* AND -@http.status_code:>=500 "timed out"';
    const kinds = tokenizeQuery(text).map((token) => [text.slice(token.from, token.to), token.type]);
    expect(kinds).toEqual([
      ['service:', 'field'],
      ['web', 'value'],
      ['*', 'wildcard'],
      ['AND', 'operator'],
      ['-', 'operator'],
      ['@http.status_code:', 'attribute'],
      ['>=', 'range'],
      ['500', 'value'],
      ['"timed out"', 'string'],
    ]);
  });

  it('completes a field name, then its values', () => {
    expect(completionContext('error -ser', 10)).toEqual({ kind: 'field', from: 7, to: 10, prefix: 'ser' });
    expect(completionContext('service:we x', 10)).toEqual({ kind: 'value', field: 'service', from: 8, to: 10, prefix: 'we' });
    const suggestions = suggestionsFromEvents([event('m', { tags: { service: ['web', 'worker'] }, attributes: { http: { status_code: 500 } } })]);
    expect(fieldOptions(suggestions, '@ht').map((option) => option.label)).toEqual(['@http.status_code:']);
    expect(valueOptions(suggestions, 'service', 'w').map((option) => option.label)).toEqual(['web', 'worker']);
    expect(valueOptions(suggestions, '@http.status_code', '').map((option) => option.apply)).toEqual(['500']);
    // Values that start with the prefix come first, then those that contain it.
    expect(valueOptions(suggestions, 'status', 'er').map((option) => option.label)).toEqual(['error', 'alert', 'emergency']);
  });
});

describe('the view lives in the URL', () => {
  it('round-trips dataset, query, range, tab and facets', () => {
    const view = { dataset: 'raw', query: 'service:web', range: { from: 'now-1h', to: 'now' }, tab: 'patterns' as const, facets: ['@http.status_code'] };
    expect(readView(new URLSearchParams(viewSearch(view)))).toEqual(view);
  });

  it('falls back to the last 15 minutes for a range it cannot read', () => {
    expect(readView(new URLSearchParams('from=yesterday&to=now')).range).toEqual({ from: 'now-15m', to: 'now' });
    expect(readView(new URLSearchParams('from=now&to=now-1h')).range).toEqual({ from: 'now-15m', to: 'now' });
  });

  it('resolves relative ranges against now, and names them', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, 10_000_000)).toEqual({ start: 6_400_000, end: 10_000_000 });
    expect(describeRange({ from: 'now-7d', to: 'now' })).toBe('Last 7 days');
  });
});

import { describe, expect, it } from 'vitest';
import type { JobGraph } from '@/server/model/job';
import {
  describeSummary,
  diffJobGraphs,
  diffParams,
  formatParamValue,
  hasChanges,
  sameJobGraph,
  summarizeDiff,
} from '@/components/version-history/graph-diff';

const v0: JobGraph = {
  vertices: [
    { name: 'source', type: 'logs-values-source', loop: true, values: [{ message: 'hello' }] },
    { name: 'sink', type: 'discarding-sink' },
  ],
  edges: ['source -> sink'],
};

const v1: JobGraph = {
  vertices: [
    { name: 'source', type: 'logs-values-source', loop: true, values: [{ message: 'hello again' }] },
    { name: 'errors_only', type: 'logs-filter', predicate: { type: 'datadog-query', query: 'status:error' } },
    { name: 'sink', type: 'discarding-sink' },
  ],
  edges: ['source:out -> errors_only:in', 'errors_only -> sink'],
};

describe('diffJobGraphs', () => {
  it('marks an inserted filter added, the vertex whose params differ changed, and the bypassed edge removed', () => {
    const diff = diffJobGraphs(v0, v1);
    expect(diff.vertices.map(({ name, status }) => [name, status])).toEqual([
      ['source', 'changed'],
      ['errors_only', 'added'],
      ['sink', 'unchanged'],
    ]);
    expect(diff.edges.map(({ text, status }) => [text, status])).toEqual([
      ['source:out -> errors_only:in', 'added'],
      ['errors_only:out -> sink:in', 'added'],
      ['source:out -> sink:in', 'removed'],
    ]);
    expect(diff.vertices[0].changes).toEqual([
      { path: 'values[0].message', kind: 'changed', before: 'hello', after: 'hello again' },
    ]);
  });

  it('going back the other way swaps added and removed', () => {
    const diff = diffJobGraphs(v1, v0);
    expect(diff.vertices.map(({ name, status }) => [name, status])).toEqual([
      ['source', 'changed'],
      ['sink', 'unchanged'],
      ['errors_only', 'removed'],
    ]);
    expect(summarizeDiff(diff)).toEqual({
      verticesAdded: 0,
      verticesRemoved: 1,
      verticesChanged: 1,
      verticesUnchanged: 1,
      edgesAdded: 1,
      edgesRemoved: 2,
      edgesUnchanged: 0,
    });
  });

  it('an edge written with or without its single ports is the same edge', () => {
    const spelledOut: JobGraph = { ...v0, edges: ['source:out -> sink:in'] };
    expect(sameJobGraph(v0, spelledOut)).toBe(true);
    expect(diffJobGraphs(v0, spelledOut).edges).toEqual([
      { key: 'source:out -> sink:in', text: 'source:out -> sink:in', status: 'unchanged', from: 'source', fromPort: 'out', to: 'sink', toPort: 'in' },
    ]);
  });

  it('a multi-output vertex keeps the named port of each edge, and a bare edge leaves its default output', () => {
    const branch = { type: 'logs-branch', name: 'route', predicate: { type: 'datadog-query', query: 'status:error' } };
    const before: JobGraph = {
      vertices: [{ name: 'source', type: 'logs-values-source' }, branch, { name: 'sink', type: 'discarding-sink' }],
      edges: ['source -> route', 'route -> sink'],
    };
    const same: JobGraph = { ...before, edges: ['source -> route', 'route:default -> sink'] };
    expect(sameJobGraph(before, same)).toBe(true);
    const after: JobGraph = { ...before, edges: ['source -> route', 'route:else -> sink'] };
    const diff = diffJobGraphs(before, after);
    expect(diff.edges.filter((edge) => edge.status !== 'unchanged').map(({ text, status }) => [text, status])).toEqual([
      ['route:else -> sink:in', 'added'],
      ['route:default -> sink:in', 'removed'],
    ]);
  });

  it('a vertex whose type changes under the same name is changed at `type`', () => {
    const after: JobGraph = { ...v0, vertices: [v0.vertices[0], { name: 'sink', type: 'logs-sync-sink' }] };
    expect(diffJobGraphs(v0, after).vertices[1]).toMatchObject({
      name: 'sink',
      status: 'changed',
      changes: [{ path: 'type', kind: 'changed', before: 'discarding-sink', after: 'logs-sync-sink' }],
    });
  });

  it('an added vertex lists each of its fields as added, and a removed one each as removed', () => {
    const diff = diffJobGraphs(v0, v1);
    expect(diff.vertices[1].changes).toEqual([
      { path: 'type', kind: 'added', after: 'logs-filter' },
      { path: 'predicate', kind: 'added', after: { type: 'datadog-query', query: 'status:error' } },
    ]);
    expect(diffJobGraphs(v1, v0).vertices[2].changes.map((change) => change.kind)).toEqual(['removed', 'removed']);
  });

  it('an edge that does not parse is kept as written', () => {
    const broken: JobGraph = { ...v0, edges: ['source -> sink', 'source sink'] };
    const diff = diffJobGraphs(v0, broken);
    expect(diff.edges[1]).toEqual({ key: 'unparsed:source sink', text: 'source sink', status: 'added' });
  });

  it('identical graphs have no changes, whatever the key order of their params', () => {
    const reordered: JobGraph = {
      vertices: [
        { values: [{ message: 'hello' }], loop: true, type: 'logs-values-source', name: 'source' },
        { name: 'sink', type: 'discarding-sink' },
      ],
      edges: ['source -> sink'],
    };
    const diff = diffJobGraphs(v0, reordered);
    expect(hasChanges(diff)).toBe(false);
    expect(describeSummary(summarizeDiff(diff))).toBe('no changes to the job graph');
  });
});

describe('diffParams', () => {
  it('names nested fields by their path', () => {
    expect(
      diffParams(
        { predicate: { type: 'datadog-query', query: 'service:api' }, inverted: false },
        { predicate: { type: 'datadog-query', query: 'service:web' }, inverted: false },
      ),
    ).toEqual([{ path: 'predicate.query', kind: 'changed', before: 'service:api', after: 'service:web' }]);
  });

  it('reports fields set and unset, and array items added and removed by index', () => {
    expect(diffParams({ inverted: true, values: [1, 2] }, { values: [1], maxLateEventTimestampDelta: 'PT5M' })).toEqual([
      { path: 'inverted', kind: 'removed', before: true },
      { path: 'values[1]', kind: 'removed', before: 2 },
      { path: 'maxLateEventTimestampDelta', kind: 'added', after: 'PT5M' },
    ]);
  });

  it('a value that changes kind is one change at its own path', () => {
    expect(diffParams({ tags: { env: ['prod'] } }, { tags: { env: 'prod' } })).toEqual([
      { path: 'tags.env', kind: 'changed', before: ['prod'], after: 'prod' },
    ]);
  });

  it('keys that are not identifiers are quoted in the path', () => {
    expect(diffParams({ attributes: { 'http.status': 200 } }, { attributes: { 'http.status': 500 } })).toEqual([
      { path: 'attributes["http.status"]', kind: 'changed', before: 200, after: 500 },
    ]);
  });
});

describe('describeSummary', () => {
  it('says what changed in words', () => {
    expect(describeSummary(summarizeDiff(diffJobGraphs(v0, v1)))).toBe('1 vertex added, 1 vertex changed, 2 edges added, 1 edge removed');
  });
});

describe('formatParamValue', () => {
  it('writes values as JSON and spells out absence', () => {
    expect(formatParamValue('hello')).toBe('"hello"');
    expect(formatParamValue({ a: [1] })).toBe('{"a":[1]}');
    expect(formatParamValue(undefined)).toBe('(not set)');
  });
});

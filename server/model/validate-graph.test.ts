import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { defineOperation, type OperationDefinition } from '../operations/define-operation';
import { validateJobGraph, type GraphValidationOptions, type GraphValidationResult } from './validate-graph';

const notRunnable = () => ({ startFailure: 'test operations do not run' });

const valuesSource = defineOperation({
  type: 'values-source',
  aliases: ['values'],
  kind: 'source',
  title: 'Values',
  description: 'Emits fixed messages.',
  params: z.strictObject({ messages: z.array(z.string()).default([]) }),
  inputs: [],
  outputs: () => ['out'],
  create: notRunnable,
});

const tableSource = defineOperation({
  type: 'table-source',
  kind: 'source',
  title: 'Table',
  description: 'Reads a table.',
  params: z.strictObject({ table: z.string().min(1) }),
  legacyFields: ['processing', 'integrationId'],
  inputs: [],
  outputs: () => ['out'],
  create: notRunnable,
});

const filter = defineOperation({
  type: 'logs-filter',
  kind: 'transform',
  title: 'Filter',
  description: 'Keeps matching events.',
  params: z.strictObject({
    predicate: z.strictObject({ type: z.literal('datadog-query'), query: z.string() }),
    inverted: z.boolean().default(false),
  }),
  inputs: ['in'],
  outputs: () => ['out'],
  create: notRunnable,
});

const branch = defineOperation({
  type: 'logs-branch',
  kind: 'transform',
  title: 'Branch',
  description: 'Routes matching events to default, the rest to else.',
  params: z.strictObject({ query: z.string() }),
  inputs: ['in'],
  outputs: () => ['default', 'else'],
  create: notRunnable,
});

/** Its output ports come from its params, and none of them is `default`. */
const router = defineOperation({
  type: 'router',
  kind: 'transform',
  title: 'Router',
  description: 'One output per route.',
  params: z.strictObject({ routes: z.array(z.string().regex(/^[a-z]+$/)).min(1) }),
  inputs: ['in'],
  outputs: (params) => params.routes,
  create: notRunnable,
});

const join = defineOperation({
  type: 'join',
  kind: 'transform',
  title: 'Join',
  description: 'Two inputs.',
  params: z.strictObject({}),
  inputs: ['left', 'right'],
  outputs: () => ['out'],
  create: notRunnable,
});

const datasetSink = defineOperation({
  type: 'dataset-sink',
  kind: 'sink',
  title: 'Dataset',
  description: 'Writes to a dataset.',
  params: z.strictObject({ dataset: z.string().default('default') }),
  inputs: ['in'],
  outputs: () => [],
  create: notRunnable,
});

const syncSink = defineOperation({
  type: 'logs-sync-sink',
  aliases: ['sync-sink'],
  kind: 'sink',
  title: 'Return to caller',
  description: 'Returns events to the caller.',
  params: z.strictObject({}),
  inputs: ['in'],
  outputs: () => [],
  syncSink: true,
  create: notRunnable,
});

const catalogue = [valuesSource, tableSource, filter, branch, router, join, datasetSink, syncSink] as unknown as OperationDefinition[];
const byType = new Map<string, OperationDefinition>();
for (const operation of catalogue) {
  for (const type of [operation.type, ...(operation.aliases ?? [])]) byType.set(type, operation);
}
const knownTypes = [...byType.keys()];
const lookup = (type: string) => byType.get(type);

function validate(graph: unknown, options: Partial<GraphValidationOptions> = {}) {
  return validateJobGraph(graph, { lookup, knownTypes, execution: 'ASYNCHRONOUS', ...options });
}

/** Asserts the result holds exactly one problem, and returns it. */
function onlyProblem(result: GraphValidationResult) {
  expect(result.valid).toBe(false);
  expect(result.graph).toBeUndefined();
  expect(result.errors, JSON.stringify(result.errors, null, 2)).toHaveLength(1);
  return result.errors[0];
}

function problemAt(result: GraphValidationResult, path: string) {
  const found = result.errors.filter((problem) => problem.path === path);
  expect(found, `no problem at ${path} in ${JSON.stringify(result.errors, null, 2)}`).toHaveLength(1);
  return found[0];
}

const source = { type: 'values-source', name: 'source' };
const sink = { type: 'dataset-sink', name: 'sink' };
const filterVertex = { type: 'logs-filter', name: 'filter', predicate: { type: 'datadog-query', query: 'service:api' } };

describe('validateJobGraph: valid graphs', () => {
  it('resolves a source -> sink graph with ports and param defaults filled in', () => {
    const result = validate({ vertices: [source, sink], edges: ['source -> sink'] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.graph?.edges).toEqual([{ from: 'source', fromPort: 'out', to: 'sink', toPort: 'in' }]);
    expect(result.graph?.vertices.map((vertex) => [vertex.name, vertex.type, vertex.params])).toEqual([
      ['source', 'values-source', { messages: [] }],
      ['sink', 'dataset-sink', { dataset: 'default' }],
    ]);
    expect(result.graph?.vertices[0].definition).toBe(valuesSource);
  });

  it('accepts fan-out and fan-in', () => {
    const result = validate({
      vertices: [
        source,
        { type: 'values-source', name: 'other_source' },
        filterVertex,
        { type: 'logs-filter', name: 'errors', predicate: { type: 'datadog-query', query: 'status:error' } },
        sink,
      ],
      edges: ['source -> filter', 'source -> errors', 'other_source -> errors', 'filter -> sink', 'errors -> sink'],
    });
    expect(result.errors).toEqual([]);
    expect(result.graph?.edges).toHaveLength(5);
  });

  it('accepts a branch wired with explicit ports, and reads a bare branch edge as its default output', () => {
    const result = validate({
      vertices: [source, { type: 'logs-branch', name: 'branch', query: 'source:nginx' }, sink, { ...sink, name: 'rest' }],
      edges: ['source:out -> branch:in', 'branch -> sink', 'branch:else -> rest:in'],
    });
    expect(result.errors).toEqual([]);
    expect(result.graph?.edges).toEqual([
      { from: 'source', fromPort: 'out', to: 'branch', toPort: 'in' },
      { from: 'branch', fromPort: 'default', to: 'sink', toPort: 'in' },
      { from: 'branch', fromPort: 'else', to: 'rest', toPort: 'in' },
    ]);
  });

  it('accepts legacy fields and leaves them out of the params', () => {
    const result = validate({
      vertices: [{ type: 'table-source', name: 'source', table: 'raw', processing: 'BATCH', integrationId: 'x1' }, sink],
      edges: ['source -> sink'],
    });
    expect(result.errors).toEqual([]);
    expect(result.graph?.vertices[0].params).toEqual({ table: 'raw' });
  });

  it('resolves an alias to its canonical type', () => {
    const result = validate(
      { vertices: [{ type: 'values', name: 'source' }, { type: 'sync-sink', name: 'results' }], edges: ['source -> results'] },
      { execution: 'SYNCHRONOUS' },
    );
    expect(result.errors).toEqual([]);
    expect(result.graph?.vertices.map((vertex) => vertex.type)).toEqual(['values-source', 'logs-sync-sink']);
  });

  it('accepts ports chosen by params', () => {
    const result = validate({
      vertices: [source, { type: 'router', name: 'router', routes: ['api', 'web'] }, sink, { ...sink, name: 'web' }],
      edges: ['source -> router', 'router:api -> sink', 'router:web -> web'],
    });
    expect(result.errors).toEqual([]);
  });
});

describe('validateJobGraph: the shape of the graph', () => {
  it('a graph that is not an object is reported at jobGraph', () => {
    for (const graph of [null, 42, 'graph', [], true, undefined]) {
      const problem = onlyProblem(validate(graph));
      expect(problem.path).toBe('jobGraph');
      expect(problem.message).toContain("'vertices' and 'edges'");
    }
  });

  it('vertices that are not an array are reported at jobGraph.vertices', () => {
    const problem = onlyProblem(validate({ vertices: { source }, edges: ['source -> sink'] }));
    expect(problem).toEqual({ path: 'jobGraph.vertices', message: expect.stringContaining('must be an array') });
  });

  it('edges that are not an array are reported at jobGraph.edges', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink], edges: 'source -> sink' }));
    expect(problem).toEqual({ path: 'jobGraph.edges', message: expect.stringContaining('must be an array') });
  });

  it('a vertex that is not an object is reported at jobGraph.vertices[2]', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink, 'filter'], edges: ['source -> sink'] }));
    expect(problem.path).toBe('jobGraph.vertices[2]');
    expect(problem.message).toContain('must be an object');
  });

  it('an empty graph is reported at jobGraph', () => {
    const problem = onlyProblem(validate({ vertices: [], edges: [] }));
    expect(problem.path).toBe('jobGraph');
    expect(problem.message).toContain('no vertices');
    expect(onlyProblem(validate({})).path).toBe('jobGraph');
  });

  it('a graph without a source is reported at jobGraph', () => {
    const result = validate({ vertices: [filterVertex, sink], edges: ['filter -> sink'] });
    expect(problemAt(result, 'jobGraph').message).toContain('no source');
  });

  it('a graph without a sink is reported at jobGraph', () => {
    const result = validate({ vertices: [source, filterVertex], edges: ['source -> filter'] });
    expect(problemAt(result, 'jobGraph').message).toContain('no sink');
  });
});

describe('validateJobGraph: vertices', () => {
  it('a vertex without a type is reported at jobGraph.vertices[1].type', () => {
    const problem = onlyProblem(validate({ vertices: [source, { name: 'sink' }], edges: ['source -> sink'] }));
    expect(problem.path).toBe('jobGraph.vertices[1].type');
    expect(problem.message).toContain("vertex 'sink' has no 'type'");
  });

  it('a type that is not a string is reported at jobGraph.vertices[1].type', () => {
    const problem = onlyProblem(validate({ vertices: [source, { name: 'sink', type: 7 }], edges: ['source -> sink'] }));
    expect(problem.path).toBe('jobGraph.vertices[1].type');
    expect(problem.message).toContain("'type' of vertex 'sink' must be a string");
  });

  it('an unknown type is reported at jobGraph.vertices[1].type with near types suggested', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, { type: 'dataset-snk', name: 'sink' }], edges: ['source -> sink'] }),
    );
    expect(problem.path).toBe('jobGraph.vertices[1].type');
    expect(problem.message).toContain("'dataset-snk'");
    expect(problem.message).toContain("did you mean 'dataset-sink'");
  });

  it('a vertex without a name is reported at jobGraph.vertices[1].name', () => {
    const result = validate({ vertices: [source, { type: 'dataset-sink' }], edges: [] });
    expect(problemAt(result, 'jobGraph.vertices[1].name').message).toContain("vertex #1 has no 'name'");
  });

  it('a name that is not a string is reported at jobGraph.vertices[1].name', () => {
    const result = validate({ vertices: [source, { type: 'dataset-sink', name: 12 }], edges: [] });
    expect(problemAt(result, 'jobGraph.vertices[1].name').message).toContain("'name' of vertex #1 must be a string");
  });

  it('a name outside [a-z0-9_]{1,128} is reported at jobGraph.vertices[1].name', () => {
    const problem = onlyProblem(validate({ vertices: [source, { ...sink, name: 'My-Sink' }], edges: ['source -> My-Sink'] }));
    expect(problem.path).toBe('jobGraph.vertices[1].name');
    expect(problem.message).toContain("'My-Sink'");
    expect(problem.message).toContain("'my_sink'");
  });

  it('a duplicate name is reported at the second vertex, naming the first', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, sink, { ...sink, dataset: 'other' }], edges: ['source -> sink'] }),
    );
    expect(problem.path).toBe('jobGraph.vertices[2].name');
    expect(problem.message).toContain("duplicate vertex name 'sink'");
    expect(problem.message).toContain('jobGraph.vertices[1]');
  });

  it('a missing required param is reported at its path, naming the vertex and the param', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, { type: 'logs-filter', name: 'filter' }, sink], edges: ['source -> filter', 'filter -> sink'] }),
    );
    expect(problem.path).toBe('jobGraph.vertices[1].predicate');
    expect(problem.message).toContain("vertex 'filter' (logs-filter)");
    expect(problem.message).toContain("'predicate' is required");
  });

  it('an ill-typed param is reported at its path, down to the array index', () => {
    const result = validate({
      vertices: [{ ...source, messages: ['ok', 3] }, { ...filterVertex, inverted: 'yes' }, sink],
      edges: ['source -> filter', 'filter -> sink'],
    });
    expect(result.errors).toHaveLength(2);
    expect(problemAt(result, 'jobGraph.vertices[0].messages[1]').message).toContain("param 'messages[1]' must be a string");
    expect(problemAt(result, 'jobGraph.vertices[1].inverted').message).toContain("param 'inverted' must be a boolean");
  });

  it('a wrong nested param is reported at its nested path', () => {
    const problem = onlyProblem(
      validate({
        vertices: [source, { ...filterVertex, predicate: { type: 'regex', query: 'x' } }, sink],
        edges: ['source -> filter', 'filter -> sink'],
      }),
    );
    expect(problem.path).toBe('jobGraph.vertices[1].predicate.type');
    expect(problem.message).toContain("vertex 'filter'");
  });

  it('each unknown param is reported at its own path, listing the valid params', () => {
    const result = validate({
      vertices: [source, { ...filterVertex, invert: true, label: 'x' }, sink],
      edges: ['source -> filter', 'filter -> sink'],
    });
    expect(result.errors).toHaveLength(2);
    const problem = problemAt(result, 'jobGraph.vertices[1].invert');
    expect(problem.message).toContain("vertex 'filter' (logs-filter) has unknown param 'invert'");
    expect(problem.message).toContain('predicate, inverted');
    expect(problemAt(result, 'jobGraph.vertices[1].label').message).toContain("'label'");
  });

  it('legacy fields of one operation are unknown params of another', () => {
    const problem = onlyProblem(validate({ vertices: [source, { ...sink, processing: 'BATCH' }], edges: ['source -> sink'] }));
    expect(problem.path).toBe('jobGraph.vertices[1].processing');
  });
});

describe('validateJobGraph: edges', () => {
  it('an edge that is not a string is reported at jobGraph.edges[1]', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink], edges: ['source -> sink', { from: 'source' }] }));
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain('must be a string');
  });

  it('an unparseable edge is reported at jobGraph.edges[1] with the parser message', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink], edges: ['source -> sink', 'source => sink'] }));
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain("'source => sink'");
    expect(problem.message).toContain("'->'");
  });

  it('an edge naming a missing vertex is reported at jobGraph.edges[1]', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, filterVertex, sink], edges: ['source -> filter', 'filter -> sinks', 'filter -> sink'] }),
    );
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain("no vertex is named 'sinks'");
    expect(problem.message).toContain("did you mean 'sink'");
  });

  it('an edge naming a port the operation lacks is reported, listing its ports', () => {
    const problem = onlyProblem(
      validate({
        vertices: [source, { type: 'logs-branch', name: 'branch', query: 'x' }, sink],
        edges: ['source -> branch', 'branch:other -> sink', 'branch:else -> sink'],
      }),
    );
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain("no output port 'other'");
    expect(problem.message).toContain('default, else');
  });

  it('an input port the operation lacks is reported, listing its ports', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink], edges: ['source -> sink:input'] }));
    expect(problem.path).toBe('jobGraph.edges[0]');
    expect(problem.message).toContain("sink 'sink' (dataset-sink) has no input port 'input'; its input ports are: in");
  });

  it('an omitted output port on an operation with several outputs asks which one', () => {
    const problem = onlyProblem(
      validate({
        vertices: [source, { type: 'router', name: 'router', routes: ['api', 'web'] }, sink],
        edges: ['source -> router', 'router -> sink', 'router:web -> sink'],
      }),
    );
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain("transform 'router' (router) has several output ports (api, web)");
    expect(problem.message).toContain("'router:api -> sink'");
  });

  it('an omitted input port on an operation with several inputs asks which one', () => {
    const problem = onlyProblem(
      validate({
        vertices: [source, { type: 'join', name: 'join' }, sink],
        edges: ['source -> join', 'source -> join:right', 'join -> sink'],
      }),
    );
    expect(problem.path).toBe('jobGraph.edges[0]');
    expect(problem.message).toContain('several input ports (left, right)');
  });

  it('an edge out of a sink is reported as the sink having no outputs', () => {
    const result = validate({ vertices: [source, sink, { ...sink, name: 'archive' }], edges: ['source -> sink', 'sink -> archive'] });
    expect(problemAt(result, 'jobGraph.edges[1]').message).toContain("sink 'sink' has no outputs");
  });

  it('an edge into a source is reported as the source taking no input', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, { ...source, name: 'second' }, sink], edges: ['source -> second', 'second -> sink'] }),
    );
    expect(problem.path).toBe('jobGraph.edges[0]');
    expect(problem.message).toContain("source 'second' takes no input");
  });

  it('a duplicate edge is reported at the second, even when written with explicit ports', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink], edges: ['source -> sink', 'source:out -> sink:in'] }));
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain("duplicate edge 'source:out -> sink:in'");
    expect(problem.message).toContain('jobGraph.edges[0]');
  });

  it('port checks still run when params are invalid but the ports can be read from them', () => {
    const result = validate({
      vertices: [source, { type: 'router', name: 'router', routes: ['api', 'Web'] }, sink],
      edges: ['source -> router', 'router:nope -> sink'],
    });
    expect(problemAt(result, 'jobGraph.vertices[1].routes[1]').message).toContain("vertex 'router'");
    expect(problemAt(result, 'jobGraph.edges[1]').message).toContain('api, Web');
  });

  it('edges of a vertex with an unknown type get no port checks', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, { type: 'mystery', name: 'mystery' }, sink], edges: ['source -> mystery:x', 'mystery:y -> sink'] }),
    );
    expect(problem.path).toBe('jobGraph.vertices[1].type');
  });
});

describe('validateJobGraph: graph-wide rules', () => {
  it('a cycle is reported at one of its edges, naming the cycle', () => {
    const result = validate({
      vertices: [source, filterVertex, { ...filterVertex, name: 'again' }, { type: 'logs-branch', name: 'branch', query: 'x' }, sink],
      edges: ['source -> filter', 'filter -> again', 'again -> branch', 'branch -> filter', 'branch:else -> sink'],
    });
    const problem = onlyProblem(result);
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain('cycle: filter -> again -> branch -> filter');
  });

  it('an edge from a vertex to itself is a cycle', () => {
    const problem = onlyProblem(
      validate({
        vertices: [source, filterVertex, sink],
        edges: ['source -> filter', 'filter -> filter', 'filter -> sink'],
      }),
    );
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toContain('cycle: filter -> filter');
  });

  it('a vertex with no edges at all is reported at jobGraph.vertices[2]', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink, { ...sink, name: 'archive' }], edges: ['source -> sink'] }));
    expect(problem.path).toBe('jobGraph.vertices[2]');
    expect(problem.message).toContain("sink 'archive' is not connected");
  });

  it('a source without an outgoing edge is reported at its vertex', () => {
    const result = validate({ vertices: [source] });
    expect(problemAt(result, 'jobGraph.vertices[0]').message).toContain("source 'source' has no outgoing edge");
  });

  it('a sink without an incoming edge is reported at its vertex', () => {
    const result = validate({ vertices: [sink] });
    expect(problemAt(result, 'jobGraph.vertices[0]').message).toContain("sink 'sink' has no incoming edge");
  });

  it('a transform without an outgoing edge is reported at its vertex', () => {
    const result = validate({ vertices: [source, filterVertex, sink], edges: ['source -> filter', 'source -> sink'] });
    expect(onlyProblem(result)).toEqual({
      path: 'jobGraph.vertices[1]',
      message: expect.stringContaining("transform 'filter' has no outgoing edge"),
    });
  });

  it('a transform without an incoming edge is reported at its vertex', () => {
    const result = validate({ vertices: [source, filterVertex, sink], edges: ['filter -> sink', 'source -> sink'] });
    expect(onlyProblem(result)).toEqual({
      path: 'jobGraph.vertices[1]',
      message: expect.stringContaining("transform 'filter' has no incoming edge"),
    });
  });

  it('a SYNCHRONOUS job without a sync sink is reported at jobGraph, naming the sync sink types', () => {
    const problem = onlyProblem(validate({ vertices: [source, sink], edges: ['source -> sink'] }, { execution: 'SYNCHRONOUS' }));
    expect(problem.path).toBe('jobGraph');
    expect(problem.message).toContain('SYNCHRONOUS');
    expect(problem.message).toContain('logs-sync-sink');
  });

  it('an ASYNCHRONOUS job with a sync sink is reported at the sync sink', () => {
    const problem = onlyProblem(
      validate({ vertices: [source, { type: 'logs-sync-sink', name: 'results' }], edges: ['source -> results'] }),
    );
    expect(problem.path).toBe('jobGraph.vertices[1]');
    expect(problem.message).toContain("sync sink 'results'");
    expect(problem.message).toContain('ASYNCHRONOUS');
  });

  it('reports independent problems together', () => {
    const result = validate({
      vertices: [source, { type: 'logs-filter', name: 'Filter' }, { type: 'nope', name: 'x' }, sink],
      edges: ['source -> Filter', 'Filter -> sink', 'x -> sink', 'source -> ghost', 42],
    });
    expect(result.errors.map((problem) => problem.path).sort()).toEqual([
      'jobGraph.edges[3]',
      'jobGraph.edges[4]',
      'jobGraph.vertices[1].name',
      'jobGraph.vertices[1].predicate',
      'jobGraph.vertices[2].type',
    ]);
  });

  it('does not throw when the catalogue lookup throws or returns something that is not an operation', () => {
    const result = validateJobGraph(
      { vertices: [source, sink], edges: ['source -> sink'] },
      {
        lookup: (type) => {
          if (type === 'values-source') throw new Error('broken catalogue');
          return {} as OperationDefinition;
        },
      },
    );
    expect(result.errors.map((problem) => problem.path)).toEqual(['jobGraph.vertices[0].type', 'jobGraph.vertices[1].type']);
  });
});

describe('validateJobGraph: large graphs', () => {
  const chain = (length: number) => ({
    vertices: [
      source,
      ...Array.from({ length }, (_, i) => ({ ...filterVertex, name: `step_${i}` })),
      sink,
    ],
    edges: [
      'source -> step_0',
      ...Array.from({ length: length - 1 }, (_, i) => `step_${i} -> step_${i + 1}`),
      `step_${length - 1} -> sink`,
    ],
  });

  it('a 20,000-vertex chain validates without overflowing the stack', () => {
    const graph = chain(20_000);
    expect(validate(graph).valid).toBe(true);
    graph.edges.push('step_19999 -> step_0');
    const problem = onlyProblem(validate(graph));
    // Reported at the cycle's lowest-numbered edge, with the middle of a long cycle elided.
    expect(problem.path).toBe('jobGraph.edges[1]');
    expect(problem.message).toMatch(/^cycle: step_0 -> step_1 -> .* more .* -> step_19999 -> step_0;/);
    expect(problem.message.length).toBeLessThan(500);
  });

  it('thousands of misspelt names are all reported, quickly', () => {
    const graph = chain(5_000);
    graph.edges = graph.edges.map((edge) => edge.replace(/step_(\d+)$/, 'stap_$1'));
    const started = performance.now();
    const result = validate(graph);
    // Unbudgeted "did you mean" hints would take minutes here; the bound is loose for busy machines.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.errors.filter((problem) => problem.message.includes('no vertex is named'))).toHaveLength(5_000);
  });
});

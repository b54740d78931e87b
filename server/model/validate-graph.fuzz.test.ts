import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { defineOperation, type OperationDefinition } from '../operations/define-operation';
import type { Execution } from './job';
import { validateJobGraph, type GraphValidationResult } from './validate-graph';
import { mulberry32, type Random } from './random';


const int = (random: Random, below: number) => Math.floor(random() * below);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)];

const notRunnable = () => ({ startFailure: 'test operations do not run' });
const catalogue = [
  defineOperation({
    type: 'values-source',
    aliases: ['values'],
    kind: 'source',
    title: 'Values',
    description: 'Emits fixed messages.',
    params: z.strictObject({ messages: z.array(z.string()).default([]) }),
    inputs: [],
    outputs: () => ['out'],
    create: notRunnable,
  }),
  defineOperation({
    type: 'table-source',
    kind: 'source',
    title: 'Table',
    description: 'Reads a table.',
    params: z
      .strictObject({ table: z.string().min(1), start: z.number().optional(), end: z.number().optional() })
      .refine((params) => (params.start ?? 0) <= (params.end ?? Infinity), { message: 'start after end', path: ['end'] }),
    legacyFields: ['processing', 'integrationId'],
    inputs: [],
    outputs: () => ['out'],
    create: notRunnable,
  }),
  defineOperation({
    type: 'logs-filter',
    kind: 'transform',
    title: 'Filter',
    description: 'Keeps matching events.',
    params: z.strictObject({
      predicate: z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('datadog-query'), query: z.string() }),
        z.strictObject({ type: z.literal('regex'), pattern: z.string() }),
      ]),
      inverted: z.boolean().default(false),
    }),
    inputs: ['in'],
    outputs: () => ['out'],
    create: notRunnable,
  }),
  defineOperation({
    type: 'logs-branch',
    kind: 'transform',
    title: 'Branch',
    description: 'Routes events by a query.',
    params: z.strictObject({ query: z.union([z.string(), z.array(z.string())]) }),
    inputs: ['in'],
    outputs: () => ['default', 'else'],
    create: notRunnable,
  }),
  defineOperation({
    type: 'router',
    kind: 'transform',
    title: 'Router',
    description: 'One output per route.',
    params: z.strictObject({ routes: z.array(z.string()).min(1) }),
    inputs: ['in'],
    // Reads its params without trusting them, as outputs may see raw params when they fail to parse.
    outputs: (params) => (params as { routes: string[] }).routes.map((route) => route.toLowerCase()),
    create: notRunnable,
  }),
  defineOperation({
    type: 'join',
    kind: 'transform',
    title: 'Join',
    description: 'Two inputs.',
    params: z.strictObject({}),
    inputs: ['left', 'right'],
    outputs: () => ['out'],
    create: notRunnable,
  }),
  defineOperation({
    type: 'dataset-sink',
    kind: 'sink',
    title: 'Dataset',
    description: 'Writes to a dataset.',
    params: z.strictObject({ dataset: z.string().default('default'), tags: z.record(z.string(), z.string()).optional() }),
    inputs: ['in'],
    outputs: () => [],
    create: notRunnable,
  }),
  defineOperation({
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
  }),
] as unknown as OperationDefinition[];

const byType = new Map<string, OperationDefinition>();
for (const operation of catalogue) {
  for (const type of [operation.type, ...(operation.aliases ?? [])]) byType.set(type, operation);
}
const knownTypes = [...byType.keys()];
const lookup = (type: string) => byType.get(type);

const WORDS = [
  '', ' ', 'source', 'sink', 'filter', 'branch', 'router', 'join', 'a', 'b', 'Source', 'x y', '__proto__', 'constructor',
  'toString', 'type', 'name', 'vertices', 'edges', 'predicate', 'query', 'routes', 'messages', 'table', 'processing',
  'integrationId', 'datadog-query', 'regex', 'default', 'else', 'out', 'in', 'left', 'right', '->', ':', 'a:b', 'a -> b',
  'source -> sink', 'source:out -> sink:in', 'a->b->c', ' -> ', 'é', '\u0000', 'x'.repeat(300), ...knownTypes,
];

function randomJson(random: Random, depth = 0): unknown {
  switch (int(random, depth > 3 ? 4 : 7)) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return pick(random, [0, -1, 1.5, 1e308, -0, 42, Number.MAX_SAFE_INTEGER + 2]);
    case 3: return pick(random, WORDS);
    case 4:
    case 5: return Array.from({ length: int(random, 5) }, () => randomJson(random, depth + 1));
    default: {
      // JSON.parse, so a "__proto__" key is an own property as it would be from a request body.
      const entries = Array.from({ length: int(random, 5) }, () => [pick(random, WORDS), randomJson(random, depth + 1)]);
      return JSON.parse(JSON.stringify(Object.fromEntries(entries)));
    }
  }
}

type Graph = { vertices: Record<string, unknown>[]; edges: unknown[] };

/** A vertex to mutate; earlier mutations may have replaced some with non-objects. */
function pickVertex(graph: Graph, random: Random): Record<string, unknown> | undefined {
  const vertex: unknown = pick(random, graph.vertices);
  return typeof vertex === 'object' && vertex !== null && !Array.isArray(vertex) ? (vertex as Record<string, unknown>) : undefined;
}

const validGraphs: Graph[] = [
  {
    vertices: [{ type: 'values-source', name: 'source' }, { type: 'dataset-sink', name: 'sink' }],
    edges: ['source -> sink'],
  },
  {
    vertices: [
      { type: 'table-source', name: 'source', table: 'raw', processing: 'BATCH' },
      { type: 'logs-branch', name: 'branch', query: 'service:api' },
      { type: 'logs-filter', name: 'filter', predicate: { type: 'datadog-query', query: 'status:error' } },
      { type: 'router', name: 'router', routes: ['api', 'web'] },
      { type: 'join', name: 'join' },
      { type: 'dataset-sink', name: 'sink' },
      { type: 'sync-sink', name: 'results' },
    ],
    edges: [
      'source -> branch',
      'branch -> filter',
      'branch:else -> router',
      'filter -> join:left',
      'router:api -> join:right',
      'router:web -> sink',
      'join -> results',
      'join -> sink',
    ],
  },
];

const mutations: Array<(graph: Graph, random: Random) => void> = [
  // Harmless ones keep some graphs valid, so the resolved graph gets checked too.
  function shuffleVertices(graph, random) {
    graph.vertices.sort(() => random() - 0.5);
  },
  function respellEdge(graph, random) {
    const index = int(random, graph.edges.length);
    const edge = graph.edges[index];
    if (typeof edge === 'string') graph.edges[index] = random() < 0.5 ? edge.replace(/ /g, '') : `  ${edge.replace('->', ' \t->  ')} `;
  },
  function dropVertex(graph, random) {
    graph.vertices.splice(int(random, graph.vertices.length), 1);
  },
  function renameVertex(graph, random) {
    const vertex = pickVertex(graph, random);
    if (vertex) vertex.name = pick(random, WORDS);
  },
  function corruptEdge(graph, random) {
    graph.edges[int(random, graph.edges.length + 1)] = random() < 0.5 ? randomJson(random) : pick(random, WORDS);
  },
  function addRandomEdge(graph, random) {
    const names = [pickVertex(graph, random)?.name, pickVertex(graph, random)?.name, ...WORDS].filter(
      (name) => typeof name === 'string',
    );
    const port = () => (random() < 0.5 ? '' : `:${pick(random, ['out', 'in', 'default', 'else', 'api', 'nope', 'left'])}`);
    graph.edges.push(`${pick(random, names)}${port()} -> ${pick(random, names)}${port()}`);
  },
  function setRandomParam(graph, random) {
    const vertex = pickVertex(graph, random);
    if (vertex) vertex[pick(random, WORDS)] = randomJson(random);
  },
  function swapType(graph, random) {
    const vertex = pickVertex(graph, random);
    if (vertex) vertex.type = random() < 0.8 ? pick(random, knownTypes) : randomJson(random);
  },
  function insertCycle(graph, random) {
    const from = pickVertex(graph, random)?.name;
    const to = pickVertex(graph, random)?.name;
    if (typeof from === 'string' && typeof to === 'string') graph.edges.push(`${to} -> ${from}`, `${from} -> ${to}`);
  },
  function duplicateSomething(graph, random) {
    if (random() < 0.5 && graph.vertices.length > 0) graph.vertices.push({ ...pickVertex(graph, random) });
    else if (graph.edges.length > 0) graph.edges.push(pick(random, graph.edges));
  },
  function removeTypeOrName(graph, random) {
    const vertex = pickVertex(graph, random);
    if (vertex) delete vertex[random() < 0.5 ? 'type' : 'name'];
  },
  function replaceVertex(graph, random) {
    if (graph.vertices.length > 0) (graph.vertices as unknown[])[int(random, graph.vertices.length)] = randomJson(random);
  },
  function replaceList(graph, random) {
    (graph as Record<string, unknown>)[random() < 0.5 ? 'vertices' : 'edges'] = randomJson(random);
  },
];

function mutatedGraph(random: Random): unknown {
  const graph = structuredClone(pick(random, validGraphs));
  const count = 1 + int(random, 4);
  for (let i = 0; i < count; i++) {
    if (!Array.isArray(graph.vertices) || !Array.isArray(graph.edges)) break;
    pick(random, mutations)(graph, random);
  }
  return graph;
}

/** What every result owes its caller; returns what is wrong with it, if anything. */
function contractBreach(input: unknown, result: GraphValidationResult): string | undefined {
  if (result.valid) {
    if (result.errors.length > 0) return 'valid with errors';
    if (!result.graph) return 'valid without a graph';
    const names = new Map(result.graph.vertices.map((vertex) => [vertex.name, vertex]));
    if (names.size !== (input as Graph).vertices.length) return 'resolved vertices differ from the input';
    for (const edge of result.graph.edges) {
      const from = names.get(edge.from);
      const to = names.get(edge.to);
      if (!from || !to) return `resolved edge names a missing vertex: ${JSON.stringify(edge)}`;
      if (!from.definition.outputs(from.params as never).includes(edge.fromPort)) return `bad fromPort in ${JSON.stringify(edge)}`;
      if (!to.definition.inputs.includes(edge.toPort)) return `bad toPort in ${JSON.stringify(edge)}`;
    }
    return undefined;
  }
  if (result.graph !== undefined) return 'invalid with a graph';
  if (result.errors.length === 0) return 'invalid without errors';
  const distinct = new Set(result.errors.map((problem) => `${problem.path}\n${problem.message}`));
  if (distinct.size !== result.errors.length) return 'the same problem reported twice';
  for (const problem of result.errors) {
    if (!/^jobGraph($|[.[])/.test(problem.path)) return `path outside jobGraph: ${problem.path}`;
    if (typeof problem.message !== 'string' || problem.message.trim() === '') return `empty message at ${problem.path}`;
  }
  return undefined;
}

const EXECUTIONS: Array<Execution | undefined> = ['SYNCHRONOUS', 'ASYNCHRONOUS', undefined];

function fuzz(seed: number, runs: number, generate: (random: Random) => unknown) {
  const random = mulberry32(seed);
  const breaches: string[] = [];
  let validCount = 0;
  for (let run = 0; run < runs && breaches.length < 5; run++) {
    const input = generate(random);
    const execution = pick(random, EXECUTIONS);
    let breach: string | undefined;
    try {
      const result = validateJobGraph(input, { lookup, knownTypes, execution });
      breach = contractBreach(input, result);
      if (result.valid) validCount++;
    } catch (error) {
      breach = `threw ${error instanceof Error ? error.stack : String(error)}`;
    }
    if (breach) breaches.push(`seed ${seed} run ${run} (${execution}): ${breach}\n  input: ${JSON.stringify(input)?.slice(0, 500)}`);
  }
  return { breaches, validCount };
}

describe('validateJobGraph under fuzzing', () => {
  it('the seed graphs are valid, so mutations start from a good place', () => {
    for (const graph of validGraphs) {
      const execution = graph.vertices.some((vertex) => vertex.type === 'sync-sink') ? 'SYNCHRONOUS' : 'ASYNCHRONOUS';
      expect(validateJobGraph(graph, { lookup, knownTypes, execution }).errors).toEqual([]);
    }
  });

  it('never throws on random JSON and always answers with problems rooted at jobGraph', () => {
    const { breaches } = fuzz(0x5eed, 2500, (random) => randomJson(random));
    expect(breaches).toEqual([]);
  });

  it('never throws on mutated graphs, and each answer is a usable graph or located problems', () => {
    const { breaches, validCount } = fuzz(0xc0ffee, 3000, mutatedGraph);
    expect(breaches).toEqual([]);
    // Some mutations (renames, duplicate params lost to defaults...) keep a graph valid; the resolved-graph checks must see some.
    expect(validCount).toBeGreaterThan(0);
  });

  it('gives the same answer for the same input', () => {
    const random = mulberry32(7);
    for (let run = 0; run < 200; run++) {
      const input = mutatedGraph(random);
      const options = { lookup, knownTypes, execution: 'ASYNCHRONOUS' as const };
      expect(validateJobGraph(input, options).errors).toEqual(validateJobGraph(input, options).errors);
    }
  });
});

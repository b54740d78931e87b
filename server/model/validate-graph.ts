import type { OperationDefinition } from '../operations/define-operation';
import { formatEdge, parseEdge, type ParsedEdge } from './edges';
import { NAME_PATTERN, type Execution, type Processing, type ValidationProblem } from './job';
import { joinPath, zodIssuesToProblems } from './problems';

export type OperationLookup = (type: string) => OperationDefinition | undefined;

export interface GraphValidationOptions {
  /** When absent, the sync-sink rules are not checked (e.g. an editor that does not know the job kind yet). */
  execution?: Execution;
  /** Accepted so callers can pass the whole job kind; no rule depends on it yet. */
  processing?: Processing;
  /** Resolves a vertex's `type`, aliases included, to its operation. */
  lookup: OperationLookup;
  /** Every accepted type spelling; when given, unknown types get "did you mean" hints. */
  knownTypes?: readonly string[];
}

export interface ResolvedVertex {
  name: string;
  /** The canonical type, with aliases resolved. */
  type: string;
  definition: OperationDefinition;
  /** The params as parsed by the operation's schema, defaults filled in, legacy fields dropped. */
  params: unknown;
}

export interface ResolvedEdge {
  from: string;
  fromPort: string;
  to: string;
  toPort: string;
}

export interface ResolvedGraph {
  vertices: ResolvedVertex[];
  edges: ResolvedEdge[];
}

export type GraphValidationResult =
  | { valid: true; errors: ValidationProblem[]; graph: ResolvedGraph }
  | { valid: false; errors: ValidationProblem[]; graph?: undefined };

const ROOT = 'jobGraph';

interface VertexInfo {
  index: number;
  path: string;
  /** Set whenever `name` is a string, even an invalid one, so edges can still refer to it. */
  name?: string;
  /** False for a later vertex reusing an earlier one's name; edges resolve to the first. */
  isFirstWithName: boolean;
  definition?: OperationDefinition;
  params?: unknown;
  /** Undefined when the output ports cannot be known (unknown type, params that break `outputs`). */
  outputs?: readonly string[];
}

interface EdgeInfo {
  index: number;
  path: string;
  parsed: ParsedEdge;
  fromVertex: VertexInfo;
  toVertex: VertexInfo;
  fromPort?: string;
  toPort?: string;
  /** Both ports resolved and both directions allowed. */
  isSound: boolean;
  /** Goes out of a sink or into a source: already reported, and left out of the cycle search. */
  violatesKind: boolean;
}

/**
 * Checks a job graph as submitted (any JSON value) against the operation catalogue.
 * Reports every independent problem, each at a `jobGraph…` path; never throws.
 */
export function validateJobGraph(graph: unknown, options: GraphValidationOptions): GraphValidationResult {
  const errors: ValidationProblem[] = [];
  const report = (path: string, message: string) => errors.push({ path, message });

  if (!isRecord(graph)) {
    report(ROOT, `the job graph must be an object with 'vertices' and 'edges' arrays; got ${describeType(graph)}`);
    return { valid: false, errors };
  }
  const rawVertices = readArray(graph, 'vertices', report);
  const rawEdges = readArray(graph, 'edges', report);

  const suggest = budgetedSuggestions();
  const vertices = rawVertices
    ? Array.from(rawVertices, (raw, index) => checkVertex(raw, index, options, report, suggest))
    : [];
  // Without a vertex list every edge would name a missing vertex; only check how edges are written.
  const byName = rawVertices ? indexVerticesByName(vertices, report) : undefined;
  const edges = rawEdges ? checkEdges(rawEdges, byName, report, suggest) : [];

  // Connectivity means nothing when the edge list itself is unreadable.
  if (rawVertices && rawEdges) {
    reportCycles(edges, report);
    reportDisconnectedVertices(vertices, edges, report);
  }
  if (rawVertices) reportGraphShape(rawVertices, vertices, options, report);

  if (errors.length > 0 || !rawVertices || !rawEdges) return { valid: false, errors };
  return {
    valid: true,
    errors,
    graph: {
      vertices: vertices.map((vertex) => ({
        name: vertex.name!,
        type: vertex.definition!.type,
        definition: vertex.definition!,
        params: vertex.params,
      })),
      edges: edges.map((edge) => ({
        from: edge.fromVertex.name!,
        fromPort: edge.fromPort!,
        to: edge.toVertex.name!,
        toPort: edge.toPort!,
      })),
    },
  };
}

type Report = (path: string, message: string) => void;

/** "Did you mean" hints: up to `limit` candidates close to `text`, closest first. */
type Suggest = (text: string, candidates: () => readonly string[], limit: number) => string[];

/** A missing list is an empty one, as in Grepr's API; anything else that is not an array is a problem. */
function readArray(graph: Record<string, unknown>, field: 'vertices' | 'edges', report: Report) {
  const value = graph[field];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value as unknown[];
  report(`${ROOT}.${field}`, `'${field}' must be an array; got ${describeType(value)}`);
  return undefined;
}

// ─── Vertices ────────────────────────────────────────────────────────────────

function checkVertex(
  raw: unknown,
  index: number,
  options: GraphValidationOptions,
  report: Report,
  suggest: Suggest,
): VertexInfo {
  const path = `${ROOT}.vertices[${index}]`;
  const vertex: VertexInfo = { index, path, isFirstWithName: false };
  if (!isRecord(raw)) {
    report(path, `vertex #${index} must be an object with 'type' and 'name'; got ${describeType(raw)}`);
    return vertex;
  }

  const { type, name } = raw;
  if (typeof name === 'string') {
    vertex.name = name;
    if (!NAME_PATTERN.test(name)) {
      report(
        `${path}.name`,
        `vertex name ${quote(name)} is invalid: use 1–128 lowercase letters, digits and underscores` +
          suggestName(name),
      );
    }
  } else if (name === undefined) {
    report(
      `${path}.name`,
      `vertex #${index} has no 'name'; give it a unique name of lowercase letters, digits and underscores`,
    );
  } else {
    report(`${path}.name`, `'name' of vertex #${index} must be a string; got ${describeType(name)}`);
  }

  const label = vertexLabel(vertex);
  if (type === undefined) {
    report(`${path}.type`, `${label} has no 'type'; set it to an operation type${typeHint('', options, suggest)}`);
    return vertex;
  }
  if (typeof type !== 'string') {
    report(`${path}.type`, `'type' of ${label} must be a string; got ${describeType(type)}`);
    return vertex;
  }
  const definition = safeLookup(options.lookup, type);
  if (!definition) {
    report(`${path}.type`, `${label} has unknown operation type ${quote(type)}${typeHint(type, options, suggest)}`);
    return vertex;
  }
  vertex.definition = definition;
  checkParams(vertex, raw, report);
  return vertex;
}

function checkParams(vertex: VertexInfo, raw: Record<string, unknown>, report: Report) {
  const definition = vertex.definition!;
  const ignored = new Set(['type', 'name', ...(definition.legacyFields ?? [])]);
  // fromEntries keeps a JSON "__proto__" key as plain data, so the strict schema reports it.
  const rawParams = Object.fromEntries(Object.entries(raw).filter(([key]) => !ignored.has(key)));
  const label = `${vertexLabel(vertex)} (${definition.type})`;

  let parsed: ReturnType<OperationDefinition['params']['safeParse']>;
  try {
    parsed = definition.params.safeParse(rawParams, { reportInput: true });
  } catch (error) {
    // A refinement that throws is a bug in the operation, but the user still deserves an answer.
    report(vertex.path, `${label}: its params could not be checked (${errorText(error)})`);
    return;
  }

  if (parsed.success) {
    vertex.params = parsed.data;
    vertex.outputs = safeOutputs(definition, parsed.data);
    // Valid params must give ports, or the resolved graph would have edges without them.
    if (!vertex.outputs) report(vertex.path, `${label}: its output ports could not be determined from its params`);
    return;
  }

  const knownParams = Object.keys(definition.params.shape);
  if (parsed.error.issues.length === 0) report(vertex.path, `${label}: its params are invalid`);
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const field = joinPath('', [...issue.path, key]);
        report(
          `${vertex.path}${pathSegment(issue.path, key)}`,
          issue.path.length > 0
            ? `${label} has unknown field '${field}'`
            : `${label} has unknown param ${quote(key)}; ` +
                (knownParams.length > 0 ? `its params are: ${knownParams.join(', ')}` : 'it takes no params'),
        );
      }
      continue;
    }
    for (const problem of zodIssuesToProblems([issue])) {
      const field = problem.path;
      if (!field) {
        report(vertex.path, `${label}: ${problem.message}`);
        continue;
      }
      const joiner = /^(is|must) /.test(problem.message) ? ' ' : ': ';
      const path = `${vertex.path}${field.startsWith('[') ? '' : '.'}${field}`;
      report(path, `${label}: param '${field}'${joiner}${problem.message}`);
    }
  }
  // Ports may still be knowable from the raw params; if not, port checks are skipped for this vertex.
  vertex.outputs = safeOutputs(definition, rawParams);
}

/** Reports duplicate names and returns the first vertex of each name. */
function indexVerticesByName(vertices: VertexInfo[], report: Report) {
  const byName = new Map<string, VertexInfo>();
  for (const vertex of vertices) {
    if (vertex.name === undefined) continue;
    const first = byName.get(vertex.name);
    if (first) {
      report(
        `${vertex.path}.name`,
        `duplicate vertex name ${quote(vertex.name)}: ${first.path} already uses it; vertex names must be unique`,
      );
      continue;
    }
    vertex.isFirstWithName = true;
    byName.set(vertex.name, vertex);
  }
  return byName;
}

// ─── Edges ───────────────────────────────────────────────────────────────────

function checkEdges(
  rawEdges: unknown[],
  byName: Map<string, VertexInfo> | undefined,
  report: Report,
  suggest: Suggest,
): EdgeInfo[] {
  let names: string[] | undefined;
  const vertexNames = () => (names ??= [...byName!.keys()]);
  const edges: EdgeInfo[] = [];
  const seen = new Map<string, number>();

  for (let index = 0; index < rawEdges.length; index++) {
    const raw = rawEdges[index];
    const path = `${ROOT}.edges[${index}]`;
    if (typeof raw !== 'string') {
      report(path, `edge #${index} must be a string like 'source -> destination'; got ${describeType(raw)}`);
      continue;
    }
    const result = parseEdge(raw);
    if (!result.ok) {
      report(path, `edge ${quote(raw)}: ${result.message}`);
      continue;
    }
    if (!byName) continue;
    const parsed = result.edge;
    const written = formatEdge(parsed);
    const fromVertex = byName.get(parsed.from);
    const toVertex = byName.get(parsed.to);
    if (!fromVertex) report(path, `edge ${quote(written)}: ${missingVertexMessage(parsed.from, vertexNames, suggest)}`);
    if (!toVertex && parsed.to !== parsed.from) {
      report(path, `edge ${quote(written)}: ${missingVertexMessage(parsed.to, vertexNames, suggest)}`);
    }
    if (!fromVertex || !toVertex) continue;

    const from = resolvePort(fromVertex, parsed.fromPort, 'output', parsed);
    const to = resolvePort(toVertex, parsed.toPort, 'input', parsed);
    for (const problem of [from.problem, to.problem]) {
      if (problem) report(path, `edge ${quote(written)}: ${problem}`);
    }
    const edge: EdgeInfo = {
      index,
      path,
      parsed,
      fromVertex,
      toVertex,
      fromPort: from.port,
      toPort: to.port,
      isSound: !from.problem && !to.problem,
      violatesKind: from.violatesKind || to.violatesKind,
    };
    edges.push(edge);
    if (!edge.isSound) continue;

    // Compare with ports filled in, so `a -> b` and `a:out -> b:in` count as the same edge.
    const key = JSON.stringify([parsed.from, edge.fromPort ?? null, parsed.to, edge.toPort ?? null]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      report(path, `duplicate edge ${quote(written)}: ${ROOT}.edges[${earlier}] already connects these ports`);
    } else {
      seen.set(key, index);
    }
  }
  return edges;
}

interface PortResolution {
  port?: string;
  problem?: string;
  violatesKind: boolean;
}

function resolvePort(
  vertex: VertexInfo,
  given: string | undefined,
  direction: 'output' | 'input',
  edge: ParsedEdge,
): PortResolution {
  const definition = vertex.definition;
  // An unknown type is reported on the vertex; guessing its ports would only add noise.
  if (!definition) return { port: given, violatesKind: false };

  const name = quote(vertex.name!);
  if (direction === 'output' && definition.kind === 'sink') {
    return { problem: `sink ${name} has no outputs, so no edge can start at it`, violatesKind: true };
  }
  if (direction === 'input' && definition.kind === 'source') {
    return { problem: `source ${name} takes no input, so no edge can end at it`, violatesKind: true };
  }

  const ports = direction === 'output' ? vertex.outputs : safePortList(definition.inputs);
  if (!ports) return { port: given, violatesKind: false };
  const owner = `${definition.kind} ${name} (${definition.type})`;
  if (ports.length === 0) return { problem: `${owner} has no ${direction} ports`, violatesKind: false };

  if (given !== undefined) {
    if (ports.includes(given)) return { port: given, violatesKind: false };
    return {
      problem: `${owner} has no ${direction} port ${quote(given)}; its ${direction} ports are: ${ports.join(', ')}`,
      violatesKind: false,
    };
  }
  if (ports.length === 1) return { port: ports[0], violatesKind: false };
  // Grepr's notation: `branch -> x` leaves the `default` output of a multi-output operation.
  if (ports.includes('default')) return { port: 'default', violatesKind: false };
  const example =
    direction === 'output' ? formatEdge({ ...edge, fromPort: ports[0] }) : formatEdge({ ...edge, toPort: ports[0] });
  return {
    problem: `${owner} has several ${direction} ports (${ports.join(', ')}); name one, e.g. ${quote(example)}`,
    violatesKind: false,
  };
}

function missingVertexMessage(name: string, vertexNames: () => readonly string[], suggest: Suggest) {
  const near = suggest(name, vertexNames, 1);
  return `no vertex is named ${quote(name)}` + (near.length > 0 ? `; did you mean ${quote(near[0])}?` : '');
}

// ─── Graph-wide rules ────────────────────────────────────────────────────────

/** Reports one cycle per strongly connected component, at its lowest-numbered edge. */
function reportCycles(edges: EdgeInfo[], report: Report) {
  const successors = new Map<VertexInfo, VertexInfo[]>();
  const usable = edges.filter((edge) => !edge.violatesKind);
  for (const edge of usable) {
    const next = successors.get(edge.fromVertex) ?? [];
    next.push(edge.toVertex);
    successors.set(edge.fromVertex, next);
  }
  const componentOf = stronglyConnectedComponents(successors);

  // Every edge inside a component lies on a cycle (a self-loop included).
  const firstEdgeOnCycle = new Map<number, EdgeInfo>();
  for (const edge of usable) {
    const component = componentOf.get(edge.fromVertex)!;
    if (component === componentOf.get(edge.toVertex) && !firstEdgeOnCycle.has(component)) {
      firstEdgeOnCycle.set(component, edge);
    }
  }
  for (const [component, edge] of firstEdgeOnCycle) {
    const inComponent = (vertex: VertexInfo) => componentOf.get(vertex) === component;
    const back = shortestRoute(edge.toVertex, edge.fromVertex, successors, inComponent);
    const cycle = describeCycle([edge.fromVertex, ...back].map((vertex) => shorten(vertex.name!)));
    report(edge.path, `cycle: ${cycle}; a job graph must be acyclic, so remove or redirect one of these edges`);
  }
}

/** `a -> b -> c -> a`, with the middle of a long cycle elided so the message stays readable. */
function describeCycle(names: string[]): string {
  const shown = 5;
  if (names.length <= 2 * shown + 1) return names.join(' -> ');
  const hidden = names.length - 2 * shown;
  return [...names.slice(0, shown), `… ${hidden} more …`, ...names.slice(-shown)].join(' -> ');
}

/** Tarjan's algorithm, iterative so a long chain cannot overflow the stack. Returns each vertex's component. */
function stronglyConnectedComponents(successors: Map<VertexInfo, VertexInfo[]>): Map<VertexInfo, number> {
  const order = new Map<VertexInfo, number>();
  const lowLink = new Map<VertexInfo, number>();
  const stack: VertexInfo[] = [];
  const onStack = new Set<VertexInfo>();
  const componentOf = new Map<VertexInfo, number>();
  let components = 0;

  const visit = (vertex: VertexInfo) => {
    order.set(vertex, order.size);
    lowLink.set(vertex, order.get(vertex)!);
    stack.push(vertex);
    onStack.add(vertex);
  };

  for (const root of successors.keys()) {
    if (order.has(root)) continue;
    visit(root);
    const frames = [{ vertex: root, next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const next = successors.get(frame.vertex) ?? [];
      if (frame.next < next.length) {
        const target = next[frame.next++];
        if (!order.has(target)) {
          visit(target);
          frames.push({ vertex: target, next: 0 });
        } else if (onStack.has(target)) {
          lowLink.set(frame.vertex, Math.min(lowLink.get(frame.vertex)!, order.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) lowLink.set(parent.vertex, Math.min(lowLink.get(parent.vertex)!, lowLink.get(frame.vertex)!));
      if (lowLink.get(frame.vertex) === order.get(frame.vertex)) {
        let member: VertexInfo;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          componentOf.set(member, components);
        } while (member !== frame.vertex);
        components++;
      }
    }
  }
  return componentOf;
}

/** Breadth-first route from `start` to `target` (both included), staying among vertices that `allowed` accepts. */
function shortestRoute(
  start: VertexInfo,
  target: VertexInfo,
  successors: Map<VertexInfo, VertexInfo[]>,
  allowed: (vertex: VertexInfo) => boolean,
): VertexInfo[] {
  const cameFrom = new Map<VertexInfo, VertexInfo | null>([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length && !cameFrom.has(target); head++) {
    for (const next of successors.get(queue[head]) ?? []) {
      if (cameFrom.has(next) || !allowed(next)) continue;
      cameFrom.set(next, queue[head]);
      queue.push(next);
    }
  }
  const route: VertexInfo[] = [];
  for (let vertex: VertexInfo | null | undefined = target; vertex; vertex = cameFrom.get(vertex)) route.push(vertex);
  return route.reverse();
}

function reportDisconnectedVertices(vertices: VertexInfo[], edges: EdgeInfo[], report: Report) {
  const incoming = new Map<VertexInfo, number>();
  const outgoing = new Map<VertexInfo, number>();
  for (const edge of edges) {
    outgoing.set(edge.fromVertex, (outgoing.get(edge.fromVertex) ?? 0) + 1);
    incoming.set(edge.toVertex, (incoming.get(edge.toVertex) ?? 0) + 1);
  }

  for (const vertex of vertices) {
    // A nameless or duplicate vertex cannot be referred to; its name is the problem already reported.
    if (!vertex.isFirstWithName) continue;
    const name = quote(vertex.name!);
    const shortName = shorten(vertex.name!);
    const hasInput = (incoming.get(vertex) ?? 0) > 0;
    const hasOutput = (outgoing.get(vertex) ?? 0) > 0;
    const kind = vertex.definition?.kind;
    const noun = kind ?? 'vertex';

    if (!hasInput && !hasOutput && (vertices.length > 1 || kind === 'transform')) {
      report(vertex.path, `${noun} ${name} is not connected to anything; add edges to and from it, or remove it`);
    } else if (kind === 'source' && !hasOutput) {
      report(vertex.path, `source ${name} has no outgoing edge, so its events go nowhere; ${addOutgoing(shortName)}`);
    } else if (kind === 'sink' && !hasInput) {
      report(vertex.path, `sink ${name} has no incoming edge, so it receives nothing; ${addIncoming(shortName)}`);
    } else if (kind === 'transform' && !hasInput) {
      report(vertex.path, `transform ${name} has no incoming edge, so it receives nothing; ${addIncoming(shortName)}`);
    } else if (kind === 'transform' && !hasOutput) {
      report(vertex.path, `transform ${name} has no outgoing edge, so its events are lost; ${addOutgoing(shortName)}`);
    }
  }
}

const addOutgoing = (name: string) => `add an edge like '${name} -> <next vertex>'`;
const addIncoming = (name: string) => `add an edge like '<previous vertex> -> ${name}'`;

function reportGraphShape(
  rawVertices: unknown[],
  vertices: VertexInfo[],
  options: GraphValidationOptions,
  report: Report,
) {
  if (rawVertices.length === 0) {
    report(ROOT, 'the job graph has no vertices; add at least a source and a sink, joined by an edge');
    return;
  }

  const { execution } = options;
  if (execution === 'ASYNCHRONOUS') {
    for (const vertex of vertices) {
      if (!vertex.definition?.syncSink) continue;
      const name = quote(vertex.name ?? `#${vertex.index}`);
      report(
        vertex.path,
        `sync sink ${name} (${vertex.definition.type}) returns results to the caller, ` +
          'which only a SYNCHRONOUS job has; use another sink in an ASYNCHRONOUS job',
      );
    }
  }

  // If a type is unknown, that vertex may well be the missing source or sink: don't guess.
  if (vertices.some((vertex) => !vertex.definition)) return;
  const kinds = new Set(vertices.map((vertex) => vertex.definition!.kind));
  if (!kinds.has('source')) report(ROOT, 'the job graph has no source; add a source vertex to read events from');
  if (!kinds.has('sink')) report(ROOT, 'the job graph has no sink; add a sink vertex to write events to');
  if (execution === 'SYNCHRONOUS' && !vertices.some((vertex) => vertex.definition!.syncSink)) {
    const syncSinks = syncSinkTypes(options);
    report(
      ROOT,
      'a SYNCHRONOUS job must end in a sync sink, which returns its results to the caller; add one' +
        (syncSinks.length > 0 ? ` (${syncSinks.join(', ')})` : ''),
    );
  }
}

// ─── Helpers ─────────────────────────────────────────────────────────────────

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Quotes a user-supplied string for a message. */
function quote(text: string): string {
  return `'${shorten(text)}'`;
}

/** Cuts a user-supplied string short, so a huge value cannot flood a message. */
function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

function vertexLabel(vertex: VertexInfo): string {
  return vertex.name !== undefined ? `vertex ${quote(vertex.name)}` : `vertex #${vertex.index}`;
}

/** The JSON path suffix of an unknown key, e.g. `.predicate.foo`. */
function pathSegment(parent: readonly PropertyKey[], key: string): string {
  const path = joinPath('', [...parent, key]);
  return path.startsWith('[') ? path : `.${path}`;
}

function suggestName(name: string): string {
  const fixed = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 128);
  return NAME_PATTERN.test(fixed) && fixed !== name ? `, e.g. ${quote(fixed)}` : '';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The catalogue is code we call with user input; a lookup that throws or returns junk means "unknown type". */
function safeLookup(lookup: OperationLookup, type: string): OperationDefinition | undefined {
  let definition: unknown;
  try {
    definition = lookup(type);
  } catch {
    return undefined;
  }
  if (!isRecord(definition)) return undefined;
  const looksLikeOperation =
    typeof definition.type === 'string' &&
    (definition.kind === 'source' || definition.kind === 'transform' || definition.kind === 'sink') &&
    isRecord(definition.params) &&
    typeof definition.params.safeParse === 'function' &&
    typeof definition.outputs === 'function' &&
    safePortList(definition.inputs) !== undefined;
  return looksLikeOperation ? (definition as unknown as OperationDefinition) : undefined;
}

function safeOutputs(definition: OperationDefinition, params: unknown): readonly string[] | undefined {
  try {
    return safePortList(definition.outputs(params as never));
  } catch {
    return undefined;
  }
}

function safePortList(ports: unknown): readonly string[] | undefined {
  return Array.isArray(ports) && ports.every((port) => typeof port === 'string') ? ports : undefined;
}

function typeHint(type: string, options: GraphValidationOptions, suggest: Suggest): string {
  const known = [...new Set(options.knownTypes ?? [])];
  if (known.length === 0) return '';
  const near = type ? suggest(type, () => known, 3) : [];
  if (near.length > 0) return `; did you mean ${near.map(quote).join(' or ')}?`;
  const listed = [...known].sort().slice(0, 8);
  return `; known types include ${listed.join(', ')}${known.length > listed.length ? ', …' : ''}`;
}

function syncSinkTypes(options: GraphValidationOptions): string[] {
  const types = new Set<string>();
  for (const type of options.knownTypes ?? []) {
    const definition = safeLookup(options.lookup, type);
    if (definition?.syncSink) types.add(definition.type);
  }
  return [...types];
}

/**
 * Edit distances cost length × length each; one budget per validation keeps a huge graph of typos fast,
 * at the price of no hints once it is spent.
 */
function budgetedSuggestions(budget = 2_000_000): Suggest {
  return (text, candidates, limit) => {
    const threshold = Math.max(2, Math.floor(text.length / 3));
    const near: Array<{ candidate: string; distance: number }> = [];
    for (const candidate of candidates()) {
      if (Math.abs(candidate.length - text.length) > threshold) continue;
      budget -= text.length * candidate.length;
      if (budget < 0) return [];
      const distance = editDistance(text, candidate);
      if (distance > 0 && distance <= threshold) near.push({ candidate, distance });
    }
    return near
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
      .slice(0, limit)
      .map(({ candidate }) => candidate);
  };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

import { formatEdge, parseEdge } from '@/server/model/edges';
import { implicitPort, portsOf } from './catalogue';

/** A vertex exactly as the job JSON holds it: `type`, `name` and the operation's params, flat. */
export type RawVertex = Record<string, unknown>;

/**
 * An edge as written in the job JSON, bound to the vertices it joins. Edges bind to vertex ids, so renaming a
 * vertex rewrites its edges; an edge whose ends name no vertex stays unbound and is kept as text.
 */
export interface EdgeEntry {
  text: string;
  from?: string;
  fromPort?: string;
  to?: string;
  toPort?: string;
}

/**
 * The job being edited. Everything outside the graph is kept as written, in its order, so the JSON round trip
 * is lossless; `JOB_GRAPH` and the vertices/edges placeholders mark where the graph's parts go.
 */
export interface GraphDoc {
  shell: Record<string, unknown>;
  graphShell: Record<string, unknown>;
  vertexIds: string[];
  vertices: Record<string, RawVertex>;
  edgeIds: string[];
  edges: Record<string, EdgeEntry>;
}

const PLACEHOLDER = Symbol('placeholder');

let nextId = 1;
export const newVertexId = () => `v${nextId++}`;
export const newEdgeId = () => `e${nextId++}`;

export function vertexName(vertex: RawVertex | undefined): string {
  return typeof vertex?.name === 'string' ? vertex.name : '';
}

export function vertexType(vertex: RawVertex | undefined): string {
  return typeof vertex?.type === 'string' ? vertex.type : '';
}

export function emptyDoc(name = ''): GraphDoc {
  return {
    shell: { name, execution: 'ASYNCHRONOUS', processing: 'STREAMING', jobGraph: PLACEHOLDER },
    graphShell: { vertices: PLACEHOLDER, edges: PLACEHOLDER },
    vertexIds: [],
    vertices: {},
    edgeIds: [],
    edges: {},
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ─── From JSON ───────────────────────────────────────────────────────────────

export type DocParseResult = { ok: true; doc: GraphDoc } | { ok: false; message: string };

/** Fields a read job carries that a job submission does not: dropped when a GET response is imported. */
const READ_ONLY_FIELDS = [
  'id',
  'version',
  'state',
  'desiredState',
  'organizationId',
  'createdAt',
  'updatedAt',
  'startedAt',
  'endedAt',
  'message',
  'failureReason',
  'rollbackOf',
];

/**
 * Builds a document from job JSON. The graph must be drawable (vertices are objects, edges are strings); anything
 * else, however wrong, is kept for validation to report. Vertex and edge ids are reused from `previous` where a
 * vertex keeps its name (or its place and type), so positions and selection survive a JSON edit.
 */
export function docFromJob(value: unknown, previous?: GraphDoc, options: { importing?: boolean } = {}): DocParseResult {
  if (!isRecord(value)) return { ok: false, message: 'The job must be a JSON object with a "jobGraph".' };
  let job = value;
  if (options.importing) {
    if (!('jobGraph' in job) && ('vertices' in job || 'edges' in job)) {
      // A bare graph: keep the job's own fields.
      job = { ...(previous ? shellWithoutGraph(previous) : emptyDoc().shell), jobGraph: job };
    } else if ('id' in job && 'version' in job) {
      job = Object.fromEntries(Object.entries(job).filter(([key]) => !READ_ONLY_FIELDS.includes(key)));
      if (isRecord(job.tags) && Object.keys(job.tags).length === 0) delete job.tags;
      if (Array.isArray(job.teamIds) && job.teamIds.length === 0) delete job.teamIds;
    }
  }

  const graph = job.jobGraph ?? {};
  if (!isRecord(graph)) return { ok: false, message: '"jobGraph" must be an object with "vertices" and "edges" arrays.' };
  const rawVertices = graph.vertices ?? [];
  const rawEdges = graph.edges ?? [];
  if (!Array.isArray(rawVertices)) return { ok: false, message: '"jobGraph.vertices" must be an array of vertices.' };
  if (!Array.isArray(rawEdges)) return { ok: false, message: '"jobGraph.edges" must be an array of strings like "a:out -> b:in".' };
  for (const [index, vertex] of rawVertices.entries()) {
    if (!isRecord(vertex)) {
      return { ok: false, message: `jobGraph.vertices[${index}] must be an object like {"type": "…", "name": "…"}.` };
    }
  }
  for (const [index, edge] of rawEdges.entries()) {
    if (typeof edge !== 'string') {
      return { ok: false, message: `jobGraph.edges[${index}] must be a string like "a:out -> b:in".` };
    }
  }

  const shell: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(job)) shell[key] = key === 'jobGraph' ? PLACEHOLDER : field;
  if (!('jobGraph' in shell)) shell.jobGraph = PLACEHOLDER;
  const graphShell: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(graph)) {
    graphShell[key] = key === 'vertices' || key === 'edges' ? PLACEHOLDER : field;
  }

  const ids = matchVertexIds(rawVertices as RawVertex[], previous);
  const vertices: Record<string, RawVertex> = {};
  ids.forEach((id, index) => {
    vertices[id] = rawVertices[index] as RawVertex;
  });
  const doc: GraphDoc = { shell, graphShell, vertexIds: ids, vertices, edgeIds: [], edges: {} };

  const previousEdgeByText = new Map<string, string>();
  if (previous) for (const id of previous.edgeIds) previousEdgeByText.set(previous.edges[id].text, id);
  const usedEdgeIds = new Set<string>();
  for (const text of rawEdges as string[]) {
    let id = previousEdgeByText.get(text);
    if (!id || usedEdgeIds.has(id)) id = newEdgeId();
    usedEdgeIds.add(id);
    doc.edgeIds.push(id);
    doc.edges[id] = bindEdge(text, doc);
  }
  return { ok: true, doc };
}

function matchVertexIds(rawVertices: RawVertex[], previous?: GraphDoc): string[] {
  if (!previous) return rawVertices.map(() => newVertexId());
  const byName = new Map<string, string>();
  for (const id of previous.vertexIds) {
    const name = vertexName(previous.vertices[id]);
    if (name && !byName.has(name)) byName.set(name, id);
  }
  const used = new Set<string>();
  const ids: Array<string | undefined> = rawVertices.map((vertex) => {
    const id = byName.get(vertexName(vertex));
    if (id && !used.has(id)) {
      used.add(id);
      return id;
    }
    return undefined;
  });
  // A renamed vertex keeps its id when it stays in place with the same type.
  return ids.map((id, index) => {
    if (id) return id;
    const candidate = previous.vertexIds[index];
    if (candidate && !used.has(candidate) && vertexType(previous.vertices[candidate]) === vertexType(rawVertices[index])) {
      used.add(candidate);
      return candidate;
    }
    return newVertexId();
  });
}

/** The first vertex with each name, as the validator resolves edges. */
export function vertexIdsByName(doc: GraphDoc): Map<string, string> {
  const byName = new Map<string, string>();
  for (const id of doc.vertexIds) {
    const name = vertexName(doc.vertices[id]);
    if (!byName.has(name)) byName.set(name, id);
  }
  return byName;
}

export function bindEdge(text: string, doc: GraphDoc, byName = vertexIdsByName(doc)): EdgeEntry {
  const parsed = parseEdge(text);
  if (!parsed.ok) return { text };
  const entry: EdgeEntry = { text };
  const from = byName.get(parsed.edge.from);
  const to = byName.get(parsed.edge.to);
  if (from === undefined || to === undefined) return entry;
  entry.from = from;
  entry.to = to;
  if (parsed.edge.fromPort !== undefined) entry.fromPort = parsed.edge.fromPort;
  if (parsed.edge.toPort !== undefined) entry.toPort = parsed.edge.toPort;
  return entry;
}

/** Binds edges that name no vertex yet, e.g. after a vertex was renamed to what an edge expects. */
export function rebindDanglingEdges(doc: GraphDoc): GraphDoc {
  if (doc.edgeIds.every((id) => doc.edges[id].from !== undefined)) return doc;
  const byName = vertexIdsByName(doc);
  let edges = doc.edges;
  for (const id of doc.edgeIds) {
    const entry = edges[id];
    if (entry.from !== undefined) continue;
    const bound = bindEdge(entry.text, doc, byName);
    if (bound.from !== undefined) {
      if (edges === doc.edges) edges = { ...edges };
      edges[id] = bound;
    }
  }
  return edges === doc.edges ? doc : { ...doc, edges };
}

// ─── To JSON ─────────────────────────────────────────────────────────────────

function shellWithoutGraph(doc: GraphDoc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc.shell).filter(([key]) => key !== 'jobGraph'));
}

export function graphFromDoc(doc: GraphDoc): { vertices: RawVertex[]; edges: string[] } & Record<string, unknown> {
  const vertices = doc.vertexIds.map((id) => doc.vertices[id]);
  const edges = doc.edgeIds.map((id) => doc.edges[id].text);
  const graph: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(doc.graphShell)) {
    if (key === 'vertices') graph.vertices = vertices;
    else if (key === 'edges') graph.edges = edges;
    else graph[key] = field;
  }
  if (!('vertices' in graph) && vertices.length > 0) graph.vertices = vertices;
  if (!('edges' in graph) && edges.length > 0) graph.edges = edges;
  return graph as { vertices: RawVertex[]; edges: string[] };
}

/** The job as JSON: the API's job submission, fields in the order they were written. */
export function jobFromDoc(doc: GraphDoc): Record<string, unknown> {
  const job: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(doc.shell)) job[key] = key === 'jobGraph' ? graphFromDoc(doc) : field;
  return job;
}

export function jobText(doc: GraphDoc): string {
  return JSON.stringify(jobFromDoc(doc), null, 2);
}

/** JSON with object keys sorted, to compare two graphs regardless of how they were written. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (!isRecord(field)) return field;
    return Object.fromEntries(Object.keys(field).sort().map((key) => [key, field[key]]));
  });
}

/** Two graphs are the same job graph when their vertices and edges are, whatever their spacing. */
export function sameGraph(a: unknown, b: unknown): boolean {
  const normalize = (graph: unknown) => {
    const record = isRecord(graph) ? graph : {};
    return canonicalJson({ vertices: record.vertices ?? [], edges: record.edges ?? [] });
  };
  return normalize(a) === normalize(b);
}

// ─── Edges ───────────────────────────────────────────────────────────────────

export interface ResolvedEnds {
  sourceHandle: string;
  targetHandle: string;
}

/** The handles an edge is drawn between: its named ports, or the ports the validator would pick. */
export function resolvedHandles(entry: EdgeEntry, doc: GraphDoc): ResolvedEnds | undefined {
  if (entry.from === undefined || entry.to === undefined) return undefined;
  const from = doc.vertices[entry.from];
  const to = doc.vertices[entry.to];
  if (!from || !to) return undefined;
  const sourceHandle = entry.fromPort ?? implicitPort(portsOf(from).outputs, 'output') ?? portsOf(from).outputs[0] ?? 'out';
  const targetHandle = entry.toPort ?? implicitPort(portsOf(to).inputs, 'input') ?? portsOf(to).inputs[0] ?? 'in';
  return { sourceHandle, targetHandle };
}

/** Rewrites the edge text for new vertex names, keeping the ports as they were written. */
export function edgeTextFor(entry: EdgeEntry, doc: GraphDoc): string {
  if (entry.from === undefined || entry.to === undefined) return entry.text;
  return formatEdge({
    from: vertexName(doc.vertices[entry.from]),
    fromPort: entry.fromPort,
    to: vertexName(doc.vertices[entry.to]),
    toPort: entry.toPort,
  });
}

/** Whether `target` can be reached from `start` along bound edges, and by which vertices. */
export function routeBetween(doc: GraphDoc, start: string, target: string): string[] | undefined {
  const successors = new Map<string, string[]>();
  for (const id of doc.edgeIds) {
    const { from, to } = doc.edges[id];
    if (from === undefined || to === undefined) continue;
    const list = successors.get(from) ?? [];
    list.push(to);
    successors.set(from, list);
  }
  const cameFrom = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const vertex = queue[head];
    if (vertex === target) break;
    for (const next of successors.get(vertex) ?? []) {
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, vertex);
      queue.push(next);
    }
  }
  if (!cameFrom.has(target)) return undefined;
  const route: string[] = [];
  for (let vertex: string | null | undefined = target; vertex; vertex = cameFrom.get(vertex)) route.push(vertex);
  return route.reverse();
}

export { PLACEHOLDER };

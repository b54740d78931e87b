import { implicitPort, portsOf } from '@/components/graph-editor/catalogue';
import { formatEdge, parseEdge } from '@/server/model/edges';
import type { JobGraph, Vertex } from '@/server/model/job';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';
export type EdgeDiffStatus = Exclude<DiffStatus, 'changed'>;

/** One field that differs between two versions of a vertex, at a path such as `predicate.query` or `values[0].message`. */
export interface ParamChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface VertexDiff {
  name: string;
  status: DiffStatus;
  /** The vertex in the older graph of the pair, absent when added. */
  before?: Vertex;
  /** The vertex in the newer graph of the pair, absent when removed. */
  after?: Vertex;
  /** Field by field; `type` is one of the fields, `name` is the identity and never is. */
  changes: ParamChange[];
}

export interface EdgeDiff {
  /** Identity across versions: both ends with their ports resolved, so `a -> b` and `a:out -> b:in` are one edge. */
  key: string;
  status: EdgeDiffStatus;
  /** Canonical text, `a:out -> b:in`; an edge that does not parse keeps its text as written. */
  text: string;
  from?: string;
  fromPort?: string;
  to?: string;
  toPort?: string;
}

export interface GraphDiff {
  /** The union of both graphs' vertices: the newer graph's order, then the removed ones in their old order. */
  vertices: VertexDiff[];
  edges: EdgeDiff[];
}

export interface DiffSummary {
  verticesAdded: number;
  verticesRemoved: number;
  verticesChanged: number;
  verticesUnchanged: number;
  edgesAdded: number;
  edgesRemoved: number;
  edgesUnchanged: number;
}

type Json = unknown;

const isPlainObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const aKeys = definedKeys(a);
    const bKeys = definedKeys(b);
    return aKeys.length === bKeys.length && aKeys.every((key) => key in b && deepEqual(a[key], b[key]));
  }
  return false;
}

/** JSON has no `undefined`: a key holding it is treated as absent. */
function definedKeys(value: Record<string, Json>): string[] {
  return Object.keys(value).filter((key) => value[key] !== undefined);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function childPath(path: string, key: string): string {
  if (IDENTIFIER.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * The field-by-field differences from `before` to `after`: objects are compared key by key and arrays index by index,
 * down to the first level where the two disagree in kind or value.
 */
export function diffParams(before: Json, after: Json, path = ''): ParamChange[] {
  if (deepEqual(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const changes: ParamChange[] = [];
    const beforeKeys = definedKeys(before);
    const afterKeys = definedKeys(after);
    const keys = [...beforeKeys, ...afterKeys.filter((key) => !beforeKeys.includes(key))];
    for (const key of keys) {
      const at = childPath(path, key);
      if (!afterKeys.includes(key)) changes.push({ path: at, kind: 'removed', before: before[key] });
      else if (!beforeKeys.includes(key)) changes.push({ path: at, kind: 'added', after: after[key] });
      else changes.push(...diffParams(before[key], after[key], at));
    }
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: ParamChange[] = [];
    const longest = Math.max(before.length, after.length);
    for (let index = 0; index < longest; index++) {
      const at = `${path}[${index}]`;
      if (index >= after.length) changes.push({ path: at, kind: 'removed', before: before[index] });
      else if (index >= before.length) changes.push({ path: at, kind: 'added', after: after[index] });
      else changes.push(...diffParams(before[index], after[index], at));
    }
    return changes;
  }
  return [{ path, kind: 'changed', before, after }];
}

function withoutName(vertex: Vertex): Record<string, Json> {
  const { name: _name, ...rest } = vertex;
  return rest;
}

/** Vertex names are the identity; a graph with a repeated name is invalid, and its first vertex stands for it here. */
function byName(graph: JobGraph): Map<string, Vertex> {
  const map = new Map<string, Vertex>();
  for (const vertex of graph.vertices) if (!map.has(vertex.name)) map.set(vertex.name, vertex);
  return map;
}

interface ResolvedEdge {
  key: string;
  text: string;
  from?: string;
  fromPort?: string;
  to?: string;
  toPort?: string;
}

/** Fills in the ports an edge leaves out, the way the validator reads it, so that equal edges compare equal. */
function resolveEdge(text: string, vertices: Map<string, Vertex>): ResolvedEdge {
  const parsed = parseEdge(text);
  if (!parsed.ok) return { key: `unparsed:${text}`, text };
  const { from, to } = parsed.edge;
  const fromVertex = vertices.get(from);
  const toVertex = vertices.get(to);
  const fromPort = parsed.edge.fromPort ?? (fromVertex ? implicitPort(portsOf(fromVertex).outputs, 'output') : undefined);
  const toPort = parsed.edge.toPort ?? (toVertex ? implicitPort(portsOf(toVertex).inputs, 'input') : undefined);
  const canonical = formatEdge({ from, fromPort, to, toPort });
  return { key: canonical, text: canonical, from, fromPort, to, toPort };
}

function resolvedEdges(graph: JobGraph): Map<string, ResolvedEdge> {
  const vertices = byName(graph);
  const edges = new Map<string, ResolvedEdge>();
  for (const text of graph.edges) {
    const edge = resolveEdge(text, vertices);
    if (!edges.has(edge.key)) edges.set(edge.key, edge);
  }
  return edges;
}

/** What changes from `before` to `after`: the union of both graphs, each vertex and edge marked. */
export function diffJobGraphs(before: JobGraph, after: JobGraph): GraphDiff {
  const beforeVertices = byName(before);
  const afterVertices = byName(after);
  const vertices: VertexDiff[] = [];
  for (const [name, vertex] of afterVertices) {
    const old = beforeVertices.get(name);
    if (!old) {
      vertices.push({ name, status: 'added', after: vertex, changes: diffParams({}, withoutName(vertex)) });
      continue;
    }
    const changes = diffParams(withoutName(old), withoutName(vertex));
    vertices.push({ name, status: changes.length > 0 ? 'changed' : 'unchanged', before: old, after: vertex, changes });
  }
  for (const [name, vertex] of beforeVertices) {
    if (!afterVertices.has(name)) {
      vertices.push({ name, status: 'removed', before: vertex, changes: diffParams(withoutName(vertex), {}) });
    }
  }

  const beforeEdges = resolvedEdges(before);
  const afterEdges = resolvedEdges(after);
  const edges: EdgeDiff[] = [];
  for (const [key, edge] of afterEdges) edges.push({ ...edge, status: beforeEdges.has(key) ? 'unchanged' : 'added' });
  for (const [key, edge] of beforeEdges) if (!afterEdges.has(key)) edges.push({ ...edge, status: 'removed' });
  return { vertices, edges };
}

export function summarizeDiff(diff: GraphDiff): DiffSummary {
  const count = <T extends { status: string }>(items: T[], status: string) => items.filter((item) => item.status === status).length;
  return {
    verticesAdded: count(diff.vertices, 'added'),
    verticesRemoved: count(diff.vertices, 'removed'),
    verticesChanged: count(diff.vertices, 'changed'),
    verticesUnchanged: count(diff.vertices, 'unchanged'),
    edgesAdded: count(diff.edges, 'added'),
    edgesRemoved: count(diff.edges, 'removed'),
    edgesUnchanged: count(diff.edges, 'unchanged'),
  };
}

export function hasChanges(diff: GraphDiff): boolean {
  return diff.vertices.some((vertex) => vertex.status !== 'unchanged') || diff.edges.some((edge) => edge.status !== 'unchanged');
}

export function sameJobGraph(a: JobGraph, b: JobGraph): boolean {
  return !hasChanges(diffJobGraphs(a, b));
}

const counted = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "1 vertex added, 1 vertex changed, 2 edges added, 1 edge removed", or "no changes to the job graph". */
export function describeSummary(summary: DiffSummary): string {
  const parts: string[] = [];
  const vertices = (count: number) => counted(count, 'vertex', 'vertices');
  const edges = (count: number) => counted(count, 'edge', 'edges');
  if (summary.verticesAdded) parts.push(`${vertices(summary.verticesAdded)} added`);
  if (summary.verticesRemoved) parts.push(`${vertices(summary.verticesRemoved)} removed`);
  if (summary.verticesChanged) parts.push(`${vertices(summary.verticesChanged)} changed`);
  if (summary.edgesAdded) parts.push(`${edges(summary.edgesAdded)} added`);
  if (summary.edgesRemoved) parts.push(`${edges(summary.edgesRemoved)} removed`);
  return parts.length === 0 ? 'no changes to the job graph' : parts.join(', ');
}

/** A param value as the API would show it: JSON, with absence spelled out. */
export function formatParamValue(value: unknown): string {
  if (value === undefined) return '(not set)';
  return JSON.stringify(value) ?? String(value);
}

import { NAME_PATTERN } from '@/server/model/job';
import { validateJobGraph } from '@/server/model/validate-graph';
import { catalogueLookup, operationFor } from './catalogue';
import { graphFromDoc, resolvedHandles, routeBetween, vertexName, type GraphDoc } from './graph-document';

export interface EditorProblem {
  /** Stable enough for React keys: the path plus the message. */
  key: string;
  /** The JSON path the validator reported, e.g. `jobGraph.vertices[2].rate`. */
  path: string;
  message: string;
  vertexId?: string;
  edgeId?: string;
  /** Within the vertex, the param the problem is about (`rate`, `predicate.query`); empty for the vertex itself. */
  field?: string;
  /** The message without the "vertex 'x' (type): param 'y'" preamble, for places that already say which field. */
  short: string;
}

export interface ValidationIndex {
  problems: EditorProblem[];
  byVertex: Record<string, EditorProblem[]>;
  byEdge: Record<string, EditorProblem[]>;
}

/** What cannot change once a job exists: an update carries only its graph. */
export interface LockedJobFields {
  name: string;
  execution: string;
  processing: string;
}

const EXECUTIONS = ['SYNCHRONOUS', 'ASYNCHRONOUS'] as const;
const PROCESSINGS = ['STREAMING', 'BATCH'] as const;

/** Validates the document with the server's own code, then files every problem under its vertex or edge. */
export function validateDoc(doc: GraphDoc, locked?: LockedJobFields): ValidationIndex {
  const problems: EditorProblem[] = [];
  const add = (path: string, message: string) => problems.push(locate(doc, path, message));

  const { name, execution, processing } = doc.shell;
  if (locked) {
    if (name !== locked.name) add('name', `a pipeline's name is fixed once it exists; set it back to "${locked.name}"`);
    if (execution !== locked.execution) add('execution', `execution is fixed once a job exists; set it back to "${locked.execution}"`);
    if (processing !== locked.processing) add('processing', `processing is fixed once a job exists; set it back to "${locked.processing}"`);
  } else {
    // An empty canvas has a bigger problem than its name; ask for the name once there is something to name.
    if (typeof name !== 'string' || name === '') {
      if (doc.vertexIds.length > 0) add('name', 'name the pipeline: lowercase letters, digits and underscores, e.g. checkout_logs');
    } else if (!NAME_PATTERN.test(name)) add('name', 'the pipeline name must be 1–128 lowercase letters, digits and underscores');
    if (execution !== undefined && execution !== 'ASYNCHRONOUS') {
      add('execution', 'the editor deploys ASYNCHRONOUS jobs; SYNCHRONOUS queries are sent to POST /api/v1/jobs/sync');
    }
    if (processing !== undefined && !PROCESSINGS.includes(processing as (typeof PROCESSINGS)[number])) {
      add('processing', 'processing must be STREAMING or BATCH');
    }
  }

  const result = validateJobGraph(graphFromDoc(doc), {
    execution: EXECUTIONS.includes(execution as (typeof EXECUTIONS)[number]) ? (execution as (typeof EXECUTIONS)[number]) : 'ASYNCHRONOUS',
    processing: PROCESSINGS.includes(processing as (typeof PROCESSINGS)[number]) ? (processing as (typeof PROCESSINGS)[number]) : 'STREAMING',
    ...catalogueLookup,
  });
  for (const problem of result.errors) add(problem.path, problem.message);

  const index: ValidationIndex = { problems, byVertex: {}, byEdge: {} };
  for (const problem of problems) {
    if (problem.vertexId) (index.byVertex[problem.vertexId] ??= []).push(problem);
    if (problem.edgeId) (index.byEdge[problem.edgeId] ??= []).push(problem);
  }
  return index;
}

const VERTEX_PATH = /^jobGraph\.vertices\[(\d+)\](.*)$/;
const EDGE_PATH = /^jobGraph\.edges\[(\d+)\]/;

const PARAM_PREAMBLE = /^vertex '(?:[^']|'')*' \([^)]*\): param '[^']*'(?:: | )/;

/** `vertex 'gen' (logs-generator-source): param 'rate': Too small…` → `Too small…`; `… is required` → `Required`. */
function shorten(message: string): string {
  const rest = message.replace(PARAM_PREAMBLE, '');
  if (rest === message) return message;
  return rest.replace(/^is /, '');
}

function locate(doc: GraphDoc, path: string, message: string): EditorProblem {
  const problem: EditorProblem = { key: `${path}\u0000${message}`, path, message, short: shorten(message) };
  const vertex = VERTEX_PATH.exec(path);
  if (vertex) {
    problem.vertexId = doc.vertexIds[Number(vertex[1])];
    problem.field = vertex[2].replace(/^\./, '');
    return problem;
  }
  const edge = EDGE_PATH.exec(path);
  if (edge) problem.edgeId = doc.edgeIds[Number(edge[1])];
  return problem;
}

/** Where a problem is, in words: `parse_json › rate`, `edge a -> b`, `pipeline`. */
export function problemLocation(problem: EditorProblem, doc: GraphDoc): string {
  if (problem.vertexId) {
    const name = vertexName(doc.vertices[problem.vertexId]) || 'unnamed vertex';
    return problem.field ? `${name} › ${problem.field}` : name;
  }
  if (problem.edgeId && doc.edges[problem.edgeId]) return `edge ${doc.edges[problem.edgeId].text}`;
  if (problem.path === 'jobGraph') return 'pipeline';
  return problem.path;
}

// ─── Connections ─────────────────────────────────────────────────────────────

/**
 * Why an edge from `fromId`'s output to `toId`'s input would be wrong, or undefined when it is fine.
 * The same rules as the validator, checked before the edge exists so the canvas can refuse it at once.
 */
export function connectionProblem(
  doc: GraphDoc,
  fromId: string,
  fromPort: string | null | undefined,
  toId: string,
  toPort: string | null | undefined,
): string | undefined {
  const from = doc.vertices[fromId];
  const to = doc.vertices[toId];
  if (!from || !to) return 'That vertex no longer exists.';
  const fromName = vertexName(from) || 'this vertex';
  const toName = vertexName(to) || 'that vertex';
  if (fromId === toId) return `"${fromName}" cannot feed itself: a pipeline must flow one way.`;
  if (operationFor(from.type)?.kind === 'sink') {
    return `"${fromName}" is a sink: sinks have no outputs, so no edge can start there.`;
  }
  if (operationFor(to.type)?.kind === 'source') {
    return `"${toName}" is a source: sources take no input, so no edge can end there.`;
  }
  for (const id of doc.edgeIds) {
    const edge = doc.edges[id];
    if (edge.from !== fromId || edge.to !== toId) continue;
    const handles = resolvedHandles(edge, doc);
    if (handles && handles.sourceHandle === fromPort && handles.targetHandle === toPort) {
      return `"${fromName}" is already connected to "${toName}" there.`;
    }
  }
  const back = routeBetween(doc, toId, fromId);
  if (back) {
    const cycle = [fromId, ...back].map((id) => vertexName(doc.vertices[id]) || '?');
    return `That would create a cycle (${cycle.join(' → ')}): a pipeline must flow one way.`;
  }
  return undefined;
}

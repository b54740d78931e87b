import type { JobGraph, Vertex } from '@/server/model/job';
import { formatEdge, parseEdge } from '@/server/model/edges';
import { getOperation } from '@/server/operations/registry';

/** How a pattern found in the query console goes into a pipeline. */
export type PatternUse = 'drop' | 'exception';

function uniqueName(graph: JobGraph, base: string): string {
  const taken = new Set(graph.vertices.map((vertex) => vertex.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

export function reducerNames(graph: JobGraph): string[] {
  return graph.vertices.filter((vertex) => vertex.type === 'log-reducer').map((vertex) => vertex.name);
}

/**
 * The graph with the pattern's query added:
 * - `exception`: to every log reducer's `logReducerExceptions`, so those events pass through whole;
 * - `drop`: as an inverted `logs-filter` right after the sources, so those events go nowhere.
 * Undefined when the graph has nowhere to put it (no reducer, or no source).
 */
export function withPattern(graph: JobGraph, query: string, use: PatternUse): JobGraph | undefined {
  const predicate = { type: 'datadog-query', query };
  if (use === 'exception') {
    if (reducerNames(graph).length === 0) return undefined;
    return {
      edges: [...graph.edges],
      vertices: graph.vertices.map((vertex) => {
        if (vertex.type !== 'log-reducer') return vertex;
        const existing = Array.isArray(vertex.logReducerExceptions) ? (vertex.logReducerExceptions as unknown[]) : [];
        return { ...vertex, logReducerExceptions: [...existing, predicate] };
      }),
    };
  }
  const sources = new Set(graph.vertices.filter((vertex) => getOperation(vertex.type)?.kind === 'source').map((vertex) => vertex.name));
  if (sources.size === 0) return undefined;
  const filterName = uniqueName(graph, 'drop_pattern');
  const filter: Vertex = { type: 'logs-filter', name: filterName, predicate, inverted: true };
  const edges: string[] = [];
  const fromSources = new Set<string>();
  for (const text of graph.edges) {
    const parsed = parseEdge(text);
    if (!parsed.ok || !sources.has(parsed.edge.from)) {
      edges.push(text);
      continue;
    }
    const { from, fromPort, to, toPort } = parsed.edge;
    const intoFilter = formatEdge({ from, fromPort, to: filterName });
    if (!fromSources.has(intoFilter)) {
      fromSources.add(intoFilter);
      edges.push(intoFilter);
    }
    const outOfFilter = formatEdge({ from: filterName, to, toPort });
    if (!edges.includes(outOfFilter)) edges.push(outOfFilter);
  }
  if (fromSources.size === 0) return undefined;
  return { vertices: [...graph.vertices, filter], edges };
}

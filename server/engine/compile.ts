import type { Execution, JobGraph, Processing } from '../model/job';
import { validateJobGraph } from '../model/validate-graph';
import { catalogueLookup } from '../operations/registry';
import type { RunnableGraph } from './pipeline-run';

/** Re-validates a stored graph against today's catalogue and returns what the engine runs. */
export function compileJobGraph(
  graph: JobGraph,
  execution: Execution,
  processing: Processing,
): { ok: true; graph: RunnableGraph } | { ok: false; reason: string } {
  const result = validateJobGraph(graph, { execution, processing, ...catalogueLookup });
  if (!result.valid || !result.graph) {
    const problems = result.errors.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    return { ok: false, reason: `the job graph is not valid: ${problems}` };
  }
  return { ok: true, graph: result.graph };
}

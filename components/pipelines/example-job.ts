import type { CreateJobInput } from '@/server/model/job';

/** The smallest pipeline that runs: a source that repeats one log line, into a sink that drops it. */
export const EXAMPLE_JOB = {
  name: 'my_first_pipeline',
  execution: 'ASYNCHRONOUS',
  processing: 'STREAMING',
  jobGraph: {
    vertices: [
      { name: 'source', type: 'logs-values-source', loop: true, values: [{ message: 'hello from weir' }] },
      { name: 'sink', type: 'discarding-sink' },
    ],
    edges: ['source -> sink'],
  },
} satisfies CreateJobInput;

/** JSON on one line, spaced like a person would type it. */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value).map(([key, field]) => `${JSON.stringify(key)}: ${inlineJson(field)}`);
    return `{${fields.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The example job as the body of a curl call: one vertex per line, so it reads like a graph. */
export function exampleCurl(origin: string): string {
  const { jobGraph, ...header } = EXAMPLE_JOB;
  const lines = [
    `curl -X POST ${origin}/api/v1/jobs/async \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{`,
    ...Object.entries(header).map(([key, value]) => `    ${JSON.stringify(key)}: ${inlineJson(value)},`),
    `    "jobGraph": {`,
    `      "vertices": [`,
    ...jobGraph.vertices.map(
      (vertex, index) => `        ${inlineJson(vertex)}${index < jobGraph.vertices.length - 1 ? ',' : ''}`,
    ),
    `      ],`,
    `      "edges": ${inlineJson(jobGraph.edges)}`,
    `    }`,
    `  }'`,
  ];
  return lines.join('\n');
}

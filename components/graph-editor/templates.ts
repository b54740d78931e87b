/**
 * Starting points offered by the empty pipelines list. They name catalogue types as the API does; a type this
 * server does not provide yet still appears, flagged by validation with a way to replace it.
 */
export interface PipelineTemplate {
  id: string;
  title: string;
  description: string;
  /** The chain of steps, in words, for the card. */
  steps: string[];
  job: {
    name: string;
    execution: 'ASYNCHRONOUS';
    processing: 'STREAMING';
    jobGraph: { vertices: Array<Record<string, unknown> & { type: string; name: string }>; edges: string[] };
  };
}

export const PIPELINE_TEMPLATES: readonly PipelineTemplate[] = [
  {
    id: 'datadog-reducer',
    title: 'Reduce Datadog logs, keep every raw event',
    description:
      'Receives logs from your Datadog agents, parses JSON messages, and sends Datadog reduced samples and summaries of repetitive logs, while the raw store keeps every event for queries and backfills.',
    steps: ['Datadog agent', 'Parse JSON', 'Reducer', 'Datadog + raw store'],
    job: {
      name: 'datadog_reducer',
      execution: 'ASYNCHRONOUS',
      processing: 'STREAMING',
      jobGraph: {
        vertices: [
          { name: 'datadog_agent', type: 'datadog-log-agent-source' },
          { name: 'parse_json', type: 'json-log-processor' },
          { name: 'reducer', type: 'log-reducer' },
          { name: 'datadog', type: 'datadog-log-sink' },
          { name: 'raw_store', type: 'logs-iceberg-table-sink' },
        ],
        edges: ['datadog_agent -> parse_json', 'parse_json -> reducer', 'reducer -> datadog', 'parse_json -> raw_store'],
      },
    },
  },
  {
    id: 'generated-logs',
    title: 'Try it with generated logs',
    description: 'A generator produces realistic mixed logs, so you can watch events flow without connecting a shipper.',
    steps: ['Log generator', 'Discard'],
    job: {
      name: 'generated_logs',
      execution: 'ASYNCHRONOUS',
      processing: 'STREAMING',
      jobGraph: {
        vertices: [
          { name: 'log_generator', type: 'logs-generator-source', rate: 20 },
          { name: 'discard', type: 'discarding-sink' },
        ],
        edges: ['log_generator -> discard'],
      },
    },
  },
];

export function findTemplate(id: string | undefined): PipelineTemplate | undefined {
  return id ? PIPELINE_TEMPLATES.find((template) => template.id === id) : undefined;
}

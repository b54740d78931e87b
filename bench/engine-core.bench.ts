// Engine core: events/s through JSON parse → filter → reducer → discard, in one process on one core,
// against a parse floor measured in the same run: read the same NDJSON, JSON.parse each line, drop it.
// BENCH_ENGINE_EVENTS sets the event count (default 300,000).
import { it } from 'vitest';
import type { LogEvent } from '@/server/model/log-event';
import { startPipeline, type RunnableGraph } from '@/server/engine/pipeline-run';
import { fakeEngineEnvironment } from '@/server/engine/fake-environment';
import { getOperation } from '@/server/operations/registry';
import { defineOperation, type OperationDefinition } from '@/server/operations/define-operation';
import { z } from 'zod';
import { generateLines } from './reducer';
import { report } from './report';

const EVENTS = Number(process.env.BENCH_ENGINE_EVENTS ?? 300_000);
const BATCH = 1000;

/** ~200-byte NDJSON events, as an agent would send them. */
function ndjson(count: number): string[] {
  const messages = generateLines(count, 7);
  const statuses = ['info', 'info', 'info', 'warn', 'error', 'debug'];
  return messages.map((message, i) =>
    JSON.stringify({ id: `e${i}`, ts: 1_700_000_000_000 + i, status: statuses[i % statuses.length], service: ['checkout', 'search'][i % 2], message: message.slice(0, 140) }),
  );
}

const SEVERITY: Record<string, number> = { debug: 5, info: 9, warn: 13, error: 17 };

function ndjsonSource(lines: string[]): OperationDefinition {
  return defineOperation({
    type: 'bench-ndjson-source',
    kind: 'source',
    title: 'NDJSON',
    description: 'Parses NDJSON lines into events.',
    params: z.strictObject({}),
    inputs: [],
    outputs: () => ['out'],
    create: () => ({
      kind: 'source',
      async run(out) {
        for (let start = 0; start < lines.length; start += BATCH) {
          const batch: LogEvent[] = [];
          const end = Math.min(lines.length, start + BATCH);
          for (let i = start; i < end; i++) {
            const raw = JSON.parse(lines[i]);
            batch.push({ id: raw.id, eventTimestamp: raw.ts, receivedTimestamp: raw.ts, message: raw.message, severity: SEVERITY[raw.status] ?? 9, tags: { service: [raw.service] }, attributes: {} });
          }
          await out.emit('out', batch);
        }
      },
    }),
  }) as unknown as OperationDefinition;
}

function vertex(name: string, type: string, params: Record<string, unknown>, definition = getOperation(type)!) {
  return { name, type, definition, params: definition.params.parse(params) };
}

it('engine core', async () => {
  const lines = ndjson(EVENTS);
  const bytes = lines.reduce((sum, line) => sum + line.length, 0) / lines.length;

  const floorRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    let kept = 0;
    for (const line of lines) if (JSON.parse(line)) kept++;
    floorRuns.push(kept / ((performance.now() - t0) / 1000));
  }
  const floor = Math.max(...floorRuns);

  const pipelineRuns: number[] = [];
  for (let run = 0; run < 3; run++) {
    const graph: RunnableGraph = {
      vertices: [
        vertex('source', 'bench-ndjson-source', {}, ndjsonSource(lines)),
        vertex('drop_debug', 'logs-filter', { predicate: { type: 'datadog-query', query: 'status:debug' }, inverted: true }),
        vertex('reduce', 'log-reducer', {}),
        vertex('vendor', 'discarding-sink', {}),
      ],
      edges: [
        { from: 'source', fromPort: 'out', to: 'drop_debug', toPort: 'in' },
        { from: 'drop_debug', fromPort: 'out', to: 'reduce', toPort: 'in' },
        { from: 'reduce', fromPort: 'out', to: 'vendor', toPort: 'in' },
      ],
    };
    const t0 = performance.now();
    const started = await startPipeline(graph, {
      jobId: 'bench',
      version: 0,
      execution: 'ASYNCHRONOUS',
      processing: 'BATCH',
      checkpoint: new Map(),
      saveCheckpoint: async () => {},
      environment: fakeEngineEnvironment(),
      checkpointIntervalMs: 3_600_000,
    });
    if (!started.ok) throw new Error(started.reason);
    const outcome = await started.run.outcome;
    if (outcome.kind !== 'finished') throw new Error(JSON.stringify(outcome));
    pipelineRuns.push(EVENTS / ((performance.now() - t0) / 1000));
  }
  report('engine core (JSON → filter → reducer → discard)', Math.max(...pipelineRuns), 'events/s', { name: 'JSON.parse floor', value: floor },
    `${EVENTS.toLocaleString('en-US')} events of ~${Math.round(bytes)} bytes, best of 3; target ≥ 0.2× the floor`);
});

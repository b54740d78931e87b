import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LogEvent } from '../model/log-event';
import { defineOperation, type OperationDefinition } from '../operations/define-operation';
import { getOperation } from '../operations/registry';
import { startFailure } from './operator';
import { fakeEngineEnvironment } from './fake-environment';
import { startPipeline, type RunnableGraph, type RunOptions } from './pipeline-run';

const event = (message: string): LogEvent => ({
  id: message,
  eventTimestamp: 1,
  receivedTimestamp: 1,
  message,
  severity: 9,
  tags: {},
  attributes: {},
});

/** A sink that remembers what it received, shared through a map so tests can read it. */
const received = new Map<string, string[]>();
const receivedIds = new Map<string, string[]>();
const collectingSink = defineOperation({
  type: 'test-collecting-sink',
  kind: 'sink',
  title: 'Collect',
  description: 'Collects messages for assertions.',
  params: z.strictObject({ key: z.string() }),
  inputs: ['in'],
  outputs: () => [],
  create: (params) => ({
    kind: 'sink',
    write(events) {
      received.set(params.key, [...(received.get(params.key) ?? []), ...events.map((e) => e.message)]);
      receivedIds.set(params.key, [...(receivedIds.get(params.key) ?? []), ...events.map((e) => e.id)]);
    },
  }),
});

const upperCase = defineOperation({
  type: 'test-upper-case',
  kind: 'transform',
  title: 'Upper',
  description: 'Upper-cases messages.',
  params: z.strictObject({ failWith: z.string().optional() }),
  inputs: ['in'],
  outputs: () => ['out'],
  create: (params) => ({
    kind: 'transform',
    async process(events, out) {
      if (params.failWith) throw new Error(params.failWith);
      await out.emit('out', events.map((e) => ({ ...e, message: e.message.toUpperCase() })));
    },
  }),
});

const batchSource = defineOperation({
  type: 'test-batch-source',
  kind: 'source',
  title: 'Batch',
  description: 'Emits given messages once.',
  params: z.strictObject({ messages: z.array(z.string()) }),
  inputs: [],
  outputs: () => ['out'],
  create: (params) => ({ kind: 'source', run: (out) => out.emit('out', params.messages.map(event)) }),
});

const vertex = (name: string, definition: OperationDefinition, params: unknown) => ({ name, type: definition.type, definition, params });
const options = (overrides: Partial<RunOptions> = {}): RunOptions => ({
  jobId: 'job',
  version: 0,
  execution: 'ASYNCHRONOUS',
  processing: 'BATCH',
  checkpoint: new Map(),
  saveCheckpoint: async () => {},
  environment: fakeEngineEnvironment(),
  ...overrides,
});

describe('pipeline run', () => {
  it('a batch job delivers every event through transforms to each sink it fans out to, then finishes', async () => {
    const graph: RunnableGraph = {
      vertices: [
        vertex('source', batchSource as OperationDefinition, { messages: ['a', 'b'] }),
        vertex('upper', upperCase as OperationDefinition, {}),
        vertex('raw', collectingSink as OperationDefinition, { key: 'fan-raw' }),
        vertex('shouted', collectingSink as OperationDefinition, { key: 'fan-upper' }),
      ],
      edges: [
        { from: 'source', fromPort: 'out', to: 'upper', toPort: 'in' },
        { from: 'source', fromPort: 'out', to: 'raw', toPort: 'in' },
        { from: 'upper', fromPort: 'out', to: 'shouted', toPort: 'in' },
      ],
    };
    const started = await startPipeline(graph, options());
    if (!started.ok) throw new Error(started.reason);
    expect(await started.run.outcome).toEqual({ kind: 'finished' });
    expect(received.get('fan-raw')).toEqual(['a', 'b']);
    expect(received.get('fan-upper')).toEqual(['A', 'B']);
    const metrics = Object.fromEntries(started.run.metrics().map((m) => [m.vertex, m]));
    expect(metrics.source.eventsOut).toBe(2);
    expect(metrics.upper.eventsIn).toBe(2);
    expect(metrics.shouted.eventsIn).toBe(2);
    // Bytes flow with the events: what the source sent is what the raw sink received.
    expect(metrics.source.bytesOut).toBeGreaterThan(2 * 110);
    expect(metrics.raw.bytesIn).toBe(metrics.source.bytesOut);
  });

  it('a vertex that keeps throwing fails the run with the vertex named in the reason', async () => {
    const graph: RunnableGraph = {
      vertices: [
        vertex('source', batchSource as OperationDefinition, { messages: ['a'] }),
        vertex('broken', upperCase as OperationDefinition, { failWith: 'disk on fire' }),
        vertex('sink', collectingSink as OperationDefinition, { key: 'never' }),
      ],
      edges: [
        { from: 'source', fromPort: 'out', to: 'broken', toPort: 'in' },
        { from: 'broken', fromPort: 'out', to: 'sink', toPort: 'in' },
      ],
    };
    const started = await startPipeline(graph, options());
    if (!started.ok) throw new Error(started.reason);
    const outcome = await started.run.outcome;
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.reason).toMatch(/vertex "broken".*disk on fire/);
    expect(started.run.metrics().find((m) => m.vertex === 'broken')?.lastError).toBe('disk on fire');
  });

  it('a start failure names the vertex and its reason, and nothing runs', async () => {
    const refusing = defineOperation({
      ...collectingSink,
      type: 'test-refusing-sink',
      create: () => startFailure('dataset "x" does not exist'),
    }) as OperationDefinition;
    const started = await startPipeline(
      {
        vertices: [vertex('source', batchSource as OperationDefinition, { messages: ['a'] }), vertex('lake', refusing, { key: 'k' })],
        edges: [{ from: 'source', fromPort: 'out', to: 'lake', toPort: 'in' }],
      },
      options(),
    );
    expect(started).toEqual({ ok: false, reason: 'vertex "lake" (test-refusing-sink) could not start: dataset "x" does not exist' });
  });

  it('a looping values source streams until stopped, and its checkpoint is saved on stop', async () => {
    const values = getOperation('logs-values-source')!;
    const saved: Array<Map<string, unknown>> = [];
    const started = await startPipeline(
      {
        vertices: [
          vertex('source', values, values.params.parse({ loop: true, values: [{ message: 'tick' }] })),
          vertex('sink', collectingSink as OperationDefinition, { key: 'loop' }),
        ],
        edges: [{ from: 'source', fromPort: 'out', to: 'sink', toPort: 'in' }],
      },
      options({ processing: 'STREAMING', saveCheckpoint: async (states) => void saved.push(states) }),
    );
    if (!started.ok) throw new Error(started.reason);
    await expect.poll(() => received.get('loop')?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(await started.run.stop()).toEqual({ kind: 'stopped' });
    const passes = (saved.at(-1)?.get('source') as { passes: number }).passes;
    expect(passes).toBeGreaterThanOrEqual(2);
    // Each pass gets fresh ids, so a looping demo never produces duplicates downstream.
    const ids = receivedIds.get('loop')!;
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a one-shot values source resumed from its checkpoint emits nothing again', async () => {
    const values = getOperation('logs-values-source')!;
    const run = async (checkpoint: Map<string, unknown>, key: string) => {
      const started = await startPipeline(
        {
          vertices: [
            vertex('source', values, values.params.parse({ values: [{ message: 'once' }] })),
            vertex('sink', collectingSink as OperationDefinition, { key }),
          ],
          edges: [{ from: 'source', fromPort: 'out', to: 'sink', toPort: 'in' }],
        },
        options({ checkpoint }),
      );
      if (!started.ok) throw new Error(started.reason);
      await started.run.outcome;
    };
    await run(new Map(), 'first');
    expect(received.get('first')).toEqual(['once']);
    await run(new Map([['source', { passes: 1 }]]), 'resumed');
    expect(received.get('resumed')).toBeUndefined();
  });

  describe('sink writes behind the graph', () => {
    /** A sink whose writes finish only when the test says so (or fail, when told to). */
    function gatedSink() {
      const pending: Array<{ messages: string[]; finish: () => void; fail: (error: Error) => void }> = [];
      const definition = defineOperation({
        type: 'test-gated-sink',
        kind: 'sink',
        title: 'Gated',
        description: 'Writes when released.',
        params: z.strictObject({}),
        inputs: ['in'],
        outputs: () => [],
        create: () => ({
          kind: 'sink',
          write: (events) =>
            new Promise<void>((finish, fail) => pending.push({ messages: events.map((e) => e.message), finish, fail })),
        }),
      });
      return { definition: definition as OperationDefinition, pending };
    }

    /** A source of numbered batches that records which batches were committed, in order. */
    function numberedSource(batches: number) {
      const committed: number[] = [];
      const definition = defineOperation({
        type: 'test-numbered-source',
        kind: 'source',
        title: 'Numbered',
        description: 'Emits numbered batches.',
        params: z.strictObject({}),
        inputs: [],
        outputs: () => ['out'],
        create: () => ({
          kind: 'source',
          snapshot: () => ({ committed: committed.length }),
          async run(out) {
            for (let n = 1; n <= batches; n++) await out.emit('out', [event(`batch ${n}`)], () => committed.push(n));
          },
        }),
      });
      return { definition: definition as OperationDefinition, committed };
    }

    const graphOf = (source: OperationDefinition, sink: OperationDefinition): RunnableGraph => ({
      vertices: [vertex('source', source, {}), vertex('sink', sink, {})],
      edges: [{ from: 'source', fromPort: 'out', to: 'sink', toPort: 'in' }],
    });

    it('the next batch is handed on while the previous one is still being written, and commits follow in order', async () => {
      const sink = gatedSink();
      const source = numberedSource(3);
      const started = await startPipeline(graphOf(source.definition, sink.definition), options());
      if (!started.ok) throw new Error(started.reason);
      // Two batches reach the sink before either write has finished.
      await expect.poll(() => sink.pending.length).toBe(2);
      expect(source.committed).toEqual([]);
      // The second write finishing first commits nothing: batch 1 is still unwritten.
      sink.pending[1].finish();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(source.committed).toEqual([]);
      sink.pending[0].finish();
      await expect.poll(() => source.committed).toEqual([1, 2]);
      await expect.poll(() => sink.pending.length).toBe(3);
      sink.pending[2].finish();
      expect(await started.run.outcome).toEqual({ kind: 'finished' });
      expect(source.committed).toEqual([1, 2, 3]);
    });

    it('a checkpoint waits for every batch handed on to be written, so saved offsets never run ahead of the sink', async () => {
      const sink = gatedSink();
      const source = numberedSource(2);
      const saved: number[] = [];
      const started = await startPipeline(
        graphOf(source.definition, sink.definition),
        options({ saveCheckpoint: async (states) => void saved.push((states.get('source') as { committed: number }).committed) }),
      );
      if (!started.ok) throw new Error(started.reason);
      await expect.poll(() => sink.pending.length).toBe(2);
      sink.pending[0].finish();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(saved).toEqual([]);
      sink.pending[1].finish();
      expect(await started.run.outcome).toEqual({ kind: 'finished' });
      expect(saved).toEqual([2]);
    });

    it('a write that keeps failing fails the run, names the sink, and commits nothing after it', async () => {
      const sink = gatedSink();
      const source = numberedSource(3);
      const started = await startPipeline(graphOf(source.definition, sink.definition), options());
      if (!started.ok) throw new Error(started.reason);
      await expect.poll(() => sink.pending.length).toBe(2);
      sink.pending[1].finish();
      // Batch 1 fails on every attempt; each retry adds a pending write.
      for (let attempt = 0; attempt < 3; attempt++) {
        const index = attempt === 0 ? 0 : sink.pending.length - 1;
        await expect.poll(() => sink.pending.length >= index + 1).toBe(true);
        sink.pending[index].fail(new Error('disk full'));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const outcome = await started.run.outcome;
      expect(outcome.kind === 'failed' && outcome.reason).toMatch(/vertex "sink" failed 3 times in a row: disk full/);
      expect(source.committed).toEqual([]);
    });
  });
});


import type { LogEvent } from '../model/log-event';
import type { Execution, Processing } from '../model/job';
import type { OperationDefinition } from '../operations/define-operation';
import { compileRegex } from './re2-regex';
import { batchBytes } from './event-size';
import {
  isStartFailure,
  type Emitter,
  type Operator,
  type EngineEnvironment,
  type SinkOperator,
  type SourceOperator,
  type TransformOperator,
} from './operator';

/** The parts of a validated graph the engine needs: vertices with parsed params, edges with ports resolved. */
export interface RunnableGraph {
  vertices: ReadonlyArray<{ name: string; type: string; definition: OperationDefinition; params: unknown }>;
  edges: ReadonlyArray<{ from: string; fromPort: string; to: string; toPort: string }>;
}

export interface VertexCounters {
  vertex: string;
  type: string;
  eventsIn: number;
  eventsOut: number;
  /** Estimated JSON bytes of the events in and out. */
  bytesIn: number;
  bytesOut: number;
  errors: number;
  lastError?: string;
}

export interface VertexMetrics extends VertexCounters {
  /** Events per second over the last few seconds. */
  eventsInPerSecond: number;
  eventsOutPerSecond: number;
}

/** Rates are measured over this window, sampled once a second. */
const RATE_WINDOW_SAMPLES = 5;

export type RunOutcome = { kind: 'finished' } | { kind: 'stopped' } | { kind: 'failed'; reason: string };

export interface PipelineRun {
  readonly outcome: Promise<RunOutcome>;
  /** Asks sources to stop, lets in-flight batches drain, and saves a checkpoint. */
  stop(): Promise<RunOutcome>;
  metrics(): VertexMetrics[];
  /** Events read by bounded sources so far, out of their estimate (when every source has one). */
  progress(): { done: number; total?: number } | undefined;
}

export interface RunOptions {
  jobId: string;
  version: number;
  execution: Execution;
  processing: Processing;
  checkpoint: Map<string, unknown>;
  saveCheckpoint(states: Map<string, unknown>): Promise<void>;
  environment: EngineEnvironment;
  checkpointIntervalMs?: number;
}

/** Attempts per batch before a throwing vertex fails the run. */
const MAX_ATTEMPTS = 3;
/** Source batches whose sink writes may be under way at once. */
const MAX_BATCHES_IN_FLIGHT = 2;

type StartResult = { ok: true; run: PipelineRun } | { ok: false; reason: string };

/** Builds every operator of the graph, then runs the sources until input ends or the run is stopped. */
export async function startPipeline(graph: RunnableGraph, options: RunOptions): Promise<StartResult> {
  const operators = new Map<string, Operator>();
  const abort = new AbortController();
  for (const vertex of graph.vertices) {
    let created: Awaited<ReturnType<OperationDefinition['create']>>;
    try {
      created = await vertex.definition.create(vertex.params as never, {
        jobId: options.jobId,
        version: options.version,
        vertexName: vertex.name,
        execution: options.execution,
        processing: options.processing,
        checkpoint: options.checkpoint.get(vertex.name),
        signal: abort.signal,
        readerKey: `${options.jobId}/${vertex.name}`,
        now: Date.now,
        compileRegex,
        ...options.environment,
      });
    } catch (error) {
      return { ok: false, reason: `vertex "${vertex.name}" (${vertex.type}) could not start: ${errorMessage(error)}` };
    }
    if (isStartFailure(created)) {
      return { ok: false, reason: `vertex "${vertex.name}" (${vertex.type}) could not start: ${created.startFailure}` };
    }
    operators.set(vertex.name, created);
  }
  return { ok: true, run: runPipeline(graph, operators, options, abort) };
}

function runPipeline(graph: RunnableGraph, operators: Map<string, Operator>, options: RunOptions, abort: AbortController): PipelineRun {
  const metrics = new Map<string, VertexCounters>(
    graph.vertices.map((vertex) => [vertex.name, { vertex: vertex.name, type: vertex.type, eventsIn: 0, eventsOut: 0, bytesIn: 0, bytesOut: 0, errors: 0 }]),
  );
  const targets = new Map<string, Array<{ to: string }>>();
  for (const edge of graph.edges) {
    const key = `${edge.from}:${edge.fromPort}`;
    targets.set(key, [...(targets.get(key) ?? []), { to: edge.to }]);
  }
  const sourceNames = new Set([...operators].filter(([, operator]) => operator.kind === 'source').map(([name]) => name));
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => {});
    return run;
  };
  let failure: string | undefined;

  // Sink writes run behind the graph: while one source batch is being written, the next is read and
  // transformed. A batch's commit (its source offset) waits for its own writes and every earlier batch's.
  /** The sink writes started by the source batch now travelling the graph. */
  let batchWrites: Promise<void>[] | undefined;
  /** Settles when every batch handed on so far has been written and committed, in order. */
  let committed: Promise<void> = Promise.resolve();
  /** Each batch still being written, oldest first: its commit. */
  const inFlight: Promise<void>[] = [];
  /** The first failed write: it fails the run at the next batch, checkpoint or flush. */
  let writeFailure: unknown;
  const drainWrites = () => committed;

  const emitters = new Map<string, Emitter>();
  const emitterFor = (vertex: string): Emitter => {
    let emitter = emitters.get(vertex);
    if (!emitter) {
      emitter = {
        async emit(port, events, commit) {
          const send = async () => {
            if (events.length > 0) {
              const vertexMetrics = metrics.get(vertex)!;
              vertexMetrics.eventsOut += events.length;
              vertexMetrics.bytesOut += batchBytes(events);
              const downstream = targets.get(`${vertex}:${port}`) ?? [];
              for (const target of downstream) await deliver(target.to, events);
            }
          };
          if (!sourceNames.has(vertex)) return send();
          // A source's batch travels the whole graph before another batch or a checkpoint may start;
          // its sink writes may still be under way when the next batch starts.
          return exclusive(async () => {
            while (inFlight.length >= MAX_BATCHES_IN_FLIGHT && !writeFailure) await inFlight[0].catch(() => {});
            if (writeFailure) throw writeFailure;
            const writes: Promise<void>[] = [];
            batchWrites = writes;
            try {
              await send();
            } finally {
              batchWrites = undefined;
            }
            const previous = committed;
            const thisBatch = (async () => {
              await previous;
              await Promise.all(writes);
              commit?.();
            })();
            const settle = () => void inFlight.splice(inFlight.indexOf(thisBatch), 1);
            thisBatch.then(settle, (error) => {
              writeFailure ??= error;
              settle();
            });
            inFlight.push(thisBatch);
            committed = thisBatch;
          });
        },
      };
      emitters.set(vertex, emitter);
    }
    return emitter;
  };

  async function deliver(vertex: string, events: LogEvent[]) {
    const operator = operators.get(vertex)!;
    const vertexMetrics = metrics.get(vertex)!;
    vertexMetrics.eventsIn += events.length;
    vertexMetrics.bytesIn += batchBytes(events);
    if (operator.kind === 'sink' && batchWrites) {
      const write = attempt(vertex, operator, events);
      write.catch(() => {}); // awaited with its batch; this only keeps a write after a failed one from going unhandled
      batchWrites.push(write);
      return;
    }
    await attempt(vertex, operator, events);
  }

  /** Hands events to a transform or sink, retrying a throwing vertex before failing the run. */
  async function attempt(vertex: string, operator: Operator, events: LogEvent[]) {
    const vertexMetrics = metrics.get(vertex)!;
    for (let attempt = 1; ; attempt++) {
      try {
        if (operator.kind === 'transform') await operator.process(events, emitterFor(vertex));
        else if (operator.kind === 'sink') await operator.write(events);
        return;
      } catch (error) {
        vertexMetrics.errors += 1;
        vertexMetrics.lastError = errorMessage(error);
        if (attempt >= MAX_ATTEMPTS) {
          throw new VertexFailure(`vertex "${vertex}" failed ${attempt} times in a row: ${vertexMetrics.lastError}`);
        }
      }
    }
  }

  const snapshot = () => {
    const states = new Map<string, unknown>();
    for (const [name, operator] of operators) {
      const state = operator.snapshot?.();
      if (state !== undefined) states.set(name, state);
    }
    return states;
  };

  // Counter samples, oldest first, for rates over a short sliding window.
  const samples: Array<{ at: number; counts: Map<string, { eventsIn: number; eventsOut: number }> }> = [];
  const takeSample = () => {
    samples.push({
      at: Date.now(),
      counts: new Map([...metrics].map(([name, entry]) => [name, { eventsIn: entry.eventsIn, eventsOut: entry.eventsOut }])),
    });
    if (samples.length > RATE_WINDOW_SAMPLES + 1) samples.shift();
  };
  takeSample();
  const sampleTimer = setInterval(takeSample, 1000);
  sampleTimer.unref?.();
  const currentMetrics = (): VertexMetrics[] => {
    const oldest = samples[0];
    const seconds = Math.max((Date.now() - oldest.at) / 1000, 0.001);
    return [...metrics.values()].map((entry) => {
      const before = oldest.counts.get(entry.vertex) ?? { eventsIn: 0, eventsOut: 0 };
      return {
        ...entry,
        eventsInPerSecond: (entry.eventsIn - before.eventsIn) / seconds,
        eventsOutPerSecond: (entry.eventsOut - before.eventsOut) / seconds,
      };
    });
  };

  // Offsets and operator state are saved together only once every batch handed on has been written.
  const checkpoint = () =>
    exclusive(async () => {
      await drainWrites();
      await options.saveCheckpoint(snapshot());
    });
  const checkpointTimer = setInterval(() => {
    checkpoint().catch(() => {});
  }, options.checkpointIntervalMs ?? 5000);
  checkpointTimer.unref?.();

  const waitForStop = () =>
    new Promise<void>((resolve) => {
      if (abort.signal.aborted) resolve();
      else abort.signal.addEventListener('abort', () => resolve(), { once: true });
    });

  const outcome = (async (): Promise<RunOutcome> => {
    try {
      const sources = graph.vertices.filter((vertex) => operators.get(vertex.name)!.kind === 'source');
      await Promise.all(
        sources.map((vertex) => (operators.get(vertex.name) as SourceOperator).run(emitterFor(vertex.name), abort.signal)),
      );
      await exclusive(async () => {
        await drainWrites();
        await flushAll(graph, operators, emitterFor);
      });
      // A streaming job whose sources ran dry stays up until it is stopped; a batch job is done.
      if (options.processing === 'STREAMING' && !abort.signal.aborted) await waitForStop();
      await checkpoint();
      return abort.signal.aborted ? { kind: 'stopped' } : { kind: 'finished' };
    } catch (error) {
      failure = error instanceof VertexFailure ? error.message : `the pipeline failed: ${errorMessage(error)}`;
      abort.abort();
      return { kind: 'failed', reason: failure };
    } finally {
      clearInterval(checkpointTimer);
      clearInterval(sampleTimer);
    }
  })();

  return {
    outcome,
    async stop() {
      abort.abort();
      return outcome;
    },
    metrics: currentMetrics,
    progress() {
      const reports = [...operators.values()].flatMap((operator) => (operator.kind === 'source' && operator.progress ? [operator.progress()] : []));
      if (reports.length === 0) return undefined;
      const done = reports.reduce((sum, report) => sum + report.done, 0);
      const known = reports.every((report) => report.total !== undefined);
      return { done, total: known ? reports.reduce((sum, report) => sum + (report.total ?? 0), 0) : undefined };
    },
  };
}

async function flushAll(graph: RunnableGraph, operators: Map<string, Operator>, emitterFor: (vertex: string) => Emitter) {
  // Vertices are flushed in topological order so that what a transform emits on flush reaches sinks before they flush.
  for (const name of topologicalOrder(graph)) {
    const operator = operators.get(name)!;
    if (operator.kind === 'transform') await (operator as TransformOperator).flush?.(emitterFor(name));
    else if (operator.kind === 'sink') await (operator as SinkOperator).flush?.();
  }
}

function topologicalOrder(graph: RunnableGraph): string[] {
  const incoming = new Map(graph.vertices.map((vertex) => [vertex.name, 0]));
  for (const edge of graph.edges) incoming.set(edge.to, (incoming.get(edge.to) ?? 0) + 1);
  const ready = graph.vertices.filter((vertex) => incoming.get(vertex.name) === 0).map((vertex) => vertex.name);
  const order: string[] = [];
  while (ready.length > 0) {
    const name = ready.shift()!;
    order.push(name);
    for (const edge of graph.edges) {
      if (edge.from !== name) continue;
      const remaining = incoming.get(edge.to)! - 1;
      incoming.set(edge.to, remaining);
      if (remaining === 0) ready.push(edge.to);
    }
  }
  return order;
}

class VertexFailure extends Error {}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

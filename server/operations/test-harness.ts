// Runs an operation the way the engine would, without the engine, so operation tests read like
// examples: params and input events in, the exact events out per port. Test-only: it uses the real RE2.
import { expect } from 'vitest';
import type { z } from 'zod';
import { compileRegex } from '../engine/re2-regex';
import { isStartFailure, type Emitter, type Operator, type OperatorContext } from '../engine/operator';
import type { Execution, Processing, ValidationProblem } from '../model/job';
import { logEvent, type LogEvent } from '../model/log-event';
import { zodIssuesToProblems } from '../model/problems';
import type { OperationDefinition } from './define-operation';

/** The wall clock a run sees unless a batch says otherwise: 2023-11-14T22:13:20Z. */
export const TEST_NOW = 1_700_000_000_000;

/** An input event with only the fields a test cares about; the rest get fixed defaults. */
export type TestEventInput = Partial<LogEvent>;

/** A batch delivered when the wall clock reads `now`. */
export interface TimedBatch {
  now: number;
  events: TestEventInput[];
}

/** One batch of events, or several batches each at its own wall-clock time. */
export type TestInput = TestEventInput[] | TimedBatch[];

export interface RunOptions {
  /** State restored as if from the job's last checkpoint. */
  checkpoint?: unknown;
  execution?: Execution;
  processing?: Processing;
  /** Wall clock for batches given without a time. */
  now?: number;
  /** Calls `flush` once input ends (default true), as a BATCH job or a stopping job does. */
  flush?: boolean;
}

export interface RunResult {
  /** Everything emitted, per declared output port (a port that got nothing has an empty list). */
  outputs: Record<string, LogEvent[]>;
  /** The operator's state after the run, already through JSON as a checkpoint would be. */
  snapshot: unknown;
}

let eventCounter = 0;

/** A complete, valid LogEvent: `testEvent({ message: 'hi' })`. Ids are `e1`, `e2`, … unless given. */
export function testEvent(fields: TestEventInput = {}): LogEvent {
  eventCounter += 1;
  return logEvent.parse({
    id: `e${eventCounter}`,
    eventTimestamp: TEST_NOW,
    receivedTimestamp: TEST_NOW,
    ...fields,
  });
}

/** A batch delivered at a given wall-clock time, for time-dependent operations. */
export function at(now: number, events: TestEventInput[]): TimedBatch {
  return { now, events };
}

/** Problems the operation's schema reports for these params, as the API would show them. */
export function paramProblems(definition: OperationDefinition, params: unknown): ValidationProblem[] {
  const parsed = definition.params.safeParse(params, { reportInput: true });
  return parsed.success ? [] : zodIssuesToProblems(parsed.error.issues);
}

/**
 * Parses `params` with the operation's schema (failing the test when they are invalid), creates the
 * operator with a fake context, runs every batch through `process`, then `flush`. Along the way it checks
 * what every operation owes: input events are never mutated (they are deep-frozen), only declared ports
 * are emitted on, every emitted event is a valid LogEvent, and the snapshot survives JSON.
 */
export async function runOperation<Params extends z.ZodObject>(
  definition: OperationDefinition<Params>,
  params: z.input<Params>,
  input: TestInput,
  options: RunOptions = {},
): Promise<RunResult> {
  const run = await startRun(definition, params, options);
  await run.feed(toBatches(input, options));
  if (options.flush ?? true) await run.flush();
  return { outputs: run.outputs, snapshot: run.snapshot() };
}

/**
 * Checks that checkpointing in the middle changes nothing: one operator runs `before` then `after`;
 * another runs `before`, is snapshotted, and a fresh operator restored from that JSON runs `after`.
 * Both must emit the same events for `after` and end in the same state. Returns the outputs for `after`.
 */
export async function expectSnapshotRoundTrip<Params extends z.ZodObject>(
  definition: OperationDefinition<Params>,
  params: z.input<Params>,
  before: TestInput,
  after: TestInput,
  options: RunOptions = {},
): Promise<Record<string, LogEvent[]>> {
  const beforeBatches = toBatches(before, options);
  const afterBatches = toBatches(after, options);

  const uninterrupted = await startRun(definition, params, options);
  await uninterrupted.feed(beforeBatches);
  uninterrupted.clearOutputs();
  await uninterrupted.feed(afterBatches);
  await uninterrupted.flush();

  const first = await startRun(definition, params, options);
  await first.feed(beforeBatches);
  const checkpoint = first.snapshot();
  const restored = await startRun(definition, params, { ...options, checkpoint });
  await restored.feed(afterBatches);
  await restored.flush();

  expect(restored.outputs, 'events emitted after restoring from a snapshot').toEqual(uninterrupted.outputs);
  expect(restored.snapshot(), 'state after restoring from a snapshot').toEqual(uninterrupted.snapshot());
  return restored.outputs;
}

interface Run {
  outputs: Record<string, LogEvent[]>;
  feed(batches: Array<{ now: number; events: LogEvent[] }>): Promise<void>;
  flush(): Promise<void>;
  snapshot(): unknown;
  clearOutputs(): void;
}

async function startRun<Params extends z.ZodObject>(
  definition: OperationDefinition<Params>,
  rawParams: z.input<Params>,
  options: RunOptions,
): Promise<Run> {
  const parsed = definition.params.safeParse(rawParams, { reportInput: true });
  if (!parsed.success) {
    const problems = zodIssuesToProblems(parsed.error.issues).map((problem) => `${problem.path}: ${problem.message}`);
    throw new Error(`${definition.type}: invalid params in the test: ${problems.join('; ')}`);
  }
  const params = parsed.data;
  const ports = definition.outputs(params);

  let clock = options.now ?? TEST_NOW;
  const abort = new AbortController();
  const unavailable = (what: string) => () => {
    throw new Error(`${what} is not available to operations run by the test harness`);
  };
  // Every method of a service the harness does not provide throws, whatever the interface grows to.
  const unavailableService = <Service extends object>(what: string) =>
    new Proxy({} as Service, { get: (_target, method) => unavailable(`${what} (${String(method)})`) });
  const ctx: OperatorContext = {
    jobId: 'test-job',
    version: 0,
    vertexName: 'under_test',
    execution: options.execution ?? 'ASYNCHRONOUS',
    processing: options.processing ?? 'STREAMING',
    checkpoint: options.checkpoint,
    compileRegex,
    signal: abort.signal,
    readerKey: 'test-job/under_test',
    now: () => clock,
    ingest: unavailableService<OperatorContext['ingest']>('the ingest log'),
    findIntegration: unavailable('findIntegration'),
    rawStore: unavailableService<OperatorContext['rawStore']>('the raw store'),
  };

  const created = await definition.create(params, ctx);
  if (isStartFailure(created)) throw new Error(`${definition.type} failed to start: ${created.startFailure}`);
  const operator: Operator = created;
  if (operator.kind !== 'transform') throw new Error(`the harness runs transforms; ${definition.type} is a ${operator.kind}`);

  const outputs: Record<string, LogEvent[]> = {};
  const clearOutputs = () => {
    for (const port of ports) outputs[port] = [];
  };
  clearOutputs();
  const out: Emitter = {
    async emit(port, events) {
      if (!ports.includes(port)) {
        throw new Error(`${definition.type} emitted on port "${port}", but its output ports are: ${ports.join(', ')}`);
      }
      for (const event of events) {
        const check = logEvent.safeParse(event);
        if (!check.success) {
          const problems = zodIssuesToProblems(check.error.issues).map((problem) => `${problem.path}: ${problem.message}`);
          throw new Error(`${definition.type} emitted an invalid LogEvent ${JSON.stringify(event)}: ${problems.join('; ')}`);
        }
      }
      outputs[port].push(...events);
    },
  };

  return {
    outputs,
    clearOutputs,
    async feed(batches) {
      for (const batch of batches) {
        clock = batch.now;
        const pristine = structuredClone(batch.events);
        const frozen = batch.events.map((event) => deepFreeze(structuredClone(event)));
        await operator.process(frozen, out);
        expect(frozen, `${definition.type} must not change its input events`).toEqual(pristine);
      }
    },
    async flush() {
      await operator.flush?.(out);
    },
    snapshot() {
      const state = operator.snapshot?.();
      if (state === undefined) return undefined;
      const restored: unknown = JSON.parse(JSON.stringify(state));
      expect(restored, `${definition.type}'s snapshot must survive JSON`).toEqual(state);
      return restored;
    },
  };
}

function toBatches(input: TestInput, options: RunOptions): Array<{ now: number; events: LogEvent[] }> {
  const timed = input.length > 0 && 'events' in input[0] && 'now' in input[0];
  const batches: TimedBatch[] = timed
    ? (input as TimedBatch[])
    : [{ now: options.now ?? TEST_NOW, events: input as TestEventInput[] }];
  return batches.map((batch) => ({
    now: batch.now,
    events: batch.events.map((event) => (isComplete(event) ? event : testEvent(event))),
  }));
}

function isComplete(event: TestEventInput): event is LogEvent {
  return Object.keys(logEvent.shape).every((key) => key in event) && logEvent.safeParse(event).success;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

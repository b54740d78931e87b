// Runtime contracts between the engine and operations. Types only, so that operation
// files (which the browser imports for their schemas) stay free of engine code.
import type { LogEvent } from '../model/log-event';
import type { QueryNode } from '../query/ast';
import type { Execution, Processing } from '../model/job';

export interface Emitter {
  /**
   * Sends a batch downstream on the named output port; resolves when every sink downstream has it
   * (backpressure). A source passes `commit` to advance its offset: it runs right after delivery and
   * before any checkpoint can be taken, so a checkpoint never records an offset whose events are in flight.
   */
  emit(port: string, events: LogEvent[], commit?: () => void): Promise<void>;
}

export interface SourceOperator {
  kind: 'source';
  /** Produces events until input ends (BATCH) or the signal aborts (STREAMING stop). */
  run(out: Emitter, signal: AbortSignal): Promise<void>;
  /** State to store in the job's checkpoint, e.g. a read offset. */
  snapshot?(): unknown;
  /** For bounded sources: events read so far, out of an estimated total. */
  progress?(): { done: number; total?: number };
}

export interface TransformOperator {
  kind: 'transform';
  process(events: LogEvent[], out: Emitter): Promise<void> | void;
  /** Called when input ends, so windows can close and emit. */
  flush?(out: Emitter): Promise<void> | void;
  snapshot?(): unknown;
}

export interface SinkOperator {
  kind: 'sink';
  write(events: LogEvent[]): Promise<void> | void;
  flush?(): Promise<void> | void;
  snapshot?(): unknown;
}

export type Operator = SourceOperator | TransformOperator | SinkOperator;

/** A start that cannot succeed for a reason the user can fix (e.g. a missing dataset). */
export interface StartFailure {
  startFailure: string;
}
export const startFailure = (reason: string): StartFailure => ({ startFailure: reason });
export const isStartFailure = (value: unknown): value is StartFailure =>
  typeof value === 'object' && value !== null && 'startFailure' in value;

/** What the engine lends every operator: the parts of the server an operation may not import itself. */
export interface EngineEnvironment {
  /** Reads the durable ingest log that shippers' requests land in. */
  ingest: IngestReader;
  /** An integration's settings (endpoint, credentials), for sources and vendor sinks. */
  findIntegration(id: string): Promise<{ type: string; name: string; settings: Record<string, unknown> } | undefined>;
  /** The raw store, for dataset sources and sinks. */
  rawStore: RawStoreAccess;
  /** Present only in a SYNCHRONOUS run: hands results to the caller's stream, resolving when it has room. */
  syncOutput?: (events: LogEvent[]) => Promise<void>;
}

export interface RawStoreAccess {
  /** A dataset by id or name; undefined when it does not exist. */
  findDataset(idOrName: string): Promise<{ id: string; name: string } | undefined>;
  /** Stores events, skipping any already stored (same id and time): replays never duplicate. Returns how many were new. */
  writeEvents(datasetId: string, events: LogEvent[]): Promise<number>;
  /** Reads matching events in time-ordered pages, so first rows come fast and memory stays flat. */
  readEvents(datasetId: string, query: RawStoreQuery, signal: AbortSignal): AsyncGenerator<LogEvent[]>;
  /** How many events a query would read (capped at its limit), for progress. */
  countMatching(datasetId: string, query: RawStoreQuery): Promise<number>;
}

export interface RawStoreQuery {
  /** Inclusive start and exclusive end, epoch milliseconds. */
  start: number;
  end: number;
  /** A parsed Datadog search query. */
  where: QueryNode;
  order: 'ASCENDING' | 'DESCENDING';
  limit: number;
  offset: number;
  /** Resume strictly after this event (time and id), as a checkpointed reader does. */
  after?: { eventTimestamp: number; id: string };
}

export interface OperatorContext extends EngineEnvironment {
  jobId: string;
  version: number;
  vertexName: string;
  execution: Execution;
  processing: Processing;
  /** This vertex's state from the job's last checkpoint, if any. */
  checkpoint: unknown;
  /**
   * Compiles a user-supplied regular expression on RE2 (linear time, so a pathological pattern cannot
   * stall a worker). Operation files never import RE2 themselves: they are shared with the browser.
   */
  compileRegex(pattern: string, flags?: string): CompiledRegex;
  /** Aborts when the run is stopped or fails: long waits (retries, backoff) must give up then. */
  signal: AbortSignal;
  /** A stable key for this vertex of this job, e.g. to register as a reader. */
  readerKey: string;
  /** Wall-clock time, replaceable in tests. */
  now(): number;
}

/** The subset of RegExp that RE2 offers and operations may use. */
export interface CompiledRegex {
  lastIndex: number;
  readonly source: string;
  readonly flags: string;
  test(text: string): boolean;
  exec(text: string): RegExpExecArray | null;
  replace(text: string, replacement: string | ((match: string, ...groups: unknown[]) => string)): string;
}

export interface IngestReader {
  /** Batches after `afterSeq`, oldest first, up to about `maxEvents` events. */
  read(integrationId: string, afterSeq: number, maxEvents: number): Promise<Array<{ seq: number; events: LogEvent[] }>>;
  /** The newest sequence number of an integration (0 when none). */
  latestSeq(integrationId: string): Promise<number>;
  /** Resolves when new data may have arrived, the signal aborts, or the timeout passes. */
  waitForData(integrationId: string, signal: AbortSignal, timeoutMs: number): Promise<void>;
  /** Tells intake how far a reader got, for backpressure. */
  reportPosition(readerKey: string, integrationId: string, seq: number): void;
  release(readerKey: string, integrationId: string): void;
}

// The reducer's state machine: partitions of patterns, tumbling event-time windows, samples, summaries,
// bounded memory, and checkpoints that restore exactly. Pure: no clock, no I/O; the operation wires it up.
import type { LogEvent } from '../model/log-event';
import { hashId } from './hash';
import { Pattern, PatternIndex, type TokenSpec } from './pattern-index';
import type { MessageScanner } from './scanner';

/** Patterns kept per partition; the least recently matched one is evicted beyond this. */
export const MAX_PATTERNS_PER_PARTITION = 10_000;
/** Patterns kept across all partitions, so that many partitions cannot add up without bound either. */
export const MAX_PATTERNS = 100_000;

export const MESSAGE_TYPE_TAG = 'grepr.messagetype';
export type MessageType = 'sample' | 'summary' | 'passthrough' | 'exception';

export interface ReducerConfig {
  scanner: MessageScanner;
  /** Percentage (20–100) of a message's tokens that must equal a pattern's. */
  similarityThreshold: number;
  /** Samples forwarded per pattern per window before the rest are summarized. */
  dedupThreshold: number;
  windowMs: number;
  /** Window-based logarithmic sampling's base, or null for no additional samples. */
  logarithmBase: number | null;
  repeatCountInSummaryMessage: boolean;
  partitionByTags: readonly string[];
  /** Attribute paths to partition by; a path of one dotted key also tries the nested reading first. */
  partitionByAttributes: readonly AttributePath[];
  isException: ((event: LogEvent) => boolean) | null;
  now: () => number;
  maxPatternsPerPartition?: number;
  maxPatterns?: number;
}

/** Where to read a partition value: nested keys, and optionally a flat key to fall back on. */
export interface AttributePath {
  keys: readonly string[];
  flatKey?: string;
}

interface WindowStats {
  /** Messages of the pattern in this window so far. */
  count: number;
  /** The count at which the next logarithmic sample goes out; null when none will. */
  nextLogSample: number | null;
  /** Messages summarized rather than forwarded. */
  aggregated: number;
  first: number;
  last: number;
  severity: number;
  /** Tags and attributes every summarized message agrees on (attributes that differ read `*`). */
  tags: Record<string, string[]>;
  attributes: Record<string, unknown>;
}

class Partition {
  readonly index = new PatternIndex();
  readonly byId = new Map<string, Pattern>();
  newest: Pattern | null = null;
  oldest: Pattern | null = null;
  constructor(readonly key: string) {}
}

export interface ReducerCheckpoint {
  version: 1;
  windowStart: number | null;
  nextPatternSeq: number;
  nextSummarySeq: number;
  /** Least recently matched first. */
  patterns: StoredPattern[];
  /** Patterns with messages in the open window, in the order they first had one (indexes into `patterns`). */
  active: number[];
}

interface StoredPattern {
  partition: string;
  id: string;
  seq: number;
  tokens: TokenSpec[];
  separators: string[];
  truncated: boolean;
  path: TokenSpec[];
  window?: WindowStats;
}

export class LogReducer {
  private readonly partitions = new Map<string, Partition>();
  private windowStart: number | null = null;
  private nextPatternSeq = 0;
  private nextSummarySeq = 0;
  private patternCount = 0;
  private globalNewest: Pattern | null = null;
  private globalOldest: Pattern | null = null;
  /** Patterns with messages in the open window. */
  private active: Pattern[] = [];
  private readonly maxPerPartition: number;
  private readonly maxPatterns: number;
  private readonly partitioned: boolean;
  private readonly summaryPrefixDuration: string;

  constructor(private readonly config: ReducerConfig) {
    this.maxPerPartition = config.maxPatternsPerPartition ?? MAX_PATTERNS_PER_PARTITION;
    this.maxPatterns = config.maxPatterns ?? MAX_PATTERNS;
    this.partitioned = config.partitionByTags.length > 0 || config.partitionByAttributes.length > 0;
    this.summaryPrefixDuration = formatDuration(config.windowMs);
  }

  /** Runs a batch; returns what to forward, in order (summaries of a closing window come before the event that closed it). */
  process(events: readonly LogEvent[]): LogEvent[] {
    const out: LogEvent[] = [];
    const { scanner, isException } = this.config;
    for (const event of events) {
      this.advanceTo(event.eventTimestamp, out);
      if (isException && isException(event)) {
        out.push(withMessageType(event, 'exception'));
        continue;
      }
      const count = scanner.scan(event.message);
      if (count === 0) {
        out.push(withMessageType(event, 'passthrough'));
        continue;
      }
      const pattern = this.match(this.partitionKey(event), out);
      this.count(pattern, event, out);
    }
    return out;
  }

  /** Masks, tokenizes and clusters one message, outside any window: the pattern's id, or null without tokens. For benchmarks. */
  cluster(message: string, partitionKey = ''): string | null {
    if (this.config.scanner.scan(message) === 0) return null;
    const evicted: LogEvent[] = [];
    return this.match(partitionKey, evicted).id;
  }

  /** Closes the open window (input ended): its summaries. */
  flush(): LogEvent[] {
    const out: LogEvent[] = [];
    this.closeWindow(out);
    this.windowStart = null;
    return out;
  }

  /** Clusters the message in the scanner's buffers into a pattern of the partition, creating one if needed. */
  private match(partitionKey: string, out: LogEvent[]): Pattern {
    const tokens = this.config.scanner.tokens;
    let partition = this.partitions.get(partitionKey);
    if (!partition) this.partitions.set(partitionKey, (partition = new Partition(partitionKey)));
    const needed = Math.max(1, Math.ceil((this.config.similarityThreshold * tokens.count) / 100 - 1e-9));
    const index = partition.index;
    let pattern = index.find(tokens, needed);
    if (pattern) {
      if (index.lastEqual < pattern.nonWildcards) index.generalize(pattern, tokens);
      this.touch(partition, pattern);
      return pattern;
    }
    const owner = partition;
    pattern = index.create(tokens, this.config.scanner.maskNames, (template) => uniqueId(owner, hashId(template)), this.nextPatternSeq++, partitionKey);
    this.adopt(partition, pattern);
    // Evict only after adding, so the new pattern (the newest) is never the one to go.
    if (partition.byId.size > this.maxPerPartition) this.evict(partition.oldest!, out);
    if (this.patternCount > this.maxPatterns) this.evict(this.globalOldest!, out);
    return pattern;
  }

  private count(pattern: Pattern, event: LogEvent, out: LogEvent[]) {
    let stats = pattern.window as WindowStats | undefined;
    if (!stats) {
      const base = this.config.logarithmBase;
      stats = {
        count: 0,
        nextLogSample: base === null ? null : safePower(base, this.config.dedupThreshold + 1),
        aggregated: 0,
        first: 0,
        last: 0,
        severity: 0,
        tags: {},
        attributes: {},
      };
      pattern.window = stats;
      this.active.push(pattern);
    }
    stats.count++;
    if (stats.count <= this.config.dedupThreshold) {
      out.push(sampleOf(event, pattern.id));
      return;
    }
    if (stats.count === stats.nextLogSample) {
      out.push(sampleOf(event, pattern.id));
      stats.nextLogSample = safeTimes(stats.nextLogSample, this.config.logarithmBase!);
      return;
    }
    if (stats.aggregated === 0) {
      stats.first = event.eventTimestamp;
      stats.last = event.eventTimestamp;
      stats.severity = event.severity;
      stats.tags = cloneTags(event.tags);
      stats.attributes = structuredClone(event.attributes) as Record<string, unknown>;
    } else {
      if (event.eventTimestamp < stats.first) stats.first = event.eventTimestamp;
      if (event.eventTimestamp > stats.last) stats.last = event.eventTimestamp;
      if (event.severity > stats.severity) stats.severity = event.severity;
      keepEqualTags(stats.tags, event.tags);
      keepEqualAttributes(stats.attributes, event.attributes);
    }
    stats.aggregated++;
  }

  /** Windows are tumbling, aligned to the epoch, in event time; a later event closes the open one. */
  private advanceTo(eventTimestamp: number, out: LogEvent[]) {
    const start = eventTimestamp - (eventTimestamp % this.config.windowMs);
    if (this.windowStart === null) this.windowStart = start;
    else if (start > this.windowStart) {
      this.closeWindow(out);
      this.windowStart = start;
    }
  }

  private closeWindow(out: LogEvent[]) {
    for (const pattern of this.active) {
      const summary = this.summaryOf(pattern);
      if (summary) out.push(summary);
      pattern.window = undefined;
    }
    this.active = [];
  }

  private summaryOf(pattern: Pattern): LogEvent | undefined {
    const stats = pattern.window as WindowStats | undefined;
    if (!stats || stats.aggregated === 0) return undefined;
    const now = this.config.now();
    const template = pattern.render();
    const message = this.config.repeatCountInSummaryMessage
      ? `[${stats.aggregated} ${stats.aggregated === 1 ? 'message' : 'messages'} in ${this.summaryPrefixDuration}] ${template}`
      : template;
    const seq = this.nextSummarySeq++;
    return {
      id: `${pattern.id}-${(this.windowStart ?? 0).toString(36)}-${seq.toString(36)}`,
      eventTimestamp: stats.first,
      receivedTimestamp: now,
      message,
      severity: stats.severity,
      tags: { ...stats.tags, [MESSAGE_TYPE_TAG]: ['summary'] },
      attributes: {
        ...stats.attributes,
        grepr: {
          patternId: pattern.id,
          repeatCount: stats.aggregated,
          firstTimeTimestamp: stats.first,
          lastTimeTimestamp: stats.last,
          receivedTimestamp: now,
        },
      },
    };
  }

  private partitionKey(event: LogEvent): string {
    if (!this.partitioned) return '';
    let key = '';
    for (const tag of this.config.partitionByTags) {
      const values = event.tags[tag];
      key += (values ? `s${values.join('\u001e')}` : 'n') + '\u001f';
    }
    for (const path of this.config.partitionByAttributes) {
      const value = readAttribute(event.attributes, path);
      key += (value === undefined ? 'n' : typeof value === 'string' ? `s${value}` : `j${JSON.stringify(value)}`) + '\u001f';
    }
    return key;
  }

  private adopt(partition: Partition, pattern: Pattern) {
    partition.byId.set(pattern.id, pattern);
    this.patternCount++;
    pattern.older = partition.newest;
    if (partition.newest) partition.newest.newer = pattern;
    partition.newest = pattern;
    partition.oldest ??= pattern;
    pattern.globalOlder = this.globalNewest;
    if (this.globalNewest) this.globalNewest.globalNewer = pattern;
    this.globalNewest = pattern;
    this.globalOldest ??= pattern;
  }

  private touch(partition: Partition, pattern: Pattern) {
    if (partition.newest !== pattern) {
      unlink(pattern, partition);
      pattern.older = partition.newest;
      partition.newest!.newer = pattern;
      partition.newest = pattern;
    }
    if (this.globalNewest !== pattern) {
      this.unlinkGlobal(pattern);
      pattern.globalOlder = this.globalNewest;
      this.globalNewest!.globalNewer = pattern;
      this.globalNewest = pattern;
    }
  }

  /** Forgets a pattern; a summary of what it holds in the open window goes out first, so no count is lost. */
  private evict(pattern: Pattern, out: LogEvent[]) {
    const summary = this.summaryOf(pattern);
    if (summary) out.push(summary);
    pattern.window = undefined;
    const partition = this.partitions.get(pattern.partitionKey)!;
    partition.index.remove(pattern);
    partition.byId.delete(pattern.id);
    unlink(pattern, partition);
    this.unlinkGlobal(pattern);
    this.patternCount--;
    if (partition.byId.size === 0) this.partitions.delete(partition.key);
  }

  private unlinkGlobal(pattern: Pattern) {
    if (pattern.globalNewer) pattern.globalNewer.globalOlder = pattern.globalOlder;
    else this.globalNewest = pattern.globalOlder;
    if (pattern.globalOlder) pattern.globalOlder.globalNewer = pattern.globalNewer;
    else this.globalOldest = pattern.globalNewer;
    pattern.globalNewer = null;
    pattern.globalOlder = null;
  }

  /** Counts for tests and metrics. */
  stats() {
    return { partitions: this.partitions.size, patterns: this.patternCount, windowStart: this.windowStart };
  }

  /** Every pattern of a partition as text, oldest first (for tests and inspection). */
  patternsOf(partitionKey = ''): Array<{ id: string; template: string }> {
    const partition = this.partitions.get(partitionKey);
    if (!partition) return [];
    return [...partition.byId.values()].sort((a, b) => a.seq - b.seq).map((pattern) => ({ id: pattern.id, template: pattern.render() }));
  }

  snapshot(): ReducerCheckpoint {
    const patterns: StoredPattern[] = [];
    const position = new Map<Pattern, number>();
    for (let pattern = this.globalOldest; pattern; pattern = pattern.globalNewer) {
      position.set(pattern, patterns.length);
      const stored: StoredPattern = {
        partition: pattern.partitionKey,
        id: pattern.id,
        seq: pattern.seq,
        tokens: pattern.tokenSpecs(),
        separators: [...pattern.separators],
        truncated: pattern.truncated,
        path: [...pattern.pathSpecs],
      };
      if (pattern.window) stored.window = structuredClone(pattern.window as WindowStats);
      patterns.push(stored);
    }
    return {
      version: 1,
      windowStart: this.windowStart,
      nextPatternSeq: this.nextPatternSeq,
      nextSummarySeq: this.nextSummarySeq,
      patterns,
      active: this.active.filter((pattern) => pattern.window && position.has(pattern)).map((pattern) => position.get(pattern)!),
    };
  }

  /** Restores state from `snapshot()`'s output (after a trip through JSON); unknown shapes are ignored. */
  restore(checkpoint: unknown): void {
    if (!isCheckpoint(checkpoint)) return;
    this.windowStart = checkpoint.windowStart;
    this.nextPatternSeq = checkpoint.nextPatternSeq;
    this.nextSummarySeq = checkpoint.nextSummarySeq;
    const maskNames = this.config.scanner.maskNames;
    const restored: Pattern[] = new Array(checkpoint.patterns.length);
    // Leaves must list patterns in creation order, as they did before.
    const bySeq = checkpoint.patterns.map((stored, at) => ({ stored, at })).sort((a, b) => a.stored.seq - b.stored.seq);
    for (const { stored, at } of bySeq) {
      let partition = this.partitions.get(stored.partition);
      if (!partition) this.partitions.set(stored.partition, (partition = new Partition(stored.partition)));
      const pattern = partition.index.restore(stored, maskNames, stored.partition);
      if (stored.window) pattern.window = stored.window;
      restored[at] = pattern;
    }
    for (const pattern of restored) this.adopt(this.partitions.get(pattern.partitionKey)!, pattern);
    this.active = checkpoint.active.map((at) => restored[at]).filter((pattern) => pattern?.window);
  }
}

function unlink(pattern: Pattern, partition: Partition) {
  if (pattern.newer) pattern.newer.older = pattern.older;
  else partition.newest = pattern.older;
  if (pattern.older) pattern.older.newer = pattern.newer;
  else partition.oldest = pattern.newer;
  pattern.newer = null;
  pattern.older = null;
}

function uniqueId(partition: Partition, base: string): string {
  if (!partition.byId.has(base)) return base;
  for (let n = 2; ; n++) if (!partition.byId.has(`${base}-${n}`)) return `${base}-${n}`;
}

function isCheckpoint(value: unknown): value is ReducerCheckpoint {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { version?: unknown }).version === 1 &&
    Array.isArray((value as { patterns?: unknown }).patterns) &&
    Array.isArray((value as { active?: unknown }).active)
  );
}

/** `base^exponent`, or null when it is beyond exact integers (no message count gets there). */
function safePower(base: number, exponent: number): number | null {
  const value = base ** exponent;
  return Number.isSafeInteger(value) ? value : null;
}

function safeTimes(value: number, base: number): number | null {
  const next = value * base;
  return Number.isSafeInteger(next) ? next : null;
}

export function withMessageType(event: LogEvent, type: MessageType): LogEvent {
  return { ...event, tags: { ...event.tags, [MESSAGE_TYPE_TAG]: [type] } };
}

function sampleOf(event: LogEvent, patternId: string): LogEvent {
  const previous = event.attributes.grepr;
  const grepr = typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? previous : {};
  return {
    ...event,
    tags: { ...event.tags, [MESSAGE_TYPE_TAG]: ['sample'] },
    attributes: { ...event.attributes, grepr: { ...grepr, patternId, repeatCount: 1 } },
  };
}

function readAttribute(attributes: Record<string, unknown>, path: AttributePath): unknown {
  let value: unknown = attributes;
  for (const key of path.keys) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      value = undefined;
      break;
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (value === undefined && path.flatKey !== undefined) value = attributes[path.flatKey];
  return value;
}

function cloneTags(tags: Record<string, string[]>): Record<string, string[]> {
  const copy: Record<string, string[]> = {};
  for (const key in tags) copy[key] = [...tags[key]];
  return copy;
}

/** Drops the tags whose values differ from `next`'s. */
function keepEqualTags(kept: Record<string, string[]>, next: Record<string, string[]>) {
  for (const key in kept) {
    const a = kept[key];
    const b = next[key];
    if (!b || a.length !== b.length || a.some((value, i) => value !== b[i])) delete kept[key];
  }
}

const DIFFERS = '*';

/** Grepr's exact-match merge: attributes whose values differ from `next`'s become `*`, recursively. */
function keepEqualAttributes(kept: Record<string, unknown>, next: Record<string, unknown>) {
  for (const key in kept) {
    const a = kept[key];
    if (a === DIFFERS) continue;
    const b = next[key];
    if (isPlainObject(a) && isPlainObject(b)) keepEqualAttributes(a, b);
    else if (!deepEqual(a, b)) kept[key] = DIFFERS;
  }
  for (const key in next) if (!(key in kept)) kept[key] = DIFFERS;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** A window length as people write it: `2m`, `30s`, `1h30m`, `500ms`. */
export function formatDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ];
  let rest = ms;
  let text = '';
  for (const [unit, size] of units) {
    const amount = Math.floor(rest / size);
    if (amount > 0) {
      text += `${amount}${unit}`;
      rest -= amount * size;
    }
  }
  return text || '0s';
}

// Reducer throughput: lines/s through masking, tokenizing and clustering on one core, as a ratio to a
// floor measured in the same run (split each line on spaces and drop it). Also the whole reducer
// (windows, samples, summaries) over LogEvents, and a JSON.parse floor that shows how fast the machine
// is at the moment. Figures are CPU time, best of several passes. Run: `npx tsx bench/reducer.ts [lines]`.
import type { LogEvent } from '../server/model/log-event';
import { DEFAULT_DELIMITERS } from '../server/operations/transforms/log-reducer';
import { DEFAULT_ENABLED_MASKS, builtinMask } from '../server/reducer/builtin-masks';
import { LogReducer } from '../server/reducer/log-reducer';
import { MessageScanner } from '../server/reducer/scanner';

function random(seed: number) {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Realistic mixed log lines from a few dozen templates with variable parts (numbers, ips, uuids, times, names). */
export function generateLines(count: number, seed = 1): string[] {
  const next = random(seed);
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)];
  const hex = (length: number) => Array.from({ length }, () => '0123456789abcdef'[int(0, 15)]).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const ip = () => `${int(1, 254)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  const time = () => `2024-04-${String(int(10, 28))}T${String(int(10, 23))}:${String(int(10, 59))}:${String(int(10, 59))}.${int(100, 999)}Z`;
  const users = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy'];
  const services = ['checkout', 'payments', 'inventory', 'search', 'auth'];
  const paths = ['/api/v1/orders', '/api/v1/users', '/api/v2/cart/items', '/health', '/api/v1/search'];
  const templates: Array<() => string> = [
    () => `${ip()} - - [26/Apr/2024:${int(10, 23)}:${int(10, 59)}:${int(10, 59)} +0000] "${pick(['GET', 'POST', 'PUT'])} ${pick(paths)}/${int(1, 99999)} HTTP/1.1" ${pick([200, 201, 204, 304, 404, 500])} ${int(200, 48000)} "-" "Mozilla/5.0"`,
    () => `${time()} INFO  [main] c.e.checkout.OrderService - Processing order ${int(100000, 999999)} for user ${pick(users)} total=${int(1, 999)}.${int(10, 99)}`,
    () => `${time()} WARN  [pool-${int(1, 8)}-thread-${int(1, 32)}] c.e.db.ConnectionPool - Connection pool at ${int(50, 99)}% capacity (${int(10, 99)}/${100} in use)`,
    () => `${time()} ERROR [http-nio-8080-exec-${int(1, 20)}] c.e.payments.Gateway - Payment ${uuid()} declined: insufficient funds (code ${int(5000, 5999)})`,
    () => `${time()} DEBUG cache lookup key=session:${hex(16)} hit=${pick(['true', 'false'])} latency_us=${int(3, 900)}`,
    () => `level=info ts=${time()} caller=server.go:${int(100, 400)} msg="request completed" method=${pick(['GET', 'POST'])} path=${pick(paths)} status=${pick([200, 404])} duration=${int(1, 900)}ms trace_id=${hex(32)}`,
    () => `Accepted publickey for ${pick(users)} from ${ip()} port ${int(1024, 65535)} ssh2: RSA SHA256:${hex(20)}`,
    () => `kernel: [${int(1000, 99999)}.${int(100000, 999999)}] TCP: request_sock_TCP: Possible SYN flooding on port ${int(80, 9000)}. Sending cookies.`,
    () => `${pick(services)} connected to ${ip()}:${int(1024, 65535)} after ${int(1, 5)} retries`,
    () => `User ${pick(users)} logged in from ${ip()} using ${pick(['password', 'sso', 'mfa'])}`,
    () => `GC pause (G1 Evacuation Pause) young ${int(100, 900)}M->${int(50, 400)}M(${int(1000, 4000)}M) ${int(1, 90)}.${int(100, 999)}ms`,
    () => `Job ${uuid()} finished in ${int(1, 3600)}s with ${int(0, 50)} warnings`,
    () => `Failed to connect to database orders-db at ${ip()}:5432: connection refused (attempt ${int(1, 10)} of 10)`,
    () => `Sending ${int(1, 500)} events to kafka topic ${pick(['orders', 'payments', 'audit'])} partition ${int(0, 11)} offset ${int(100000, 9999999)}`,
    () => `Health check passed for ${pick(services)} in ${int(1, 50)}ms`,
    () => `arn:aws:iam::${int(100000000000, 999999999999)}:role/${pick(services)}-role assumed by ${pick(users)} session ${hex(16)}`,
  ];
  return Array.from({ length: count }, () => pick(templates)());
}

function defaultScanner() {
  return new MessageScanner({
    delimiters: DEFAULT_DELIMITERS,
    masks: DEFAULT_ENABLED_MASKS.map((name) => ({ name, builtin: builtinMask(name)! })),
  });
}

function newReducer() {
  return new LogReducer({
    scanner: defaultScanner(),
    similarityThreshold: 70,
    dedupThreshold: 4,
    windowMs: 120_000,
    logarithmBase: null,
    repeatCountInSummaryMessage: true,
    partitionByTags: [],
    partitionByAttributes: [],
    isException: null,
    now: () => 0,
  });
}

/**
 * Milliseconds of CPU this process spent in `work` (user + system). On a machine shared with other work,
 * CPU time measures one core's throughput where wall time would measure the contention.
 */
function cpuMilliseconds(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

/** Lines per second of `work` over `lines`, best of `rounds` passes after a warm-up pass. */
function linesPerSecond(lines: readonly string[], work: (line: string) => unknown, rounds: number): number {
  let sink = 0;
  const pass = () =>
    cpuMilliseconds(() => {
      for (let i = 0; i < lines.length; i++) if (work(lines[i]) === undefined) sink++;
    });
  pass();
  let best = Infinity;
  for (let round = 0; round < rounds; round++) best = Math.min(best, pass());
  if (sink === -1) console.log(sink);
  return (lines.length / best) * 1000;
}

export interface ReducerBenchResult {
  lines: number;
  averageLineLength: number;
  patterns: number;
  baselineLinesPerSecond: number;
  clusterLinesPerSecond: number;
  ratio: number;
  operatorEventsPerSecond: number;
  /** `JSON.parse` of ~200-byte events, the floor the engine bench uses: shows how fast this machine is right now. */
  jsonParseFloorPerSecond: number;
  averageEventBytes: number;
}

/** The JSON.parse floor the issue quotes for this machine (events/s), to scale figures taken on a busy machine. */
export const QUOTED_JSON_PARSE_FLOOR = 2_000_000;

export function runReducerBench(lineCount = 200_000, rounds = 5): ReducerBenchResult {
  // Through JSON, as messages arrive: flat strings rather than the concatenations the generator builds.
  const lines: string[] = JSON.parse(JSON.stringify(generateLines(lineCount)));
  const averageLineLength = lines.reduce((sum, line) => sum + line.length, 0) / lines.length;

  const baselineLinesPerSecond = linesPerSecond(lines, (line) => line.split(' ').length, rounds);

  const reducer = newReducer();
  const clusterLinesPerSecond = linesPerSecond(lines, (line) => reducer.cluster(line), rounds);

  const events: LogEvent[] = lines.map((message, i) => ({
    id: `e${i}`,
    eventTimestamp: 1_700_000_000_000 + i,
    receivedTimestamp: 1_700_000_000_000 + i,
    message,
    severity: 9,
    tags: { service: ['bench'] },
    attributes: {},
  }));
  const whole = newReducer();
  const batch = 1000;
  let best = Infinity;
  for (let round = 0; round <= rounds; round++) {
    const elapsed = cpuMilliseconds(() => {
      for (let at = 0; at < events.length; at += batch) whole.process(events.slice(at, at + batch));
      whole.flush();
    });
    if (round > 0) best = Math.min(best, elapsed);
  }

  const json = events.map((event) => JSON.stringify(event));
  const averageEventBytes = Math.round(json.reduce((sum, line) => sum + line.length, 0) / json.length);
  const jsonParseFloorPerSecond = linesPerSecond(json, (line) => JSON.parse(line).severity, rounds);

  return {
    lines: lineCount,
    jsonParseFloorPerSecond,
    averageEventBytes,
    averageLineLength: Math.round(averageLineLength),
    patterns: reducer.stats().patterns,
    baselineLinesPerSecond,
    clusterLinesPerSecond,
    ratio: clusterLinesPerSecond / baselineLinesPerSecond,
    operatorEventsPerSecond: (events.length / best) * 1000,
  };
}

export function formatReducerBench(result: ReducerBenchResult): string {
  const rate = (value: number) => `${(value / 1e6).toFixed(2)}M/s`;
  return [
    `reducer: ${result.lines} lines, ${result.averageLineLength} chars on average, ${result.patterns} patterns`,
    `  baseline (split on spaces, drop):             ${rate(result.baselineLinesPerSecond)}`,
    `  mask + tokenize + cluster:                    ${rate(result.clusterLinesPerSecond)}  ratio ${result.ratio.toFixed(2)} of baseline (target ≥ 1M/s)`,
    `  whole reducer (windows, samples, summaries):  ${rate(result.operatorEventsPerSecond)}`,
    `  JSON.parse floor, ${result.averageEventBytes}-byte events:         ${rate(result.jsonParseFloorPerSecond)}` +
      `  (for context: the issue quotes about ${rate(QUOTED_JSON_PARSE_FLOOR)} for ~200-byte events on an idle machine)`,
  ].join('\n');
}

const invokedDirectly = typeof process !== 'undefined' && process.argv[1]?.endsWith('reducer.ts');
if (invokedDirectly) {
  const lines = Number(process.argv[2] ?? 200_000);
  console.log(formatReducerBench(runReducerBench(lines)));
}

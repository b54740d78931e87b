// Fuzzing every ingest decoder with a seeded PRNG: random bytes, random JSON-ish text, random
// well-formed JSON and protobuf trees, and mutations of valid payloads. A decoder must never throw,
// and must always answer either valid LogEvents or a message.
import { isDeepStrictEqual } from 'node:util';
import zlib from 'node:zlib';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { logEvent } from '../model/log-event';
import { decodeBody } from './decode-body';
import { decodeDatadogLogs } from './datadog';
import { decodeOtlpJson, decodeOtlpProtobuf } from './otlp';
import { decodeHecEvents, decodeHecRaw } from './splunk-hec';

const RECEIVED = 1_767_225_600_000;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof mulberry32>;
const int = (rand: Random, n: number) => Math.floor(rand() * n);
const pick = <T>(rand: Random, items: readonly T[]): T => items[int(rand, items.length)];

function randomBytes(rand: Random, max: number): Uint8Array {
  const out = new Uint8Array(int(rand, max + 1));
  for (let i = 0; i < out.length; i++) out[i] = int(rand, 256);
  return out;
}

const JSONISH = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\\', 'a', '1', '-', '.', 'e', 'true', 'null', '"event"', '"message"', '"time"', '"ddtags"', '"__proto__"', '\u00e9', '\ud800'];

function randomText(rand: Random, max: number): string {
  let text = '';
  const n = int(rand, max + 1);
  for (let i = 0; i < n; i++) text += pick(rand, JSONISH);
  return text;
}

const KEYS = [
  'message', 'msg', 'log', 'status', 'level', 'severity', 'ddsource', 'ddtags', 'hostname', 'host', 'service',
  'source', 'timestamp', 'date', 'event', 'time', 'sourcetype', 'index', 'fields', '__proto__', 'constructor',
  'toString', 'a', 'b.c', '',
];

function randomJson(rand: Random, depth: number): unknown {
  const choice = int(rand, depth > 3 ? 7 : 9);
  switch (choice) {
    case 0:
      return null;
    case 1:
      return rand() < 0.5;
    case 2:
      return pick(rand, [0, -1, 3, 7, 1.5, 1e300, -1e300, 1767225601, 1767225601234, 1767225601234567890, 2 ** 53, 99]);
    case 3:
      return pick(rand, ['', 'info', 'WARN', 'e', '3', 'env:prod,beta', '1767225601.5', 'NaN', 'Infinity', '2026-01-01T00:00:00Z', 'x'.repeat(200)]);
    case 4:
      return randomText(rand, 8);
    case 5:
    case 6:
      return String(int(rand, 1e6));
    case 7: {
      const arr: unknown[] = [];
      for (let i = int(rand, 4); i > 0; i--) arr.push(randomJson(rand, depth + 1));
      return arr;
    }
    default: {
      const obj: Record<string, unknown> = {};
      for (let i = int(rand, 6); i > 0; i--) {
        Object.defineProperty(obj, pick(rand, KEYS), {
          value: randomJson(rand, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return obj;
    }
  }
}

/** Random OTLP-shaped JSON: the right keys with values of random types. */
function randomOtlpJson(rand: Random): unknown {
  const anyValue = (depth: number): unknown => {
    const kind = int(rand, depth > 3 ? 6 : 9);
    const keys = ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'bytesValue', 'string_value', 'arrayValue', 'kvlistValue', 'x'];
    const key = keys[kind];
    if (key === 'arrayValue') return { arrayValue: { values: Array.from({ length: int(rand, 3) }, () => anyValue(depth + 1)) } };
    if (key === 'kvlistValue') return { kvlistValue: { values: Array.from({ length: int(rand, 3) }, () => kv(depth + 1)) } };
    return rand() < 0.8 ? { [key]: randomJson(rand, 4) } : randomJson(rand, 3);
  };
  const kv = (depth: number): unknown => (rand() < 0.9 ? { key: pick(rand, KEYS), value: anyValue(depth) } : randomJson(rand, 3));
  const record = (): unknown => {
    const fields: Record<string, unknown> = {};
    const all = ['timeUnixNano', 'observedTimeUnixNano', 'severityNumber', 'severityText', 'body', 'attributes', 'droppedAttributesCount', 'flags', 'traceId', 'spanId', 'eventName'];
    for (const field of all) {
      if (rand() < 0.5) continue;
      if (field === 'body') fields.body = anyValue(0);
      else if (field === 'attributes') fields.attributes = Array.from({ length: int(rand, 3) }, () => kv(0));
      else if (field === 'traceId') fields.traceId = pick(rand, ['5b8efff798038103d269b633813fc60c', '', 'zz', 'W47/95gDgQPSabYzgT/GDA==', 7]);
      else if (field.endsWith('UnixNano')) fields[field] = pick(rand, ['1767225601234567890', '0', '', '99999999999999999999', '-5', 1767225601234567890, 1e300]);
      else fields[field] = randomJson(rand, 3);
    }
    return fields;
  };
  return {
    resourceLogs: Array.from({ length: int(rand, 3) }, () => ({
      resource: { attributes: Array.from({ length: int(rand, 4) }, () => kv(0)) },
      scopeLogs: Array.from({ length: int(rand, 3) }, () => ({
        scope: rand() < 0.8 ? { name: randomJson(rand, 4), version: '1' } : randomJson(rand, 3),
        logRecords: Array.from({ length: int(rand, 4) }, record),
      })),
    })),
  };
}

function varint(value: number, out: number[]): void {
  let v = value;
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** A random, well-formed protobuf tree using the OTLP field numbers, so known fields get hit. */
function randomProto(rand: Random, depth: number): number[] {
  const out: number[] = [];
  for (let n = int(rand, 5); n > 0; n--) {
    const field = rand() < 0.9 ? 1 + int(rand, 12) : 13 + int(rand, 2000);
    const wire = pick(rand, [0, 1, 2, 2, 2, 5, 3]);
    if (wire === 3 && depth > 3) continue;
    varint(field * 8 + wire, out);
    if (wire === 0) varint(pick(rand, [0, 1, 9, 17, 30, 2 ** 31, 2 ** 40, Number.MAX_SAFE_INTEGER]), out);
    else if (wire === 1) for (let i = 0; i < 8; i++) out.push(int(rand, 256));
    else if (wire === 5) for (let i = 0; i < 4; i++) out.push(int(rand, 256));
    else if (wire === 2) {
      const inner = depth < 6 && rand() < 0.6 ? randomProto(rand, depth + 1) : [...randomBytes(rand, 12)];
      varint(inner.length, out);
      out.push(...inner);
    } else {
      out.push(...randomProto(rand, depth + 1));
      varint(field * 8 + 4, out);
    }
  }
  return out;
}

function mutate(rand: Random, input: Uint8Array): Uint8Array {
  const bytes = [...input];
  for (let n = 1 + int(rand, 4); n > 0; n--) {
    const at = int(rand, bytes.length + 1);
    switch (int(rand, 6)) {
      case 0:
        if (bytes.length) bytes[at % bytes.length] = int(rand, 256);
        break;
      case 1:
        bytes.splice(at, 1 + int(rand, 8));
        break;
      case 2:
        bytes.splice(at, 0, ...randomBytes(rand, 6));
        break;
      case 3:
        bytes.length = at;
        break;
      case 4: {
        const from = int(rand, bytes.length + 1);
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + int(rand, 30)));
        break;
      }
      default:
        if (bytes.length) bytes[at % bytes.length] ^= 1 << int(rand, 8);
    }
  }
  return Uint8Array.from(bytes);
}

type Outcome = { ok: true; events: unknown[] } | { ok: false; message: string };

/** The contract every decoder keeps; returns a problem description or undefined. */
function problem(run: () => Outcome): string | undefined {
  let result: Outcome;
  try {
    result = run();
  } catch (error) {
    return `threw ${error instanceof Error ? error.stack : String(error)}`;
  }
  if (result.ok === false) {
    return typeof result.message === 'string' && result.message.length > 0 ? undefined : 'failure without a message';
  }
  if (result.ok !== true || !Array.isArray(result.events)) return 'neither ok nor a failure';
  const ids = new Set<string>();
  for (const event of result.events) {
    const parsed = logEvent.safeParse(event);
    if (!parsed.success) return `invalid LogEvent ${JSON.stringify(event)}: ${parsed.error.message}`;
    const { id } = parsed.data;
    if (ids.has(id)) return `duplicate id ${id}`;
    ids.add(id);
    let roundTrip: unknown;
    try {
      roundTrip = JSON.parse(JSON.stringify(event));
    } catch (error) {
      return `not JSON-serialisable: ${String(error)}`;
    }
    if (!isDeepStrictEqual(roundTrip, event)) return `does not survive JSON: ${JSON.stringify(event)}`;
  }
  return undefined;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

const decoders: Record<string, (body: Uint8Array) => Outcome> = {
  datadog: (body) => decodeDatadogLogs(body, { receivedTimestamp: RECEIVED }),
  'otlp-json': (body) => decodeOtlpJson(body, { receivedTimestamp: RECEIVED }),
  'otlp-protobuf': (body) => decodeOtlpProtobuf(body, { receivedTimestamp: RECEIVED }),
  'hec-event': (body) => decodeHecEvents(body, { receivedTimestamp: RECEIVED, defaults: { host: 'h' } }),
  'hec-raw': (body) => decodeHecRaw(body, { receivedTimestamp: RECEIVED, source: 's', time: '1767225601' }),
};

function fuzz(name: string, seed: number, iterations: number, input: (rand: Random) => Uint8Array) {
  const rand = mulberry32(seed);
  const decode = decoders[name];
  let ok = 0;
  for (let i = 0; i < iterations; i++) {
    const body = input(rand);
    const found = problem(() => decode(body));
    if (found) {
      throw new Error(`${name}, seed ${seed}, iteration ${i}: ${found}\ninput (base64): ${Buffer.from(body).toString('base64')}`);
    }
    if (decode(body).ok) ok++;
  }
  if (process.env.FUZZ_STATS) console.log(`${name} seed ${seed}: ${ok}/${iterations} ok`);
  return ok;
}

const valid: Record<string, Uint8Array> = {};

beforeAll(async () => {
  const memory = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'svc', 'host.name': 'h', 'process.pid': 7 }),
    processors: [new SimpleLogRecordProcessor({ exporter: memory })],
  });
  const logger = provider.getLogger('fuzz', '1.0');
  logger.emit({ timestamp: 1767225601234, severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'disk 91% full', attributes: { a: 1, b: [true, 'x'], c: { d: 2.5 } } });
  logger.emit({ body: { k: ['v', 1, { z: null }] }, attributes: { bytes: new Uint8Array([0, 255]) } });
  await provider.forceFlush();
  const records = memory.getFinishedLogRecords();
  valid['otlp-protobuf'] = ProtobufLogsSerializer.serializeRequest(records)!;
  valid['otlp-json'] = JsonLogsSerializer.serializeRequest(records)!;
  valid.datadog = Buffer.from(
    JSON.stringify([
      { message: 'GET /', status: 'info', timestamp: 1767225601234, hostname: 'h', service: 's', ddsource: 'nginx', ddtags: 'env:prod,beta', http: { code: 200 } },
      { message: '{"a":1}', status: 'error', date: '2026-01-01T00:00:00Z' },
    ]),
  );
  valid['hec-event'] = Buffer.from(
    '{"time":1767225601.5,"host":"h","sourcetype":"st","event":"line one","fields":{"k":["a","b"]}}\n{"event":{"message":"m","level":"warn","x":[1,{"y":2}]}}',
  );
  valid['hec-raw'] = Buffer.from('line one\nline {two}\r\n\nline three');
});

describe('ingest decoders under fuzzing', () => {
  for (const [index, name] of Object.keys(decoders).entries()) {
    describe(name, () => {
      it('survives random bytes', () => {
        fuzz(name, 1000 + index, 3000, (rand) => randomBytes(rand, 300));
      });
      it('survives random JSON-ish text', () => {
        fuzz(name, 2000 + index, 3000, (rand) => Buffer.from(randomText(rand, 60)));
      });
      it('survives random JSON of the right and wrong shapes', () => {
        const ok = fuzz(name, 3000 + index, 3000, (rand) => {
          const value = name === 'otlp-json' ? randomOtlpJson(rand) : randomJson(rand, 0);
          if (name === 'hec-event' && rand() < 0.5) {
            return Buffer.from(Array.from({ length: 1 + int(rand, 3) }, () => JSON.stringify({ event: randomJson(rand, 1), ...(randomJson(rand, 3) as object) })).join(pick(rand, ['', '\n', ' '])));
          }
          return Buffer.from(JSON.stringify(value) ?? '');
        });
        if (name !== 'otlp-protobuf') expect(ok).toBeGreaterThan(0);
      });
      it('survives mutations of a valid payload', () => {
        expect(problem(() => decoders[name](valid[name]))).toBeUndefined();
        expect(decoders[name](valid[name]).ok).toBe(true);
        const ok = fuzz(name, 4000 + index, 4000, (rand) => mutate(rand, valid[name]));
        expect(ok).toBeGreaterThan(0);
      });
    });
  }

  it('otlp-protobuf survives random well-formed wire trees', () => {
    const ok = fuzz('otlp-protobuf', 5000, 5000, (rand) => Uint8Array.from(randomProto(rand, 0)));
    expect(ok).toBeGreaterThan(100);
  });

  it('decodeBody survives random and mutated compressed bodies', () => {
    const rand = mulberry32(6000);
    const sample = Buffer.from(text(valid.datadog).repeat(5));
    const compressed = {
      gzip: zlib.gzipSync(sample),
      deflate: zlib.deflateSync(sample),
      'deflate ': zlib.deflateRawSync(sample),
      br: zlib.brotliCompressSync(sample),
      identity: sample,
    };
    for (let i = 0; i < 3000; i++) {
      const [coding, body] = pick(rand, Object.entries(compressed));
      const input = rand() < 0.3 ? randomBytes(rand, 200) : mutate(rand, body);
      const encoding = rand() < 0.1 ? pick(rand, ['', 'gzip, deflate', 'x-gzip', 'zstd', 'bogus', ' , ']) : coding.trim();
      let result: ReturnType<typeof decodeBody>;
      try {
        result = decodeBody(input, encoding, { maxBytes: 4096 });
      } catch (error) {
        throw new Error(`decodeBody threw on iteration ${i}: ${String(error)}`);
      }
      if (result.ok) expect(result.body.length).toBeLessThanOrEqual(4096);
      else {
        expect([400, 413, 415]).toContain(result.status);
        expect(result.message.length).toBeGreaterThan(0);
      }
    }
  });
});

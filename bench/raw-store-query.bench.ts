// Raw store queries over a dataset on PostgreSQL: time to first row, a selective needle search against
// `grep -c` over the same events as an NDJSON file, and a broad query's rows/s streamed to the client
// against reading and parsing that file. BENCH_QUERY_EVENTS sets the volume (default 200,000; the issue's
// figure is for 10,000,000); BENCH_DATABASE_URL the server.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { it } from 'vitest';
import type { LogEvent } from '@/server/model/log-event';
import { mulberry32 } from '@/server/model/random';
import { createDatasetsRepository } from '@/server/store/datasets-repository';
import { LOCAL_OPERATOR } from '@/server/services/result';
import { createWeir } from '@/server/weir';
import { generateLines } from './reducer';
import { selectOneRoundTrip, timeSyncQuery } from './sync-query';
import { format, median, report } from './report';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_QUERY_EVENTS ?? 200_000);
const NEEDLE = 'zqxneedle';
const CHUNK = 5000;
const RANGE = { start: '2026-01-01T00:00:00Z', end: '2026-01-08T00:00:00Z' };

it('raw store queries', async () => {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const name = `weir_bench_q_${Date.now().toString(36)}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const weir = await createWeir({ store: { databaseUrl: url.toString() }, runEngine: false, demo: false });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'weir-bench-'));
  const file = path.join(dir, 'events.ndjson');
  try {
    const dataset = await weir.services.datasets.create({ name: 'bench_query' }, LOCAL_OPERATOR);
    if (!dataset.ok) throw new Error(dataset.error.message);
    const repository = createDatasetsRepository(weir.store);
    const random = mulberry32(11);
    const messages = generateLines(50_000, 3);
    const start = Date.parse(RANGE.start);
    const span = Date.parse(RANGE.end) - start;
    const out = createWriteStream(file);
    let needles = 0;
    const loadStarted = performance.now();
    for (let offset = 0; offset < EVENTS; offset += CHUNK) {
      const chunk: LogEvent[] = [];
      for (let i = offset; i < Math.min(EVENTS, offset + CHUNK); i++) {
        const needle = random() < 0.0001;
        if (needle) needles += 1;
        const ts = start + Math.floor((i / EVENTS) * span);
        chunk.push({
          id: `b${i}`,
          eventTimestamp: ts,
          receivedTimestamp: ts,
          message: needle ? `payment ${NEEDLE} declined for order ${i}` : messages[i % messages.length],
          severity: [9, 9, 9, 13, 17][i % 5],
          tags: { service: [['checkout', 'search', 'payments'][i % 3]], host: [`web-${i % 16}`] },
          attributes: { http: { status_code: [200, 200, 404, 500][i % 4] } },
        });
      }
      await repository.writeEvents(dataset.value.id, chunk);
      if (!out.write(chunk.map((event) => JSON.stringify(event)).join('\n') + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    await weir.store.db.execute(sql`analyze log_events`);
    console.log(`[bench] raw store: loaded ${format(EVENTS)} events (${needles} needles) in ${format((performance.now() - loadStarted) / 1000)} s`);

    const run = (query: string, limit: number) => timeSyncQuery(weir, { datasetId: dataset.value.id, query, limit, ...RANGE });
    const roundTrip = await selectOneRoundTrip(weir);
    const broadFirst = await run('service:checkout', 100);
    report('sync query time to first row (service:checkout)', broadFirst.first, 'ms', { name: 'a SELECT 1 round trip', value: roundTrip }, 'target < 100 ms');

    const grepRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      spawnSync('grep', ['-c', NEEDLE, file]);
      grepRuns.push(performance.now() - t0);
    }
    const needleRuns = [await run(NEEDLE, 10_000), await run(NEEDLE, 10_000), await run(NEEDLE, 10_000)];
    const needle = needleRuns[0];
    report(`needle search "${NEEDLE}"`, median(needleRuns.map((r) => r.total)), 'ms', { name: 'grep -c over the NDJSON', value: median(grepRuns) }, `${needle.rows} rows; target ≤ 1.0×`);

    // Baseline: read the file and parse as many lines as the broad query returns (the whole file may not fit in a string).
    const broadRows = Math.min(EVENTS, 100_000);
    const parseStarted = performance.now();
    let parsedLines = 0;
    let partial = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (parsedLines === broadRows) break;
        if (line) parsedLines += JSON.parse(line) ? 1 : 0;
      }
      if (parsedLines === broadRows) break;
    }
    const parseRate = parsedLines / ((performance.now() - parseStarted) / 1000);
    const broad = await run('*', broadRows);
    report('broad query streamed to the client', broad.rows / (broad.total / 1000), 'rows/s', { name: 'reading and parsing the NDJSON file', value: parseRate }, `${format(broad.rows)} rows`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await weir.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

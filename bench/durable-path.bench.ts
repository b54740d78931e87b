// Durable path: Datadog-format intake requests of 1,000 events, handed to the real route handler in process
// (no socket), → ingest log → pipeline → dataset, on PostgreSQL, against a database floor: COPY of the same
// rows into a plain table. Then the deferred index build, and query latencies over the stored dataset before
// and after it. BENCH_EVENTS sets the event count (default 200,000); BENCH_CONCURRENCY the shippers sending at
// once (16); BENCH_DATABASE_URL the server.
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { it } from 'vitest';
import { handleDatadogIntake } from '@/server/api/ingest';
import { createWeir } from '@/server/weir';
import { format, median, report } from './report';
import { selectOneRoundTrip, timeSyncQuery } from './sync-query';

const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const BATCH = 1000;
/** Shippers sending at once, as a fleet of agents would; BENCH_CONCURRENCY changes it. */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

function datadogBatch(batch: number) {
  return Array.from({ length: BATCH }, (_, i) => ({
    message: `GET /api/orders/${batch * BATCH + i} 200 ${i % 900}ms user=${['alice', 'bob', 'carol'][i % 3]}`,
    status: i % 50 === 0 ? 'error' : 'info',
    hostname: `web-${i % 8}`,
    service: ['checkout', 'payments', 'search'][i % 3],
    ddsource: 'nginx',
    ddtags: `env:prod,team:${['web', 'core'][i % 2]}`,
    http: { status_code: i % 50 === 0 ? 500 : 200, method: 'GET' },
  }));
}

it('durable path and query latency', async () => {
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => {} });
  const name = `weir_bench_${Date.now().toString(36)}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const weir = await createWeir({ store: { databaseUrl: url.toString() }, runEngine: true, demo: false });
  try {
    const bodies = Array.from({ length: Math.ceil(EVENTS / BATCH) }, (_, batch) => JSON.stringify(datadogBatch(batch)));

    // Floor: COPY the same rows into a plain table with the same columns.
    const floorDb = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await floorDb.unsafe('create table copy_floor (dataset_id text, event_ts timestamptz, id text, received_ts timestamptz, message text, severity smallint, tags jsonb, attributes jsonb)');
    const copyStarted = performance.now();
    const writable: Writable = await floorDb.unsafe('copy copy_floor from stdin').writable();
    await pipeline(
      (async function* () {
        let n = 0;
        for (const body of bodies) {
          let chunk = '';
          for (const event of JSON.parse(body)) {
            const ts = new Date().toISOString();
            const tags = JSON.stringify({ host: [event.hostname], service: [event.service], env: ['prod'] }).replace(/\\/g, '\\\\');
            const attributes = JSON.stringify(event.http).replace(/\\/g, '\\\\');
            chunk += `bench\t${ts}\tid${n++}\t${ts}\t${event.message}\t9\t${tags}\t{"http":${attributes}}\n`;
          }
          yield chunk;
        }
      })(),
      writable,
    );
    const copyRate = EVENTS / ((performance.now() - copyStarted) / 1000);
    await floorDb.end();

    const integration = await weir.services.integrations.create({ type: 'datadog', name: 'bench_agents' });
    const dataset = await weir.services.datasets.create({ name: 'bench_raw' }, { kind: 'local-operator', organizationId: 'local' });
    if (!integration.ok || !dataset.ok) throw new Error('setup failed');
    const job = await weir.services.jobs.createJob(
      {
        name: 'bench_pipeline',
        jobGraph: {
          vertices: [
            { type: 'datadog-log-agent-source', name: 'agents', integrationId: integration.value.id },
            { type: 'logs-iceberg-table-sink', name: 'lake', datasetId: dataset.value.id },
          ],
          edges: ['agents -> lake'],
        },
      },
      { kind: 'local-operator', organizationId: 'local' },
    );
    if (!job.ok) throw new Error(job.error.message);
    while ((await weir.services.jobs.getJob(job.value.id, { kind: 'local-operator', organizationId: 'local' })).ok && !weir.reconciler.isActive(job.value.id, 0)) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const started = performance.now();
    let next = 0;
    let retries = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++];
          for (;;) {
            const response = await handleDatadogIntake(
              new Request('http://weir.bench/api/v2/logs', { method: 'POST', headers: { 'dd-api-key': integration.value.token!, 'content-type': 'application/json' }, body }),
              weir,
            );
            if (response.status === 202) break;
            retries += 1;
            await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 100));
          }
        }
      }),
    );
    const acknowledgedAt = performance.now();
    // Wait on the sink's in-memory counter first, so that counting rows does not load the database during the run.
    const sinkReceived = () => weir.reconciler.metrics(job.value.id).find((vertex) => vertex.vertex === 'lake')?.eventsIn ?? 0;
    while (sinkReceived() < EVENTS) await new Promise((resolve) => setTimeout(resolve, 10));
    while ((await weir.services.datasets.get(dataset.value.id, { kind: 'local-operator', organizationId: 'local' })).ok) {
      const stored = await weir.services.datasets.get(dataset.value.id, { kind: 'local-operator', organizationId: 'local' });
      if (stored.ok && (stored.value.eventCount ?? 0) >= EVENTS) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const storedAt = performance.now();
    const durableRate = EVENTS / ((storedAt - started) / 1000);
    report('durable path (intake → ingest log → pipeline → dataset)', durableRate, 'events/s', { name: 'COPY floor', value: copyRate },
      `${format(EVENTS)} events from ${CONCURRENCY} concurrent shippers; intake acknowledged them at ${format(EVENTS / ((acknowledgedAt - started) / 1000))} events/s; ${retries} pushed back with 429/503`);

    // Query latency: time to first row and to the end, for selective and broad queries.
    const queries = ['status:error', 'service:payments @http.status_code:200', 'alice', 'orders -status:error host:web-1', '*'];
    const roundTrip = await selectOneRoundTrip(weir);
    const measureQueries = async (phase: string) => {
      for (const query of queries) {
        const runs = [];
        for (let run = 0; run < 3; run++) {
          runs.push(await timeSyncQuery(weir, { datasetId: dataset.value.id, query, limit: 2500, start: '2000-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z' }));
        }
        report(`query ${JSON.stringify(query)} first row (${phase})`, median(runs.map((r) => r.first)), 'ms', { name: 'a SELECT 1 round trip', value: roundTrip },
          `${runs[0].rows} rows in ${format(median(runs.map((r) => r.total)))} ms`);
      }
    };
    await measureQueries('current hour, not yet indexed');

    // The search indexes of a partition are built once its hour has passed: time that build as if it had.
    const indexStarted = performance.now();
    const indexed = await weir.services.datasets.indexSealedPartitions(Date.now() + 2 * 3_600_000);
    const indexRate = EVENTS / ((performance.now() - indexStarted) / 1000);
    report('search index build once the hour has passed', indexRate, 'events/s', { name: 'COPY floor', value: copyRate },
      `${indexed.length} partition(s); runs in the background, after the events are stored and queryable`);
    await measureQueries('indexed');
  } finally {
    await weir.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

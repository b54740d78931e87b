import { sql } from 'drizzle-orm';
import { LOCAL_OPERATOR } from '@/server/services/result';
import type { Weir } from '@/server/weir';
import { syncQueryJob } from '@/server/model/sync-query-job';
import { median } from './report';

/**
 * Runs a Datadog query over a dataset as a synchronous job, newest first, reading the NDJSON stream as a client
 * would: times the first event row and the whole stream.
 */
export async function timeSyncQuery(
  weir: Weir,
  search: { datasetId: string; query: string; limit: number; start: string; end: string },
): Promise<{ first: number; total: number; rows: number }> {
  const t0 = performance.now();
  const result = await weir.services.syncJobs.submit(
    syncQueryJob({ ...search, start: Date.parse(search.start), end: Date.parse(search.end) }, 'bench_query'),
    LOCAL_OPERATOR,
    { signal: new AbortController().signal, timeCapMs: 300_000 },
  );
  if (!result.ok) throw new Error(result.error.message);
  const reader = result.value.stream.getReader();
  const decoder = new TextDecoder();
  let first = Number.NaN;
  let rows = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const running = decoder.decode(value).split('\n').filter((line) => line.includes('"RUNNING"')).length;
    if (running > 0 && Number.isNaN(first)) first = performance.now() - t0;
    rows += running;
  }
  return { first, total: performance.now() - t0, rows };
}

/** The median time of a `SELECT 1` round trip: the floor under any query's latency. */
export async function selectOneRoundTrip(weir: Weir): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    await weir.store.db.execute(sql`select 1`);
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

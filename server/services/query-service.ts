import { z } from 'zod';
import { parseQuery } from '../query';
import type { QueryNode } from '../query/ast';
import { zodIssuesToProblems } from '../model/problems';
import { severityToStatus } from '../ingest/severity';
import type { LogEvent } from '../model/log-event';
import type { DatasetsRepository, TimeRange } from '../store/datasets-repository';
import { failure, ok, type Result } from './result';
import { createDefaultPatternReducer } from '../operations/transforms/log-reducer';

const FACET_VALUES = 10;
/** The Patterns tab clusters at most this many of the newest matching events. */
const PATTERN_SCAN_LIMIT = 10_000;
const MAX_BUCKETS = 500;
/** Bucket widths a histogram may use, so bars line up with clock time. */
const NICE_BUCKETS_MS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400].map((seconds) => seconds * 1000);

export const resultScope = z.object({
  datasetId: z.string().min(1),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  query: z.string().max(10_000).default(''),
});

export const histogramRequest = resultScope.extend({ buckets: z.int().min(1).max(MAX_BUCKETS).default(60) });
export const facetsRequest = resultScope.extend({ fields: z.array(z.string().min(1).max(256)).min(1).max(20) });

export interface QueryServiceDeps {
  datasets: DatasetsRepository;
}

/** Aggregates over a query's whole result (histogram, facets) and the helpers of the query console. */
export function createQueryService({ datasets }: QueryServiceDeps) {
  async function scopeOf(input: unknown, schema: z.ZodType<z.output<typeof resultScope>> = resultScope): Promise<Result<{ datasetId: string; range: TimeRange; where: QueryNode }>> {
    const parsed = schema.safeParse(input, { reportInput: true });
    if (!parsed.success) return failure(400, 'The request is not valid', zodIssuesToProblems(parsed.error.issues));
    const dataset = await datasets.find(parsed.data.datasetId);
    if (!dataset) return failure(404, `Dataset ${parsed.data.datasetId} not found`, [{ path: 'datasetId', message: 'no such dataset' }]);
    const query = parseQuery(parsed.data.query);
    if (!query.ok) return failure(400, `The query is not valid: ${query.error.message}`, [{ path: 'query', message: query.error.message }]);
    const range = { start: Date.parse(parsed.data.start), end: Date.parse(parsed.data.end) };
    if (range.end <= range.start) return failure(400, 'end must be after start', [{ path: 'end', message: 'must be after start' }]);
    return ok({ datasetId: dataset.id, range, where: query.ast });
  }

  return {
    async histogram(input: unknown): Promise<Result<{ bucketMs: number; buckets: Array<{ start: number; count: number }>; total: number }>> {
      const parsed = histogramRequest.safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The request is not valid', zodIssuesToProblems(parsed.error.issues));
      const scope = await scopeOf(input);
      if (!scope.ok) return scope;
      const { datasetId, range, where } = scope.value;
      const wanted = (range.end - range.start) / parsed.data.buckets;
      const bucketMs = NICE_BUCKETS_MS.find((width) => width >= wanted) ?? Math.ceil(wanted / 86_400_000) * 86_400_000;
      const counted = new Map((await datasets.histogram(datasetId, range, where, bucketMs)).map((bucket) => [bucket.start, bucket.count]));
      // Every bucket of the range, empty ones included, so the chart's time axis is even.
      const buckets: Array<{ start: number; count: number }> = [];
      for (let start = Math.floor(range.start / bucketMs) * bucketMs; start < range.end; start += bucketMs) {
        buckets.push({ start, count: counted.get(start) ?? 0 });
      }
      return ok({ bucketMs, buckets, total: buckets.reduce((sum, bucket) => sum + bucket.count, 0) });
    },

    async facets(input: unknown): Promise<Result<{ fields: Array<{ field: string; values: Array<{ value: string; count: number }> }> }>> {
      const parsed = facetsRequest.safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The request is not valid', zodIssuesToProblems(parsed.error.issues));
      const scope = await scopeOf(input);
      if (!scope.ok) return scope;
      const { datasetId, range, where } = scope.value;
      const fields = [];
      for (const field of parsed.data.fields) {
        let values: Array<{ value: string; count: number }>;
        if (field === 'status') {
          const byStatus = new Map<string, number>();
          for (const row of await datasets.severityCounts(datasetId, range, where)) {
            const status = severityToStatus(row.severity);
            byStatus.set(status, (byStatus.get(status) ?? 0) + row.count);
          }
          values = [...byStatus].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count);
        } else if (field.startsWith('@')) {
          values = await datasets.topAttributeValues(datasetId, range, where, field.slice(1).split('.'), FACET_VALUES);
        } else {
          values = await datasets.topTagValues(datasetId, range, where, field, FACET_VALUES);
        }
        fields.push({ field, values });
      }
      return ok({ fields });
    },

    /** Tag keys, attribute paths and common values seen in the dataset's recent events, for autocomplete. */
    async fieldSuggestions(input: unknown): Promise<Result<{ tagKeys: string[]; attributePaths: string[]; values: Record<string, string[]> }>> {
      const parsed = z.object({ datasetId: z.string().min(1) }).safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The request is not valid', zodIssuesToProblems(parsed.error.issues));
      const dataset = await datasets.find(parsed.data.datasetId);
      if (!dataset) return failure(404, `Dataset ${parsed.data.datasetId} not found`);
      const sample: LogEvent[] = [];
      const recent = { start: 0, end: Date.now() + 86_400_000, where: { kind: 'all' } as QueryNode, order: 'DESCENDING' as const, limit: 1000, offset: 0 };
      for await (const page of datasets.readEvents(dataset.id, recent, new AbortController().signal)) sample.push(...page);
      // Value counts per tag key, and per `@path` for scalar attributes.
      const valueCounts = new Map<string, Map<string, number>>();
      const count = (key: string, value: string) => {
        const counts = valueCounts.get(key) ?? new Map<string, number>();
        counts.set(value, (counts.get(value) ?? 0) + 1);
        valueCounts.set(key, counts);
      };
      const tagKeys = new Set<string>();
      const attributePaths = new Set<string>();
      for (const event of sample) {
        for (const [key, values] of Object.entries(event.tags)) {
          tagKeys.add(key);
          for (const value of values) count(key, value);
        }
        collectPaths(event.attributes, '', (path, value) => {
          attributePaths.add(path);
          if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') count(`@${path}`, String(value));
        });
      }
      const values: Record<string, string[]> = {};
      for (const [key, counts] of valueCounts) {
        values[key] = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([value]) => value);
      }
      return ok({ tagKeys: [...tagKeys].sort(), attributePaths: [...attributePaths].sort().slice(0, 500), values });
    },

    /** Groups the newest matching events by reducer pattern, most frequent first. */
    async patterns(input: unknown): Promise<Result<{ scanned: number; patterns: Array<{ patternId: string; pattern: string; count: number; sample: string }> }>> {
      const scope = await scopeOf(input);
      if (!scope.ok) return scope;
      const { datasetId, range, where } = scope.value;
      const reducer = createDefaultPatternReducer();
      const found = new Map<string, { count: number; sample: string }>();
      let scanned = 0;
      const newest = { ...range, where, order: 'DESCENDING' as const, limit: PATTERN_SCAN_LIMIT, offset: 0 };
      for await (const page of datasets.readEvents(datasetId, newest, new AbortController().signal)) {
        for (const event of page) {
          scanned += 1;
          const patternId = reducer.cluster(event.message);
          if (patternId === null) continue;
          const entry = found.get(patternId);
          if (entry) entry.count += 1;
          else found.set(patternId, { count: 1, sample: event.message });
        }
      }
      const templates = new Map(reducer.patternsOf('').map((pattern) => [pattern.id, pattern.template]));
      const patterns = [...found]
        .map(([patternId, entry]) => ({ patternId, pattern: templates.get(patternId) ?? entry.sample, count: entry.count, sample: entry.sample }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 100);
      return ok({ scanned, patterns });
    },

    /** Matching events stored after `after`, oldest first, for a live tail. */
    async tail(datasetId: string, query: string, after: { receivedTimestamp: number; id: string }, since: number): Promise<Result<LogEvent[]>> {
      const dataset = await datasets.find(datasetId);
      if (!dataset) return failure(404, `Dataset ${datasetId} not found`);
      const parsed = parseQuery(query);
      if (!parsed.ok) return failure(400, `The query is not valid: ${parsed.error.message}`, [{ path: 'query', message: parsed.error.message }]);
      return ok(await datasets.readReceivedAfter(dataset.id, parsed.ast, after, since, 500));
    },
  };
}

export type QueryService = ReturnType<typeof createQueryService>;

/** Calls `visit` with the dotted path of every leaf (scalars, arrays, and objects past a few levels). */
function collectPaths(value: unknown, prefix: string, visit: (path: string, value: unknown) => void, depth = 0) {
  if (depth > 4 || value === null || typeof value !== 'object' || Array.isArray(value)) {
    if (prefix) visit(prefix, value);
    return;
  }
  for (const [key, child] of Object.entries(value)) collectPaths(child, prefix ? `${prefix}.${key}` : key, visit, depth + 1);
}

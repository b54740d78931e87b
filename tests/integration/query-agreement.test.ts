/**
 * Agreement between the two backends of the Datadog search AST (ast.ts): the SQL compiler, run through
 * the raw store's real read path (readEvents), and the in-memory matcher (compileMatcher). One seeded
 * corpus is written once; each random query must select exactly the same event ids on both sides.
 *
 * Runs on PGlite, and on Postgres when TEST_DATABASE_URL is set. Messages hold ASCII and caseless
 * non-ASCII only: see the limit documented in tests/support/query-generators.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { createTestWeir, testDatabase, type TestWeir } from '../support/test-weir';
import { mulberry32 } from '@/server/model/random';
import { randomAst, randomEvent, randomQueryText } from '../support/query-generators';
import { createDatasetsRepository, type DatasetsRepository } from '@/server/store/datasets-repository';
import type { LogEvent } from '@/server/model/log-event';
import { ALL, type QueryNode } from '@/server/query/ast';
import { compileMatcher } from '@/server/query/match';
import { parseQuery } from '@/server/query/parse';
import { printQuery } from '@/server/query/print';
import { compileQueryToSql } from '@/server/query/sql';

/** Seeds are fixed so that a failure replays; QUERY_AGREEMENT_SEED shifts them all to explore further. */
const SEED = Number(process.env.QUERY_AGREEMENT_SEED ?? 0);
const CORPUS_SEED = 20240611 + SEED;
const CORPUS_SIZE = 400;
const QUERIES = Number(process.env.QUERY_AGREEMENT_QUERIES ?? 300);

let t: TestWeir;
let repository: DatasetsRepository;
let datasetId: string;
let corpus: LogEvent[];
let start: number;
let end: number;

beforeAll(async () => {
  t = await createTestWeir();
  const dataset = await t.rest('POST', '/api/v1/datasets', { name: 'query_agreement' });
  expect(dataset.status).toBe(201);
  datasetId = dataset.body.id;
  repository = createDatasetsRepository(t.weir.store);
  const random = mulberry32(CORPUS_SEED);
  // Around now, so the events land in hourly partitions as well as the default one; the next hours' partitions
  // get their search indexes and the rest stay unindexed, so every kind of partition answers the queries.
  start = Date.now() - 3 * 86_400_000;
  end = Date.now() + 86_400_000;
  corpus = Array.from({ length: CORPUS_SIZE }, (_, i) => randomEvent(random, i, start + Math.floor((i * (end - start)) / CORPUS_SIZE)));
  expect(await repository.writeEvents(datasetId, corpus)).toBe(CORPUS_SIZE);
  expect((await repository.indexSealedPartitions(Date.now() + 3 * 3_600_000)).length).toBeGreaterThan(0);
});
afterAll(async () => {
  await t?.close();
});

async function sqlIds(where: QueryNode): Promise<Set<string>> {
  const ids = new Set<string>();
  const query = { start, end, where, order: 'ASCENDING' as const, limit: 1_000_000, offset: 0 };
  for await (const page of repository.readEvents(datasetId, query, new AbortController().signal)) {
    for (const event of page) ids.add(event.id);
  }
  return ids;
}

const dialect = new PgDialect();
const show = (value: unknown) => JSON.stringify(value);

interface Outcome {
  /** A description of the disagreement, or null when both backends agree. */
  failure: string | null;
  matched: number;
}

/** Runs one query on both backends; on a disagreement, says everything needed to debug it. */
async function compare(ast: QueryNode, source: string): Promise<Outcome> {
  const expected = new Set(corpus.filter(compileMatcher(ast)).map((event) => event.id));
  const explain = () => {
    const { sql, params } = dialect.sqlToQuery(compileQueryToSql(ast));
    return [`query: ${source}`, `printed: ${printQuery(ast)}`, `ast: ${show(ast)}`, `sql: ${sql}`, `params: ${show(params)}`];
  };
  let actual: Set<string>;
  try {
    actual = await sqlIds(ast);
  } catch (error) {
    return { failure: [...explain(), `SQL failed: ${String(error)}`].join('\n'), matched: expected.size };
  }
  const onlyMatcher = [...expected].filter((id) => !actual.has(id));
  const onlySql = [...actual].filter((id) => !expected.has(id));
  if (onlyMatcher.length === 0 && onlySql.length === 0) return { failure: null, matched: expected.size };
  const byId = new Map(corpus.map((event) => [event.id, event]));
  const sample = (ids: string[]) =>
    ids.slice(0, 3).map((id) => {
      const { message, severity, tags, attributes } = byId.get(id)!;
      return `  ${id}: ${show({ message, severity, tags, attributes })}`;
    });
  return {
    failure: [
      ...explain(),
      `matcher ${expected.size} vs SQL ${actual.size}`,
      `matched only by the matcher (${onlyMatcher.length}):`,
      ...sample(onlyMatcher),
      `matched only by SQL (${onlySql.length}):`,
      ...sample(onlySql),
    ].join('\n'),
    matched: expected.size,
  };
}

/** Compares every query; fails with the first few disagreements and checks that the queries were not vacuous. */
async function agreeOn(queries: { ast: QueryNode; source: string }[]) {
  const failures: string[] = [];
  let selective = 0;
  for (const { ast, source } of queries) {
    const { failure, matched } = await compare(ast, source);
    if (failure) failures.push(failure);
    if (matched > 0 && matched < corpus.length) selective++;
  }
  expect(failures.length, `${failures.length}/${queries.length} disagreements on ${testDatabase}:\n\n${failures.slice(0, 4).join('\n\n')}`).toBe(0);
  return { selective };
}

function parsed(text: string): QueryNode {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`${show(text)}: ${result.error.message}`);
  return result.ast;
}

describe(`SQL compiler and in-memory matcher agree (${testDatabase})`, () => {
  it('the corpus reads back as written', async () => {
    const read: LogEvent[] = [];
    const query = { start, end, where: ALL, order: 'ASCENDING' as const, limit: 1_000_000, offset: 0 };
    for await (const page of repository.readEvents(datasetId, query, new AbortController().signal)) read.push(...page);
    expect(read.map((event) => event.id)).toEqual(corpus.map((event) => event.id));
    // The matcher runs on the events as written; the comparison is only fair if the store keeps them as they are.
    expect(read).toEqual(corpus);
  });

  it('on hand-picked edge cases', async () => {
    const queries = [
      '-tags:region', 'NOT service:*', '-host:web-app', '-@user.id:*', 'NOT @http.status_code:>=500', '-tags:serv*',
      '-region:[a TO z]', '-@duration:[0 TO 100]', '-@flag:t*', '-error', '-"connection failed"', 'NOT status:error',
      '@user.id:12345', '@user.id:"12345"', '@duration:9007199254740991', '@duration:9007199254740993',
      '@duration:1e21', '@duration:>1e20', '@duration:<-1e15', '@duration:-0', '@duration:0', '@duration:9007199254740991*',
      '@user.roles.name:z', '@items.id:1', '@a.b.c:*', '@a.b:*', '@http.status_code:500', '@empty:*', '@we\\"ird\\\\key:*',
      'service:""', 'service:?*', 'tags:?', 'x_y', 'a?', '?', '*b', '😀', '?文', 'e?ror', '"a b"', 'a*b', 'a\\*b',
    ].map((source) => ({ source, ast: parsed(source) }));
    await agreeOn(queries);
  });

  it('on random ASTs, printed and parsed back', async () => {
    const random = mulberry32(1 + SEED * 7919);
    const queries = Array.from({ length: QUERIES }, () => {
      const source = printQuery(randomAst(random));
      return { source, ast: parsed(source) };
    });
    const { selective } = await agreeOn(queries);
    expect(selective).toBeGreaterThan(queries.length / 3);
  });

  it('on random query text', async () => {
    const random = mulberry32(2 + SEED * 7919);
    const queries: { ast: QueryNode; source: string }[] = [];
    let refused = 0;
    while (queries.length < QUERIES) {
      const source = randomQueryText(random);
      const result = parseQuery(source);
      if (result.ok) queries.push({ source, ast: result.ast });
      else refused++;
    }
    expect(refused).toBeLessThan(QUERIES / 10);
    const { selective } = await agreeOn(queries);
    expect(selective).toBeGreaterThan(queries.length / 3);
  });
});

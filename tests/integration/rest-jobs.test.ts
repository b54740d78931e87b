import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';
import { batchJob, loopingGraph, loopingGraphSaying, seedQueryJob, streamingJob } from '../support/jobs';
import { errorPaths, expectClientError, namesOf } from './assertions';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t?.close();
});

const create = (body: unknown) => t.rest('POST', '/api/v1/jobs/async', body);

async function createRunning(name: string) {
  const created = await create(streamingJob(name));
  expect(created.status).toBe(201);
  await t.settle();
  return created.body.id as string;
}

describe('POST /api/v1/jobs/async', () => {
  it('creates a job: 201 with the ReadJob at version 0, PENDING, desiredState RUNNING by default', async () => {
    const created = await create(streamingJob('create_defaults'));
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toMatch(/application\/json/);
    expect(created.body).toMatchObject({
      name: 'create_defaults',
      version: 0,
      state: 'PENDING',
      desiredState: 'RUNNING',
      execution: 'ASYNCHRONOUS',
      processing: 'STREAMING',
      jobGraph: loopingGraph(),
      tags: {},
    });
    expect(typeof created.body.id).toBe('string');
    expect(Number.isNaN(Date.parse(created.body.createdAt))).toBe(false);
    expect(Number.isNaN(Date.parse(created.body.updatedAt))).toBe(false);
  });

  it('a created streaming job is RUNNING once the reconciler settles', async () => {
    const created = await create(streamingJob('create_then_running'));
    await t.settle();
    const job = await t.rest('GET', `/api/v1/jobs/${created.body.id}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ state: 'RUNNING', desiredState: 'RUNNING', version: 0 });
    expect(Number.isNaN(Date.parse(job.body.startedAt))).toBe(false);
  });

  it('ignores a client-supplied id: the server assigns its own', async () => {
    const created = await create({ ...streamingJob('client_id'), id: '0ABC12DEF4G' });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe('0ABC12DEF4G');
    expect(created.body.id).toMatch(/^[a-z0-9]+$/);
    expect((await t.rest('GET', '/api/v1/jobs/0ABC12DEF4G')).status).toBe(404);
    expect((await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.name).toBe('client_id');
  });

  it('defaults execution to ASYNCHRONOUS and processing to STREAMING, as Grepr does', async () => {
    const created = await create({ name: 'kind_defaults', jobGraph: loopingGraph() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ execution: 'ASYNCHRONOUS', processing: 'STREAMING' });
  });

  it('keeps tags and the version message', async () => {
    const created = await create({ ...streamingJob('tagged'), tags: { env: 'dev', team: 'sre' }, message: 'first cut' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ tags: { env: 'dev', team: 'sre' }, message: 'first cut' });
  });

  it('ids are time-sortable: a later job has a greater id', async () => {
    const first = await create(streamingJob('sortable_first'));
    const second = await create(streamingJob('sortable_second'));
    expect(second.body.id > first.body.id).toBe(true);
  });

  it('a job created with desiredState STOPPED does not run: it settles to STOPPED', async () => {
    const created = await create({ ...streamingJob('born_stopped'), desiredState: 'STOPPED' });
    expect(created.status).toBe(201);
    expect(created.body.desiredState).toBe('STOPPED');
    await t.settle();
    expect((await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.state).toBe('STOPPED');
  });

  it('an invalid graph is refused with 400 and paths, and nothing is created', async () => {
    const refused = await create(streamingJob('invalid_create', { ...loopingGraph(), edges: ['source -> nowhere'] }));
    expectClientError(refused, 400, ['jobGraph.edges[0]']);
    expect((await t.rest('GET', '/api/v1/jobs?name=invalid_create')).body.items).toEqual([]);
  });

  it('a SYNCHRONOUS job is refused by /jobs/async with a pointer at the execution field', async () => {
    const refused = await create(seedQueryJob);
    expectClientError(refused, 400, ['execution']);
    expect((await t.rest('GET', '/api/v1/jobs?name=seed_query')).body.items).toEqual([]);
  });
});

describe('GET /api/v1/jobs/{id}', () => {
  it('returns the current version, and any earlier one with ?version=N', async () => {
    const id = await createRunning('get_versions');
    const updated = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('second') });
    expect(updated.status).toBe(202);
    await t.settle();

    const current = await t.rest('GET', `/api/v1/jobs/${id}`);
    expect(current.body).toMatchObject({ id, version: 1, state: 'RUNNING', jobGraph: loopingGraphSaying('second') });

    const first = await t.rest('GET', `/api/v1/jobs/${id}?version=0`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, version: 0, state: 'FINISHED', jobGraph: loopingGraph() });

    const explicitCurrent = await t.rest('GET', `/api/v1/jobs/${id}?version=1`);
    expect(explicitCurrent.body).toMatchObject({ version: 1, jobGraph: loopingGraphSaying('second') });
  });

  it('answers 404 with a message for an unknown id', async () => {
    const missing = await t.rest('GET', '/api/v1/jobs/nosuchjob');
    expectClientError(missing, 404);
    expect(missing.body.message).toContain('nosuchjob');
  });

  it('answers 404 for a version the job does not have, naming that version', async () => {
    const id = await createRunning('get_missing_version');
    const missing = await t.rest('GET', `/api/v1/jobs/${id}?version=7`);
    expectClientError(missing, 404);
    expect(missing.body.message).toContain('7');
  });
});

describe('GET /api/v1/jobs filters', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    ids.running = (await create(streamingJob('filter_running'))).body.id;
    ids.stopped = (await create({ ...streamingJob('filter_stopped'), desiredState: 'STOPPED' })).body.id;
    ids.batch = (await create(batchJob('filter_batch'))).body.id;
    await t.settle();
  });

  it('lists jobs as {items: [ReadJob]}', async () => {
    const listed = await t.rest('GET', '/api/v1/jobs');
    expect(listed.status).toBe(200);
    expect(Array.isArray(listed.body.items)).toBe(true);
    const running = listed.body.items.find((job: { id: string }) => job.id === ids.running);
    expect(running).toMatchObject({ name: 'filter_running', version: 0, state: 'RUNNING', desiredState: 'RUNNING' });
  });

  it('filters by state', async () => {
    const running = namesOf(await t.rest('GET', '/api/v1/jobs?state=RUNNING'));
    expect(running).toContain('filter_running');
    expect(running).not.toContain('filter_stopped');
    expect(running).not.toContain('filter_batch');

    const stopped = namesOf(await t.rest('GET', '/api/v1/jobs?state=STOPPED'));
    expect(stopped).toContain('filter_stopped');
    expect(stopped).not.toContain('filter_running');

    expect(namesOf(await t.rest('GET', '/api/v1/jobs?state=FINISHED'))).toContain('filter_batch');
  });

  it('takes several states, repeated or comma-separated', async () => {
    for (const query of ['state=RUNNING&state=STOPPED', 'state=RUNNING,STOPPED']) {
      const names = namesOf(await t.rest('GET', `/api/v1/jobs?${query}`));
      expect(names).toContain('filter_running');
      expect(names).toContain('filter_stopped');
      expect(names).not.toContain('filter_batch');
    }
  });

  it('filters by name', async () => {
    const listed = await t.rest('GET', '/api/v1/jobs?name=filter_stopped');
    expect(namesOf(listed)).toEqual(['filter_stopped']);
    expect((await t.rest('GET', '/api/v1/jobs?name=no_job_has_this_name')).body.items).toEqual([]);
  });

  it('filters by id, one or several', async () => {
    const one = await t.rest('GET', `/api/v1/jobs?id=${ids.batch}`);
    expect(one.body.items.map((job: { id: string }) => job.id)).toEqual([ids.batch]);
    for (const query of [`id=${ids.running}&id=${ids.stopped}`, `id=${ids.running},${ids.stopped}`]) {
      const listed = await t.rest('GET', `/api/v1/jobs?${query}`);
      expect(listed.body.items.map((job: { id: string }) => job.id).sort()).toEqual([ids.running, ids.stopped].sort());
    }
  });

  it('filters by execution', async () => {
    const asynchronous = namesOf(await t.rest('GET', '/api/v1/jobs?execution=ASYNCHRONOUS'));
    expect(asynchronous).toEqual(expect.arrayContaining(['filter_running', 'filter_stopped', 'filter_batch']));
    const synchronous = namesOf(await t.rest('GET', '/api/v1/jobs?execution=SYNCHRONOUS'));
    expect(synchronous).not.toContain('filter_running');
    expect(synchronous).not.toContain('filter_batch');
  });

  it('filters by processing', async () => {
    const batch = namesOf(await t.rest('GET', '/api/v1/jobs?processing=BATCH'));
    expect(batch).toContain('filter_batch');
    expect(batch).not.toContain('filter_running');
    const streaming = namesOf(await t.rest('GET', '/api/v1/jobs?processing=STREAMING'));
    expect(streaming).toContain('filter_running');
    expect(streaming).not.toContain('filter_batch');
  });

  it('combines filters', async () => {
    const listed = await t.rest('GET', '/api/v1/jobs?processing=STREAMING&state=STOPPED&name=filter_stopped');
    expect(namesOf(listed)).toEqual(['filter_stopped']);
    expect((await t.rest('GET', '/api/v1/jobs?processing=BATCH&name=filter_stopped')).body.items).toEqual([]);
  });

  it('refuses an unknown state, execution or processing with 400 naming the parameter', async () => {
    expectClientError(await t.rest('GET', '/api/v1/jobs?state=SLEEPING'), 400, ['state[0]']);
    expectClientError(await t.rest('GET', '/api/v1/jobs?execution=SOMETIMES'), 400, ['execution']);
    expectClientError(await t.rest('GET', '/api/v1/jobs?processing=MICROBATCH'), 400, ['processing']);
  });
});

describe('PUT /api/v1/jobs/{id}', () => {
  it('answers 202 with version+1 and the new graph', async () => {
    const id = await createRunning('put_bumps');
    const updated = await t.rest('PUT', `/api/v1/jobs/${id}`, {
      fromVersion: 0,
      jobGraph: loopingGraphSaying('v1'),
      message: 'say v1',
    });
    expect(updated.status).toBe(202);
    expect(updated.body).toMatchObject({ id, name: 'put_bumps', version: 1, desiredState: 'RUNNING', jobGraph: loopingGraphSaying('v1'), message: 'say v1' });
    await t.settle();
    expect((await t.rest('GET', `/api/v1/jobs/${id}`)).body).toMatchObject({ version: 1, state: 'RUNNING', jobGraph: loopingGraphSaying('v1') });

    const again = await t.rest('PUT', `/api/v1/jobs/${id}?rollbackEnabled=false`, { fromVersion: 1, jobGraph: loopingGraphSaying('v2') });
    expect(again.status).toBe(202);
    expect(again.body.version).toBe(2);
  });

  it('a stale fromVersion is rejected with 409, a message and a fromVersion error, and makes no version', async () => {
    const id = await createRunning('put_stale');
    expect((await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('v1') })).status).toBe(202);

    const stale = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('lost') });
    expectClientError(stale, 409, ['fromVersion']);
    expect(stale.body.message).toMatch(/version 1/);

    const ahead = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 5, jobGraph: loopingGraphSaying('lost') });
    expectClientError(ahead, 409, ['fromVersion']);

    await t.settle();
    const versions = await t.rest('GET', `/api/v1/jobs/${id}/versions`);
    expect(versions.body.items.map((version: { version: number }) => version.version)).toEqual([1, 0]);
    expect((await t.rest('GET', `/api/v1/jobs/${id}`)).body.jobGraph).toEqual(loopingGraphSaying('v1'));
  });

  it('of two concurrent updates from the same version, exactly one wins and the other gets 409', async () => {
    const id = await createRunning('put_race');
    const answers = await Promise.all([
      t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('left') }),
      t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('right') }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    const winner = answers.find((answer) => answer.status === 202)!;
    await t.settle();
    const current = await t.rest('GET', `/api/v1/jobs/${id}`);
    expect(current.body).toMatchObject({ version: 1, state: 'RUNNING', jobGraph: winner.body.jobGraph });
  });

  it('an invalid graph in an update is refused with 400 and paths, and the job keeps running', async () => {
    const id = await createRunning('put_invalid');
    const refused = await t.rest('PUT', `/api/v1/jobs/${id}`, {
      fromVersion: 0,
      jobGraph: { ...loopingGraph(), edges: ['source -> sink', 'sink -> source'] },
    });
    expectClientError(refused, 400);
    expect(errorPaths(refused).some((path) => path.startsWith('jobGraph.edges['))).toBe(true);
    await t.settle();
    expect((await t.rest('GET', `/api/v1/jobs/${id}`)).body).toMatchObject({ version: 0, state: 'RUNNING' });
  });

  it('answers 404 for an unknown job', async () => {
    expectClientError(await t.rest('PUT', '/api/v1/jobs/nosuchjob', { fromVersion: 0, jobGraph: loopingGraph() }), 404);
  });
});

describe('GET /api/v1/jobs/{id}/versions and /events', () => {
  it('lists every version newest first, with its state and timestamps', async () => {
    const id = await createRunning('versions_list');
    await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('v1') });
    await t.settle();
    await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 1, jobGraph: loopingGraphSaying('v2'), desiredState: 'STOPPED' });
    await t.settle();

    const versions = await t.rest('GET', `/api/v1/jobs/${id}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.items.map((version: { version: number; state: string }) => [version.version, version.state])).toEqual([
      [2, 'STOPPED'],
      [1, 'FINISHED'],
      [0, 'FINISHED'],
    ]);
    for (const version of versions.body.items) {
      expect(Number.isNaN(Date.parse(version.createdAt))).toBe(false);
      expect(Number.isNaN(Date.parse(version.updatedAt))).toBe(false);
    }
    expect(versions.body.items[2].startedAt).toBeDefined();
    expect(versions.body.items[2].endedAt).toBeDefined();
  });

  it('events list the state transitions in order, with version, from, to, at and reason', async () => {
    const id = await createRunning('events_list');
    await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('v1') });
    await t.settle();

    const events = await t.rest('GET', `/api/v1/jobs/${id}/events`);
    expect(events.status).toBe(200);
    const items = events.body.items as Array<{ version: number; from: string | null; to: string; at: string; reason?: string }>;
    expect(items[0]).toMatchObject({ version: 0, from: null, to: 'PENDING', reason: 'created' });
    const moves = items.map((item) => `${item.version}:${item.from}->${item.to}`);
    expect(moves).toEqual(
      expect.arrayContaining(['0:null->PENDING', '0:PENDING->RUNNING', '1:null->PENDING', '0:RUNNING->FINISHED', '1:PENDING->RUNNING']),
    );
    expect(moves.indexOf('0:PENDING->RUNNING')).toBeLessThan(moves.indexOf('0:RUNNING->FINISHED'));
    expect(moves.indexOf('0:RUNNING->FINISHED')).toBeLessThanOrEqual(moves.indexOf('1:PENDING->RUNNING'));
    const replaced = items.find((item) => item.version === 0 && item.to === 'FINISHED')!;
    expect(replaced.reason).toMatch(/version 1/);
    for (const item of items) expect(Number.isNaN(Date.parse(item.at))).toBe(false);
    const times = items.map((item) => Date.parse(item.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('both answer 404 for an unknown job', async () => {
    expectClientError(await t.rest('GET', '/api/v1/jobs/nosuchjob/versions'), 404);
    expectClientError(await t.rest('GET', '/api/v1/jobs/nosuchjob/events'), 404);
  });
});

describe('POST /api/v1/jobs/validate', () => {
  it("the seed's SYNCHRONOUS BATCH query (legacy fields, sync-sink alias, client id) is valid", async () => {
    const answer = await t.rest('POST', '/api/v1/jobs/validate', seedQueryJob);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ valid: true, errors: [] });
  });

  it('creates nothing', async () => {
    await t.rest('POST', '/api/v1/jobs/validate', streamingJob('validate_only'));
    expect((await t.rest('GET', '/api/v1/jobs?name=validate_only')).body.items).toEqual([]);
  });

  it('an edge naming a missing vertex is reported at jobGraph.edges[0]', async () => {
    const answer = await t.rest('POST', '/api/v1/jobs/validate', streamingJob('v', { ...loopingGraph(), edges: ['source -> nowhere'] }));
    expect(answer.status).toBe(200);
    expect(answer.body.valid).toBe(false);
    const problem = answer.body.errors.find((error: { path: string }) => error.path === 'jobGraph.edges[0]');
    expect(problem.message).toContain('nowhere');
  });

  it('an unknown operation type is reported at the vertex type', async () => {
    const graph = { vertices: [loopingGraph().vertices[0], { type: 'logs-nowhere-sink', name: 'sink' }], edges: ['source -> sink'] };
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { jobGraph: graph });
    expect(answer.body.valid).toBe(false);
    expect(errorPaths(answer)).toContain('jobGraph.vertices[1].type');
  });

  it('an unknown param is reported at its own path', async () => {
    const graph = { vertices: [loopingGraph().vertices[0], { type: 'discarding-sink', name: 'sink', bogus: 1 }], edges: ['source -> sink'] };
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { jobGraph: graph });
    expect(answer.body.valid).toBe(false);
    expect(errorPaths(answer)).toContain('jobGraph.vertices[1].bogus');
  });

  it("the seed's legacy fields are accepted only on the iceberg table source", async () => {
    const graph = {
      vertices: [loopingGraph().vertices[0], { type: 'discarding-sink', name: 'sink', integrationId: '0jn5rdc93r10t' }],
      edges: ['source -> sink'],
    };
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { jobGraph: graph });
    expect(answer.body.valid).toBe(false);
    expect(errorPaths(answer)).toContain('jobGraph.vertices[1].integrationId');
  });

  it('an ill-typed param is reported at its path', async () => {
    const graph = { vertices: [{ ...loopingGraph().vertices[0], loop: 'yes' }, loopingGraph().vertices[1]], edges: ['source -> sink'] };
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { jobGraph: graph });
    expect(answer.body.valid).toBe(false);
    expect(errorPaths(answer)).toContain('jobGraph.vertices[0].loop');
  });

  it('a SYNCHRONOUS job without a sync sink is not valid', async () => {
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { execution: 'SYNCHRONOUS', processing: 'BATCH', jobGraph: loopingGraph() });
    expect(answer.body.valid).toBe(false);
    expect(answer.body.errors.some((error: { message: string }) => /sync/i.test(error.message))).toBe(true);
  });

  it('duplicate vertex names are reported at the second name', async () => {
    const graph = { vertices: [loopingGraph().vertices[0], { type: 'discarding-sink', name: 'source' }], edges: ['source -> source'] };
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { jobGraph: graph });
    expect(answer.body.valid).toBe(false);
    expect(errorPaths(answer)).toContain('jobGraph.vertices[1].name');
  });
});

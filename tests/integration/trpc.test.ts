import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';
import { batchJob, loopingGraph, loopingGraphSaying, missingDatasetGraph, seedQueryJob, streamingJob } from '../support/jobs';
import { trpcFailure } from './assertions';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t?.close();
});

const problemPaths = (error: { data?: any }): string[] => (error.data?.errors ?? []).map((problem: { path: string }) => problem.path);

describe('jobs through the typed tRPC client', () => {
  it('create returns the ReadJob, PENDING at version 0, and it runs once settled', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_create'));
    expect(created).toMatchObject({ name: 'trpc_create', version: 0, state: 'PENDING', desiredState: 'RUNNING', jobGraph: loopingGraph() });
    await t.settle();
    expect(await t.trpc.jobs.get.query({ id: created.id })).toMatchObject({ id: created.id, state: 'RUNNING' });
  });

  it('list returns {items} and takes the same filters as REST', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_list'));
    await t.settle();
    const all = await t.trpc.jobs.list.query();
    expect(all.items.map((job) => job.name)).toContain('trpc_list');
    const byName = await t.trpc.jobs.list.query({ name: 'trpc_list' });
    expect(byName.items.map((job) => job.id)).toEqual([created.id]);
    expect((await t.trpc.jobs.list.query({ state: ['STOPPED'], name: 'trpc_list' })).items).toEqual([]);
    expect((await t.trpc.jobs.list.query({ id: [created.id], processing: 'STREAMING', execution: 'ASYNCHRONOUS' })).items).toHaveLength(1);
  });

  it('REST and tRPC see the same jobs', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('trpc_sees_rest'));
    await t.settle();
    const viaTrpc = await t.trpc.jobs.get.query({ id: created.body.id });
    const viaRest = await t.rest('GET', `/api/v1/jobs/${created.body.id}`);
    expect(viaTrpc).toEqual(viaRest.body);
  });

  it('update makes version+1 with the new graph; get takes a version', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_update'));
    await t.settle();
    const updated = await t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: loopingGraphSaying('next'), message: 'next' });
    expect(updated).toMatchObject({ version: 1, desiredState: 'RUNNING', jobGraph: loopingGraphSaying('next'), message: 'next' });
    await t.settle();
    expect(await t.trpc.jobs.get.query({ id: created.id })).toMatchObject({ version: 1, state: 'RUNNING' });
    expect(await t.trpc.jobs.get.query({ id: created.id, version: 0 })).toMatchObject({ version: 0, state: 'FINISHED', jobGraph: loopingGraph() });

    const versions = await t.trpc.jobs.versions.query({ id: created.id });
    expect(versions.items.map((version) => [version.version, version.state])).toEqual([
      [1, 'RUNNING'],
      [0, 'FINISHED'],
    ]);
    const transitions = await t.trpc.jobs.transitions.query({ id: created.id });
    expect(transitions.items[0]).toMatchObject({ version: 0, from: null, to: 'PENDING' });
    expect(transitions.items).toContainEqual(expect.objectContaining({ version: 1, from: 'PENDING', to: 'RUNNING' }));
  });

  it('update can stop a job and start it again', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_stop_start'));
    await t.settle();
    await t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: loopingGraph(), desiredState: 'STOPPED' });
    await t.settle();
    expect((await t.trpc.jobs.get.query({ id: created.id })).state).toBe('STOPPED');
    await t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 1, jobGraph: loopingGraph(), desiredState: 'RUNNING' });
    await t.settle();
    expect(await t.trpc.jobs.get.query({ id: created.id })).toMatchObject({ version: 2, state: 'RUNNING' });
  });

  it('update with rollbackEnabled rolls a failed version back', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_rollback'));
    await t.settle();
    await t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: missingDatasetGraph(), rollbackEnabled: true });
    await t.settle();
    expect(await t.trpc.jobs.get.query({ id: created.id })).toMatchObject({ version: 2, state: 'RUNNING', rollbackOf: 0, jobGraph: loopingGraph() });
    expect(await t.trpc.jobs.get.query({ id: created.id, version: 1 })).toMatchObject({ state: 'FAILED' });
  });

  it('delete settles to DELETED and the job leaves the list', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_delete'));
    await t.settle();
    const deleted = await t.trpc.jobs.delete.mutate({ id: created.id });
    expect(deleted).toMatchObject({ id: created.id, desiredState: 'DELETED' });
    await t.settle();
    expect((await t.trpc.jobs.get.query({ id: created.id })).state).toBe('DELETED');
    expect((await t.trpc.jobs.list.query()).items.map((job) => job.id)).not.toContain(created.id);
    expect((await t.trpc.jobs.list.query({ state: ['DELETED'] })).items.map((job) => job.id)).toContain(created.id);
  });

  it("validate accepts the seed's query job", async () => {
    const { jobGraph, execution, processing } = seedQueryJob;
    expect(await t.trpc.jobs.validate.query({ jobGraph, execution, processing })).toEqual({ valid: true, errors: [] });
  });

  it('validate reports problems with paths', async () => {
    const answer = await t.trpc.jobs.validate.query({ jobGraph: { ...loopingGraph(), edges: ['source -> nowhere'] } });
    expect(answer.valid).toBe(false);
    expect(answer.errors.map((problem) => problem.path)).toContain('jobGraph.edges[0]');
  });
});

describe('tRPC errors', () => {
  it('a stale update is a TRPCClientError with code CONFLICT and a fromVersion error', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_stale'));
    await t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: loopingGraphSaying('first') });
    const error = await trpcFailure(t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: loopingGraphSaying('second') }));
    expect(error.data?.code).toBe('CONFLICT');
    expect(error.data?.httpStatus).toBe(409);
    expect(error.message).toMatch(/version 1/);
    expect(problemPaths(error)).toEqual(['fromVersion']);
    await t.settle();
  });

  it('an invalid graph is BAD_REQUEST whose error data lists the problems with paths, and nothing is created', async () => {
    const error = await trpcFailure(
      t.trpc.jobs.create.mutate(streamingJob('trpc_invalid', { ...loopingGraph(), edges: ['source -> nowhere'] })),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(problemPaths(error)).toContain('jobGraph.edges[0]');
    expect((await t.trpc.jobs.list.query({ name: 'trpc_invalid' })).items).toEqual([]);
  });

  it('an invalid graph in an update is BAD_REQUEST with paths', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_invalid_update'));
    const graph = { vertices: [loopingGraph().vertices[0], { type: 'discarding-sink', name: 'sink', bogus: true }], edges: ['source -> sink'] };
    const error = await trpcFailure(t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: graph }));
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(problemPaths(error)).toContain('jobGraph.vertices[1].bogus');
    await t.settle();
  });

  it('input the procedure schema refuses is BAD_REQUEST with paths and a readable message', async () => {
    const error = await trpcFailure(
      t.trpc.jobs.create.mutate({ name: 'Not Valid', jobGraph: { vertices: [{ type: 'discarding-sink' } as never], edges: [] } }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(problemPaths(error)).toEqual(expect.arrayContaining(['name', 'jobGraph.vertices[0].name']));
    // The console shows this message: it should be a sentence, not a dump of zod issues.
    expect(error.message).not.toMatch(/^\s*\[/);
    expect(error.message).not.toMatch(/"code"\s*:/);
  });

  it('an unknown job is NOT_FOUND for get, update, delete, versions and transitions', async () => {
    // Each call starts only when awaited, so no rejection goes unobserved.
    const calls = [
      () => t.trpc.jobs.get.query({ id: 'nosuchjob' }),
      () => t.trpc.jobs.update.mutate({ id: 'nosuchjob', fromVersion: 0, jobGraph: loopingGraph() }),
      () => t.trpc.jobs.delete.mutate({ id: 'nosuchjob' }),
      () => t.trpc.jobs.versions.query({ id: 'nosuchjob' }),
      () => t.trpc.jobs.transitions.query({ id: 'nosuchjob' }),
    ];
    for (const call of calls) expect((await trpcFailure(call())).data?.code).toBe('NOT_FOUND');
  });

  it('a version the job does not have is NOT_FOUND, even one past the 32-bit range, and never leaks SQL', async () => {
    const created = await t.trpc.jobs.create.mutate(streamingJob('trpc_big_version'));
    for (const version of [5, 2 ** 31, 2 ** 40]) {
      const error = await trpcFailure(t.trpc.jobs.get.query({ id: created.id, version }));
      expect(error.data?.code, String(version)).toBe('NOT_FOUND');
      expect(error.message).not.toMatch(/select|Failed query/i);
    }
    await t.settle();
  });

  it('an asynchronous batch job cannot be updated or deleted: BAD_REQUEST saying so', async () => {
    const created = await t.trpc.jobs.create.mutate(batchJob('trpc_batch'));
    await t.settle();
    expect((await t.trpc.jobs.get.query({ id: created.id })).state).toBe('FINISHED');
    const update = await trpcFailure(t.trpc.jobs.update.mutate({ id: created.id, fromVersion: 0, jobGraph: loopingGraph() }));
    expect(update.data?.code).toBe('BAD_REQUEST');
    expect(update.message).toMatch(/cannot be updated/i);
    const remove = await trpcFailure(t.trpc.jobs.delete.mutate({ id: created.id }));
    expect(remove.data?.code).toBe('BAD_REQUEST');
    expect(remove.message).toMatch(/cannot be deleted/i);
  });

  it('a bad list filter is BAD_REQUEST naming the filter', async () => {
    const error = await trpcFailure(t.trpc.jobs.list.query({ state: ['SLEEPING' as never] }));
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(problemPaths(error)).toContain('state[0]');
  });

  it('error data never carries a stack trace', async () => {
    const error = await trpcFailure(t.trpc.jobs.get.query({ id: 'nosuchjob' }));
    expect(error.data?.stack).toBeUndefined();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';
import { batchJob, loopingGraph, loopingGraphSaying, missingDatasetGraph, streamingJob } from '../support/jobs';
import { expectClientError, namesOf } from './assertions';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t?.close();
});

async function createRunning(name: string) {
  const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob(name));
  expect(created.status).toBe(201);
  await t.settle();
  expect((await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.state).toBe('RUNNING');
  return created.body.id as string;
}

const getJob = async (id: string, version?: number) =>
  (await t.rest('GET', `/api/v1/jobs/${id}${version === undefined ? '' : `?version=${version}`}`)).body;
const versionsOf = async (id: string) => (await t.rest('GET', `/api/v1/jobs/${id}/versions`)).body.items as any[];
const eventsOf = async (id: string) => (await t.rest('GET', `/api/v1/jobs/${id}/events`)).body.items as any[];

describe('asynchronous streaming: stop and start', () => {
  it('a PUT with desiredState STOPPED takes the job to STOPPED, and RUNNING starts it again', async () => {
    const id = await createRunning('stop_start');

    const stop = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraph(), desiredState: 'STOPPED' });
    expect(stop.status).toBe(202);
    expect(stop.body).toMatchObject({ version: 1, desiredState: 'STOPPED' });
    await t.settle();
    expect(await getJob(id)).toMatchObject({ version: 1, state: 'STOPPED', desiredState: 'STOPPED' });
    expect(namesOf(await t.rest('GET', '/api/v1/jobs?state=STOPPED'))).toContain('stop_start');

    const start = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 1, jobGraph: loopingGraph(), desiredState: 'RUNNING' });
    expect(start.status).toBe(202);
    expect(start.body).toMatchObject({ version: 2, desiredState: 'RUNNING' });
    await t.settle();
    expect(await getJob(id)).toMatchObject({ version: 2, state: 'RUNNING', desiredState: 'RUNNING' });

    const events = await eventsOf(id);
    expect(events).toContainEqual(expect.objectContaining({ version: 1, to: 'STOPPED' }));
    expect(events).toContainEqual(expect.objectContaining({ version: 2, from: 'PENDING', to: 'RUNNING' }));
  });

  it('an update without desiredState keeps the job running (desiredState defaults to RUNNING)', async () => {
    const id = await createRunning('update_default_running');
    const updated = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('next') });
    expect(updated.body.desiredState).toBe('RUNNING');
    await t.settle();
    expect(await getJob(id)).toMatchObject({ version: 1, state: 'RUNNING' });
    expect(await getJob(id, 0)).toMatchObject({ state: 'FINISHED' });
  });
});

describe('DELETE /api/v1/jobs/{id}', () => {
  it('answers 202, settles to DELETED, and the job leaves the list but shows under ?state=DELETED', async () => {
    const id = await createRunning('delete_running');
    const deleted = await t.rest('DELETE', `/api/v1/jobs/${id}`);
    expect(deleted.status).toBe(202);
    expect(deleted.body).toMatchObject({ id, desiredState: 'DELETED' });
    await t.settle();

    expect(await getJob(id)).toMatchObject({ state: 'DELETED' });
    expect(namesOf(await t.rest('GET', '/api/v1/jobs'))).not.toContain('delete_running');
    expect(namesOf(await t.rest('GET', '/api/v1/jobs?state=RUNNING'))).not.toContain('delete_running');
    expect(namesOf(await t.rest('GET', '/api/v1/jobs?name=delete_running'))).toEqual([]);
    expect(namesOf(await t.rest('GET', '/api/v1/jobs?state=DELETED'))).toContain('delete_running');

    const events = await eventsOf(id);
    expect(events.at(-1)).toMatchObject({ version: 0, from: 'RUNNING', to: 'DELETED' });
    expect(events.at(-1).reason).toMatch(/delete/i);
  });

  it('a deleted job can no longer be updated or deleted: 404', async () => {
    const id = await createRunning('delete_then_touch');
    expect((await t.rest('DELETE', `/api/v1/jobs/${id}`)).status).toBe(202);
    await t.settle();
    expectClientError(await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraph() }), 404);
    expectClientError(await t.rest('DELETE', `/api/v1/jobs/${id}`), 404);
  });

  it('deletes a STOPPED job', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', { ...streamingJob('delete_stopped'), desiredState: 'STOPPED' });
    await t.settle();
    expect((await t.rest('DELETE', `/api/v1/jobs/${created.body.id}`)).status).toBe(202);
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ state: 'DELETED' });
    expect(namesOf(await t.rest('GET', '/api/v1/jobs'))).not.toContain('delete_stopped');
  });

  it('deletes a job that has not started yet', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('delete_pending'));
    expect((await t.rest('DELETE', `/api/v1/jobs/${created.body.id}`)).status).toBe(202);
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ state: 'DELETED', desiredState: 'DELETED' });
    expect(namesOf(await t.rest('GET', '/api/v1/jobs'))).not.toContain('delete_pending');
  });

  it('deletes a FAILED job', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('delete_failed', missingDatasetGraph()));
    await t.settle();
    expect((await getJob(created.body.id)).state).toBe('FAILED');
    expect((await t.rest('DELETE', `/api/v1/jobs/${created.body.id}`)).status).toBe(202);
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ state: 'DELETED' });
    expect(namesOf(await t.rest('GET', '/api/v1/jobs'))).not.toContain('delete_failed');
  });

  it('answers 404 for an unknown job', async () => {
    expectClientError(await t.rest('DELETE', '/api/v1/jobs/nosuchjob'), 404);
  });
});

describe('asynchronous batch jobs', () => {
  it('go PENDING → RUNNING → FINISHED', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', batchJob('backfill_once'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'PENDING', processing: 'BATCH', execution: 'ASYNCHRONOUS' });
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ state: 'FINISHED' });
    const moves = (await eventsOf(created.body.id)).map((event) => `${event.from}->${event.to}`);
    expect(moves).toEqual(['null->PENDING', 'PENDING->RUNNING', 'RUNNING->FINISHED']);
  });

  it('finish even when the source is set to loop (loop is ignored in BATCH)', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', batchJob('backfill_loop_flag', loopingGraph()));
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ state: 'FINISHED' });
  });

  it('cannot be updated: PUT answers 400 saying so, and nothing changes', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', batchJob('backfill_no_update'));
    await t.settle();
    const refused = await t.rest('PUT', `/api/v1/jobs/${created.body.id}`, { fromVersion: 0, jobGraph: loopingGraph() });
    expectClientError(refused, 400);
    expect(refused.body.message).toMatch(/batch/i);
    expect(refused.body.message).toMatch(/cannot be updated/i);
    expect(await getJob(created.body.id)).toMatchObject({ version: 0, state: 'FINISHED' });
  });

  it('cannot be updated while still pending either', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', batchJob('backfill_pending_update'));
    const refused = await t.rest('PUT', `/api/v1/jobs/${created.body.id}`, { fromVersion: 0, jobGraph: loopingGraph() });
    expectClientError(refused, 400);
    expect(refused.body.message).toMatch(/cannot be updated/i);
    await t.settle();
  });

  it('cannot be deleted: DELETE answers 400 saying so, and the job stays listed', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', batchJob('backfill_no_delete'));
    await t.settle();
    const refused = await t.rest('DELETE', `/api/v1/jobs/${created.body.id}`);
    expectClientError(refused, 400);
    expect(refused.body.message).toMatch(/batch/i);
    expect(refused.body.message).toMatch(/cannot be deleted/i);
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ state: 'FINISHED' });
    expect(namesOf(await t.rest('GET', '/api/v1/jobs'))).toContain('backfill_no_delete');
  });
});

describe('start failures', () => {
  it('a sink naming a dataset that does not exist goes FAILED with a reason naming the vertex and the dataset', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('missing_dataset', missingDatasetGraph()));
    expect(created.status).toBe(201);
    await t.settle();
    const job = await getJob(created.body.id);
    expect(job.state).toBe('FAILED');
    expect(job.failureReason).toContain('lake');
    expect(job.failureReason).toContain('nosuchdataset');
    const failed = (await eventsOf(created.body.id)).find((event) => event.to === 'FAILED');
    expect(failed).toMatchObject({ version: 0, from: 'PENDING' });
    expect(failed.reason).toContain('lake');
    expect(failed.reason).toContain('nosuchdataset');
    expect(namesOf(await t.rest('GET', '/api/v1/jobs?state=FAILED'))).toContain('missing_dataset');
  });

  it('a failed job stays FAILED across further reconciler passes', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('stays_failed', missingDatasetGraph()));
    await t.settle();
    await t.settle();
    expect((await getJob(created.body.id)).state).toBe('FAILED');
    expect((await eventsOf(created.body.id)).filter((event) => event.to === 'FAILED')).toHaveLength(1);
  });

  it('a failed job can be fixed by an update', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('fixed_by_update', missingDatasetGraph()));
    await t.settle();
    const fixed = await t.rest('PUT', `/api/v1/jobs/${created.body.id}`, { fromVersion: 0, jobGraph: loopingGraph() });
    expect(fixed.status).toBe(202);
    expect(fixed.body.version).toBe(1);
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ version: 1, state: 'RUNNING' });
    expect(await getJob(created.body.id, 0)).toMatchObject({ state: 'FAILED' });
  });
});

describe('rollback', () => {
  it('with rollbackEnabled=true, a failed update is followed by a rollback version carrying the last good graph', async () => {
    const id = await createRunning('rollback_on');
    const update = await t.rest('PUT', `/api/v1/jobs/${id}?rollbackEnabled=true`, { fromVersion: 0, jobGraph: missingDatasetGraph() });
    expect(update.status).toBe(202);
    expect(update.body.version).toBe(1);
    await t.settle();

    // The seed's example: v0 FINISHED, v1 FAILED, v2 (a rollback of v0) PENDING → RUNNING.
    expect(await getJob(id, 0)).toMatchObject({ version: 0, state: 'FINISHED', desiredState: 'FINISHED', jobGraph: loopingGraph() });
    const failed = await getJob(id, 1);
    expect(failed).toMatchObject({ version: 1, state: 'FAILED', desiredState: 'RUNNING', jobGraph: missingDatasetGraph() });
    expect(failed.failureReason).toContain('nosuchdataset');
    expect(await getJob(id, 2)).toMatchObject({ version: 2, state: 'RUNNING', rollbackOf: 0, jobGraph: loopingGraph() });
    expect(await getJob(id)).toMatchObject({ version: 2, state: 'RUNNING', rollbackOf: 0, jobGraph: loopingGraph() });

    const versions = await versionsOf(id);
    expect(versions.map((version) => [version.version, version.state, version.rollbackOf])).toEqual([
      [2, 'RUNNING', 0],
      [1, 'FAILED', undefined],
      [0, 'FINISHED', undefined],
    ]);

    const events = await eventsOf(id);
    expect(events).toContainEqual(expect.objectContaining({ version: 2, from: null, to: 'PENDING' }));
    expect(events).toContainEqual(expect.objectContaining({ version: 2, from: 'PENDING', to: 'RUNNING' }));
    expect(events.find((event) => event.version === 2 && event.to === 'PENDING').reason).toMatch(/rollback/i);
  });

  it('rolls back to the newest version that ran, not to an older one', async () => {
    const id = await createRunning('rollback_newest_good');
    await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: loopingGraphSaying('good v1') });
    await t.settle();
    await t.rest('PUT', `/api/v1/jobs/${id}?rollbackEnabled=true`, { fromVersion: 1, jobGraph: missingDatasetGraph() });
    await t.settle();
    expect(await getJob(id)).toMatchObject({ version: 3, state: 'RUNNING', rollbackOf: 1, jobGraph: loopingGraphSaying('good v1') });
    expect(await getJob(id, 2)).toMatchObject({ state: 'FAILED' });
  });

  it('without rollbackEnabled, a failed update leaves the job FAILED with no rollback version', async () => {
    const id = await createRunning('rollback_off');
    const update = await t.rest('PUT', `/api/v1/jobs/${id}`, { fromVersion: 0, jobGraph: missingDatasetGraph() });
    expect(update.status).toBe(202);
    await t.settle();
    await t.settle();
    expect(await getJob(id)).toMatchObject({ version: 1, state: 'FAILED' });
    expect((await versionsOf(id)).map((version) => [version.version, version.state])).toEqual([
      [1, 'FAILED'],
      [0, 'FINISHED'],
    ]);
    expectClientError(await t.rest('GET', `/api/v1/jobs/${id}?version=2`), 404);
  });

  it('rollbackEnabled=false behaves like no rollback', async () => {
    const id = await createRunning('rollback_false');
    await t.rest('PUT', `/api/v1/jobs/${id}?rollbackEnabled=false`, { fromVersion: 0, jobGraph: missingDatasetGraph() });
    await t.settle();
    expect(await getJob(id)).toMatchObject({ version: 1, state: 'FAILED' });
  });

  it('a failed update of a job that never ran has nothing to roll back to, and stays FAILED', async () => {
    const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('rollback_nothing_good', missingDatasetGraph()));
    await t.settle();
    await t.rest('PUT', `/api/v1/jobs/${created.body.id}?rollbackEnabled=true`, { fromVersion: 0, jobGraph: missingDatasetGraph() });
    await t.settle();
    expect(await getJob(created.body.id)).toMatchObject({ version: 1, state: 'FAILED' });
    expect(await versionsOf(created.body.id)).toHaveLength(2);
  });
});

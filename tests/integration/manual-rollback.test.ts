import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';
import { loopingGraph, streamingJob } from '../support/jobs';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

it('a rollback deployed by hand is recorded as a rollback of the version whose graph it restores', async () => {
  const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('manual_rollback'));
  await t.settle();
  const changed = loopingGraph();
  changed.vertices[0] = { ...changed.vertices[0], values: [{ message: 'changed' }] };
  await t.rest('PUT', `/api/v1/jobs/${created.body.id}`, { fromVersion: 0, jobGraph: changed });
  await t.settle();
  const rolledBack = await t.rest('PUT', `/api/v1/jobs/${created.body.id}`, { fromVersion: 1, jobGraph: created.body.jobGraph, rollbackOf: 0, message: 'Rollback to v0' });
  expect(rolledBack.status).toBe(202);
  expect(rolledBack.body).toMatchObject({ version: 2, rollbackOf: 0, message: 'Rollback to v0' });
  await t.settle();
  expect((await t.rest('GET', `/api/v1/jobs/${created.body.id}`)).body.state).toBe('RUNNING');
  const bad = await t.rest('PUT', `/api/v1/jobs/${created.body.id}`, { fromVersion: 2, jobGraph: created.body.jobGraph, rollbackOf: 3 });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toContainEqual({ path: 'rollbackOf', message: 'must be at most 2' });
});

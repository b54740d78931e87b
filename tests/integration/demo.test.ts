import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo, DEMO_JOB_NAME } from '@/server/services/demo';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

it('a fresh install gets a running demo pipeline that fills the demo dataset', async () => {
  await seedDemo(t.weir.services);
  await t.settle();
  const jobs = (await t.rest('GET', `/api/v1/jobs?name=${DEMO_JOB_NAME}`)).body.items;
  expect(jobs).toHaveLength(1);
  expect(jobs[0].state).toBe('RUNNING');
  const dataset = (await t.rest('GET', '/api/v1/datasets')).body.items.find((item: { name: string }) => item.name === 'demo_raw');
  await expect.poll(async () => (await t.rest('GET', `/api/v1/datasets/${dataset.id}`)).body.eventCount, { timeout: 10_000 }).toBeGreaterThan(0);
  // A second start leaves an install that already has jobs alone.
  await seedDemo(t.weir.services);
  expect((await t.rest('GET', `/api/v1/jobs?name=${DEMO_JOB_NAME}`)).body.items).toHaveLength(1);
});

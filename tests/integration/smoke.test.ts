import { it, expect } from 'vitest';
import { createTestWeir } from '../support/test-weir';
import { streamingJob } from '../support/jobs';

it('smoke', async () => {
  const t = await createTestWeir();
  const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('smoke'));
  console.log(created.status, JSON.stringify(created.body));
  await t.settle();
  const got = await t.rest('GET', `/api/v1/jobs/${created.body.id}`);
  console.log(JSON.stringify(got.body));
  console.log(JSON.stringify(await t.trpc.jobs.list.query()));
  await t.close();
});

import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIngestHub } from '@/server/engine/ingest-hub';
import { createIngestService } from '@/server/services/ingest-service';
import { createIngestLogRepository } from '@/server/store/ingest-log-repository';
import { createJobsRepository } from '@/server/store/jobs-repository';
import type { LogEvent } from '@/server/model/log-event';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

const events = (count: number): LogEvent[] =>
  Array.from({ length: count }, (_, i) => ({ id: `b${i}`, eventTimestamp: 1, receivedTimestamp: 1, message: 'x', severity: 9, tags: {}, attributes: {} }));

it('when a pipeline falls behind, intake answers 429 with Retry-After instead of buffering, and recovers once it catches up', async () => {
  const integration = await t.weir.services.integrations.create({ type: 'datadog', name: 'slow_agents' });
  if (!integration.ok) throw new Error(integration.error.message);
  const ingestLog = createIngestLogRepository(t.weir.store.db);
  const hub = createIngestHub(ingestLog);
  const intake = createIngestService({ integrations: t.weir.services.integrations, hub, ingestLog, jobs: createJobsRepository(t.weir.store.db), maxBacklogEvents: 150 });
  const send = () => intake.accept('datadog', integration.value.token, async () => ({ ok: true, events: events(100) }));

  // A running pipeline that has read nothing yet.
  hub.reader.reportPosition('job/agents', integration.value.id, 0);
  expect(await send()).toMatchObject({ ok: true, accepted: 100 });
  expect(await send()).toMatchObject({ ok: true, accepted: 100 });
  const refused = await send();
  expect(refused).toMatchObject({ ok: false, status: 429 });
  expect(!refused.ok && refused.retryAfterSeconds).toBeGreaterThan(0);

  // The pipeline catches up: intake accepts again.
  hub.reader.reportPosition('job/agents', integration.value.id, await ingestLog.latestSeq(integration.value.id));
  expect(await send()).toMatchObject({ ok: true });
});

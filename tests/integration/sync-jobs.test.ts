import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

const syncValuesJob = (name: string, messages: string[]) => ({
  name,
  execution: 'SYNCHRONOUS',
  processing: 'BATCH',
  jobGraph: {
    vertices: [
      { type: 'logs-values-source', name: 'source', values: messages.map((message) => ({ message })) },
      { type: 'logs-sync-sink', name: 'sink' },
    ],
    edges: ['source -> sink'],
  },
});

async function readLines(response: Response): Promise<any[]> {
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

describe('synchronous jobs', () => {
  it('streams each event as a RUNNING record with its data, then a FINISHED record', async () => {
    const response = await t.rawRest('POST', '/api/v1/jobs/sync', syncValuesJob('sync_values', ['one', 'two']));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = await readLines(response);
    expect(lines.map((line) => line.jobState)).toEqual(['RUNNING', 'RUNNING', 'FINISHED']);
    expect(lines[0].data).toMatchObject({ type: 'log', message: 'one' });
    expect(lines[1].data).toMatchObject({ type: 'log', message: 'two' });
    const jobId = response.headers.get('x-weir-job-id')!;
    const job = await t.rest('GET', `/api/v1/jobs/${jobId}`);
    expect(job.body).toMatchObject({ execution: 'SYNCHRONOUS', state: 'FINISHED' });
  });

  it('an asynchronous job sent to /jobs/sync is refused with a pointer to /jobs/async', async () => {
    const response = await t.rest('POST', '/api/v1/jobs/sync', { ...syncValuesJob('sync_wrong', ['x']), execution: 'ASYNCHRONOUS' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({ path: 'execution', message: 'must be SYNCHRONOUS' });
  });

  it('a synchronous job without a sync sink is refused at jobGraph', async () => {
    const job = syncValuesJob('sync_no_sink', ['x']);
    job.jobGraph.vertices[1] = { type: 'discarding-sink', name: 'sink' };
    const response = await t.rest('POST', '/api/v1/jobs/sync', job);
    expect(response.status).toBe(400);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain('jobGraph');
  });

  it('a job that reaches its time cap ends with a TIMED_OUT record that says how to narrow it', async () => {
    const job = {
      name: 'sync_capped',
      execution: 'SYNCHRONOUS',
      processing: 'STREAMING',
      jobGraph: {
        vertices: [
          { type: 'logs-values-source', name: 'source', loop: true, values: [{ message: 'again' }] },
          { type: 'logs-sync-sink', name: 'sink' },
        ],
        edges: ['source -> sink'],
      },
    };
    const response = await t.rawRest('POST', '/api/v1/jobs/sync?timeoutSeconds=0.3', job);
    const lines = await readLines(response);
    const last = lines.at(-1);
    expect(last.jobState).toBe('TIMED_OUT');
    expect(last.message).toMatch(/time cap.*narrow/);
    expect(lines.filter((line) => line.jobState === 'RUNNING').length).toBeGreaterThan(0);
  });

  it('a client that goes away cancels the job', async () => {
    const controller = new AbortController();
    const job = {
      name: 'sync_abandoned',
      execution: 'SYNCHRONOUS',
      processing: 'STREAMING',
      jobGraph: {
        vertices: [
          { type: 'logs-values-source', name: 'source', loop: true, values: [{ message: 'again' }] },
          { type: 'logs-sync-sink', name: 'sink' },
        ],
        edges: ['source -> sink'],
      },
    };
    const response = await t.rawRest('POST', '/api/v1/jobs/sync', job, controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel();
    const jobId = response.headers.get('x-weir-job-id')!;
    await expect.poll(async () => (await t.rest('GET', `/api/v1/jobs/${jobId}`)).body.state, { timeout: 5000 }).toBe('CANCELLED');
  });

  it('a heartbeat with an unknown token is a 404, and a non-string body a 400', async () => {
    expect((await t.rest('POST', '/api/v1/jobs/sync/heartbeat', JSON.stringify('nope'))).status).toBe(404);
    expect((await t.rest('POST', '/api/v1/jobs/sync/heartbeat', { token: 1 })).status).toBe(400);
  });
});

describe("the seed's example job", () => {
  it('runs verbatim once a dataset named in `table` exists, streaming the matching events of its time window', async () => {
    const { seedQueryJob } = await import('../support/jobs');
    const { createDatasetsRepository } = await import('@/server/store/datasets-repository');
    const missing = await t.rest('POST', '/api/v1/jobs/sync', seedQueryJob);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/dataset "logevent_raw_devpipeline" does not exist/);

    const dataset = await t.rest('POST', '/api/v1/datasets', { name: 'logevent_raw_devpipeline' });
    const at = (iso: string) => Date.parse(iso);
    const event = (id: string, time: string, service: string) => ({
      id,
      eventTimestamp: at(time),
      receivedTimestamp: at(time),
      message: `query served by ${service}`,
      severity: 9,
      tags: { service: [service] },
      attributes: {},
    });
    await createDatasetsRepository(t.weir.store).writeEvents(dataset.body.id, [
      event('in1', '2024-08-07T22:01:00Z', 'grepr-query'),
      event('in2', '2024-08-07T22:04:59Z', 'grepr-query'),
      event('other', '2024-08-07T22:02:00Z', 'grepr-ingest'),
      event('late', '2024-08-07T22:06:00Z', 'grepr-query'),
    ]);
    const response = await t.rawRest('POST', '/api/v1/jobs/sync', seedQueryJob);
    expect(response.status).toBe(200);
    const lines = await readLines(response);
    expect(lines.at(-1).jobState).toBe('FINISHED');
    expect(lines.filter((line) => line.jobState === 'RUNNING').map((line) => line.data.id)).toEqual(['in1', 'in2']);
  });
});

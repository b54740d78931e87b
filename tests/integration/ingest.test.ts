import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { ProtobufLogsSerializer, JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { handleDatadogIntake, handleOtlpIntake, handleSplunkIntake } from '@/server/api/ingest';
import { sql } from 'drizzle-orm';
import { rowsOf } from '@/server/store/client';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t.close();
});

/** An integration, a dataset, and a running job that stores everything the integration receives. */
async function pipelineInto(type: 'datadog' | 'otlp' | 'splunk', name: string) {
  const integration = await t.rest('POST', '/api/v1/integrations', { type, name });
  expect(integration.status).toBe(201);
  const dataset = await t.rest('POST', '/api/v1/datasets', { name: `${name}_raw` });
  expect(dataset.status).toBe(201);
  const sourceType = { datadog: 'datadog-log-agent-source', otlp: 'otlp-log-agent-source', splunk: 'splunk-log-http-source' }[type];
  const job = await t.rest('POST', '/api/v1/jobs/async', {
    name: `${name}_pipeline`,
    jobGraph: {
      vertices: [
        { type: sourceType, name: 'intake', integrationId: integration.body.id },
        { type: 'logs-iceberg-table-sink', name: 'lake', datasetId: dataset.body.id },
      ],
      edges: ['intake -> lake'],
    },
  });
  expect(job.status).toBe(201);
  await t.settle();
  expect((await t.rest('GET', `/api/v1/jobs/${job.body.id}`)).body.state).toBe('RUNNING');
  return { token: integration.body.token as string, integrationId: integration.body.id as string, datasetId: dataset.body.id as string, jobId: job.body.id as string };
}

/** Reads a dataset back through a synchronous query job, as a user would. */
async function queryDataset(datasetId: string, query: string) {
  const response = await t.rawRest('POST', '/api/v1/jobs/sync', {
    name: 'read_back',
    execution: 'SYNCHRONOUS',
    processing: 'BATCH',
    jobGraph: {
      vertices: [
        { type: 'logs-iceberg-table-source', name: 'source', datasetId, start: '2000-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z', query: { type: 'datadog-query', query } },
        { type: 'logs-sync-sink', name: 'sink' },
      ],
      edges: ['source -> sink'],
    },
  });
  expect(response.status).toBe(200);
  const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
  expect(lines.at(-1).jobState).toBe('FINISHED');
  return lines.filter((line) => line.jobState === 'RUNNING').map((line) => line.data);
}

const storedCount = async (datasetId: string) => (await t.rest('GET', `/api/v1/datasets/${datasetId}`)).body.eventCount;

describe('ingest', () => {
  it('a Datadog agent batch (gzip) is acknowledged with 202 and lands in the dataset with tags mapped', async () => {
    const { token, datasetId } = await pipelineInto('datadog', 'dd');
    const batch = [
      { message: 'GET /cart 200', status: 'info', hostname: 'web-1', service: 'shop', ddsource: 'nginx', ddtags: 'env:prod,team:web', http: { status_code: 200 } },
      { message: 'db timeout', status: 'error', hostname: 'web-2', service: 'shop', ddsource: 'java', ddtags: 'env:prod' },
    ];
    const response = await handleDatadogIntake(
      new Request('http://weir.test/api/v2/logs', {
        method: 'POST',
        headers: { 'dd-api-key': token, 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: zlib.gzipSync(JSON.stringify(batch)),
      }),
      t.weir,
    );
    expect(response.status).toBe(202);
    await expect.poll(() => storedCount(datasetId), { timeout: 10_000 }).toBe(2);
    const events = await queryDataset(datasetId, 'status:error');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ message: 'db timeout', severity: 17, tags: { host: ['web-2'], service: ['shop'], source: ['java'], env: ['prod'] } });
  });

  it('the intake is trimmed behind a stopped pipeline\'s checkpoint, and what it had not read survives for it', async () => {
    const { token, jobId, datasetId, integrationId } = await pipelineInto('datadog', 'trimmed');
    const intakeBatches = async () =>
      rowsOf<{ n: number }>(await t.weir.store.db.execute(sql`select count(*)::int as n from ingest_log where integration_id = ${integrationId}`))[0].n;
    const send = (message: string) =>
      handleDatadogIntake(
        new Request('http://weir.test/api/v2/logs', { method: 'POST', headers: { 'dd-api-key': token }, body: JSON.stringify([{ message }]) }),
        t.weir,
      );
    expect((await send('before stop')).status).toBe(202);
    await expect.poll(() => storedCount(datasetId), { timeout: 10_000 }).toBe(1);
    const job = (await t.rest('GET', `/api/v1/jobs/${jobId}`)).body;
    await t.rest('PUT', `/api/v1/jobs/${jobId}`, { fromVersion: job.version, jobGraph: job.jobGraph, desiredState: 'STOPPED' });
    await t.settle();
    expect((await send('while stopped')).status).toBe(202);
    expect(await intakeBatches()).toBe(2);
    await t.weir.services.ingest.trim();
    expect(await intakeBatches()).toBe(1);
    const stopped = (await t.rest('GET', `/api/v1/jobs/${jobId}`)).body;
    await t.rest('PUT', `/api/v1/jobs/${jobId}`, { fromVersion: stopped.version, jobGraph: stopped.jobGraph, desiredState: 'RUNNING' });
    await t.settle();
    // The batch read before the stop is gone from the intake; the one sent while stopped is delivered on restart.
    await expect.poll(() => storedCount(datasetId), { timeout: 10_000 }).toBe(2);
    expect((await queryDataset(datasetId, '"while stopped"')).map((event) => event.message)).toEqual(['while stopped']);
  });

  it('a wrong or missing Datadog key is refused and nothing is stored', async () => {
    const post = (headers: Record<string, string>) =>
      handleDatadogIntake(new Request('http://weir.test/api/v2/logs', { method: 'POST', headers, body: '[{"message":"x"}]' }), t.weir);
    expect((await post({})).status).toBe(401);
    expect((await post({ 'dd-api-key': 'weir_not_a_real_token' })).status).toBe(403);
  });

  it('a malformed Datadog payload gets a 400 that says what is wrong', async () => {
    const integration = await t.rest('POST', '/api/v1/integrations', { type: 'datadog', name: 'dd_bad' });
    const response = await handleDatadogIntake(
      new Request('http://weir.test/api/v2/logs', { method: 'POST', headers: { 'dd-api-key': integration.body.token }, body: '[{"message": ' }),
      t.weir,
    );
    expect(response.status).toBe(400);
    expect((await response.json()).errors[0].detail).toMatch(/JSON/i);
  });

  it('OTLP protobuf and JSON exports built with the OpenTelemetry SDK are stored with resource attributes as tags', async () => {
    const { token, datasetId } = await pipelineInto('otlp', 'otel');
    const exporter = new InMemoryLogRecordExporter();
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'billing', 'host.name': 'pod-7' }),
      processors: [new SimpleLogRecordProcessor({ exporter })],
    });
    const logger = provider.getLogger('weir-test');
    logger.emit({ body: 'invoice created', severityNumber: SeverityNumber.INFO, attributes: { 'invoice.id': 42 } });
    logger.emit({ body: 'card declined', severityNumber: SeverityNumber.ERROR });
    await provider.forceFlush();
    const records = exporter.getFinishedLogRecords();
    const protobuf = await handleOtlpIntake(
      new Request('http://weir.test/v1/logs', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' },
        body: Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!),
      }),
      t.weir,
    );
    expect(protobuf.status).toBe(200);
    const json = await handleOtlpIntake(
      new Request('http://weir.test/v1/logs', {
        method: 'POST',
        headers: { 'api-key': token, 'content-type': 'application/json' },
        body: Buffer.from(JsonLogsSerializer.serializeRequest(records)!),
      }),
      t.weir,
    );
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ partialSuccess: {} });
    await expect.poll(() => storedCount(datasetId), { timeout: 10_000 }).toBe(4);
    const declined = await queryDataset(datasetId, 'service:billing host:pod-7 status:error');
    expect(declined.map((event) => event.message)).toEqual(['card declined', 'card declined']);
    const invoices = await queryDataset(datasetId, '@invoice.id:42');
    expect(invoices).toHaveLength(2);
  });

  it('Splunk HEC events and raw lines are acknowledged with Success and stored', async () => {
    const { token, datasetId } = await pipelineInto('splunk', 'hec');
    const events = await handleSplunkIntake(
      new Request('http://weir.test/services/collector/event', {
        method: 'POST',
        headers: { authorization: `Splunk ${token}` },
        body: '{"event":"user login","host":"app-1","sourcetype":"auth"}\n{"event":{"message":"logout","user":"bob"},"time":1700000000.5}',
      }),
      t.weir,
      'event',
    );
    expect(events.status).toBe(200);
    expect(await events.json()).toEqual({ text: 'Success', code: 0 });
    const raw = await handleSplunkIntake(
      new Request('http://weir.test/services/collector/raw?host=box&sourcetype=syslog', {
        method: 'POST',
        headers: { authorization: `Splunk ${token}` },
        body: 'line one\nline two\n',
      }),
      t.weir,
      'raw',
    );
    expect(raw.status).toBe(200);
    await expect.poll(() => storedCount(datasetId), { timeout: 10_000 }).toBe(4);
    const badToken = await handleSplunkIntake(
      new Request('http://weir.test/services/collector/event', { method: 'POST', headers: { authorization: 'Splunk nope' }, body: '{"event":"x"}' }),
      t.weir,
      'event',
    );
    expect(badToken.status).toBe(403);
    expect((await badToken.json()).code).toBe(4);
  });

  it('a token of one integration type is refused on another protocol', async () => {
    const integration = await t.rest('POST', '/api/v1/integrations', { type: 'splunk', name: 'hec_only' });
    const response = await handleDatadogIntake(
      new Request('http://weir.test/api/v2/logs', { method: 'POST', headers: { 'dd-api-key': integration.body.token }, body: '[{"message":"x"}]' }),
      t.weir,
    );
    expect(response.status).toBe(403);
  });

  it('the token is shown once and stored hashed: reads never reveal it', async () => {
    const created = await t.rest('POST', '/api/v1/integrations', { type: 'datadog', name: 'shown_once', apiKey: 'secret-key-1234' });
    expect(created.body.token).toMatch(/^weir_/);
    const read = await t.rest('GET', `/api/v1/integrations/${created.body.id}`);
    expect(read.body.token).toBeUndefined();
    expect(read.body.settings.apiKey).toBe('****1234');
    const list = await t.rest('GET', '/api/v1/integrations');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
  });
});

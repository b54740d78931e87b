import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';

let t: TestWeir;
beforeAll(async () => {
  t = await createTestWeir();
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI document with the job paths and their methods', async () => {
    const answer = await t.rest('GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/application\/json/);
    const document = answer.body;
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/jobs', '/jobs/async', '/jobs/{id}', '/jobs/validate', '/jobs/{id}/versions', '/jobs/{id}/events', '/operations']));
    expect(Object.keys(document.paths['/jobs'])).toContain('get');
    expect(Object.keys(document.paths['/jobs/async'])).toContain('post');
    expect(Object.keys(document.paths['/jobs/{id}'])).toEqual(expect.arrayContaining(['get', 'put', 'delete']));
  });

  it('documents the statuses users get: 201 on create, 202 and 409 on update, 202 on delete', async () => {
    const { paths } = (await t.rest('GET', '/api/v1/openapi.json')).body;
    expect(Object.keys(paths['/jobs/async'].post.responses)).toContain('201');
    expect(Object.keys(paths['/jobs/{id}'].put.responses)).toEqual(expect.arrayContaining(['202', '409']));
    expect(Object.keys(paths['/jobs/{id}'].delete.responses)).toContain('202');
    const putParameters = paths['/jobs/{id}'].put.parameters.map((parameter: { name: string }) => parameter.name);
    expect(putParameters).toContain('rollbackEnabled');
  });

  it('has CreateJob and ReadJob schemas with the Grepr field names', async () => {
    const { components } = (await t.rest('GET', '/api/v1/openapi.json')).body;
    const { CreateJob, ReadJob } = components.schemas;
    expect(CreateJob.type).toBe('object');
    expect(Object.keys(CreateJob.properties)).toEqual(expect.arrayContaining(['name', 'execution', 'processing', 'jobGraph', 'tags']));
    expect(ReadJob.type).toBe('object');
    expect(Object.keys(ReadJob.properties)).toEqual(
      expect.arrayContaining(['id', 'name', 'version', 'state', 'desiredState', 'execution', 'processing', 'jobGraph', 'tags', 'createdAt', 'updatedAt']),
    );
  });

  it('every $ref in the document resolves', async () => {
    const document = (await t.rest('GET', '/api/v1/openapi.json')).body;
    const refs = new Set<string>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        for (const [key, entry] of Object.entries(value)) {
          if (key === '$ref' && typeof entry === 'string') refs.add(entry);
          else walk(entry);
        }
      }
    };
    walk(document);
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
      expect(match, ref).not.toBeNull();
      expect(document.components.schemas[match![1]], ref).toBeDefined();
    }
  });
});

describe('GET /api/v1/operations', () => {
  const expected = {
    'logs-values-source': { kind: 'source', inputs: [], outputs: ['out'] },
    'discarding-sink': { kind: 'sink', inputs: ['in'], outputs: [] },
    'logs-sync-sink': { kind: 'sink', inputs: ['in'], outputs: [] },
    'logs-iceberg-table-source': { kind: 'source', inputs: [] },
    'logs-iceberg-table-sink': { kind: 'sink', inputs: ['in'], outputs: [] },
  } as const;

  it('lists the catalogue with kind, ports, description and a params JSON Schema for each', async () => {
    const answer = await t.rest('GET', '/api/v1/operations');
    expect(answer.status).toBe(200);
    const items = answer.body.items as any[];
    for (const [type, shape] of Object.entries(expected)) {
      const operation = items.find((item) => item.type === type);
      expect(operation, type).toBeDefined();
      expect(operation).toMatchObject(shape);
      expect(Array.isArray(operation.inputs)).toBe(true);
      expect(Array.isArray(operation.outputs)).toBe(true);
      expect(typeof operation.description).toBe('string');
      expect(operation.description.length).toBeGreaterThan(0);
      expect(operation.paramsSchema, type).toBeTypeOf('object');
      expect(operation.paramsSchema.type, type).toBe('object');
    }
    for (const operation of items) expect(['source', 'transform', 'sink']).toContain(operation.kind);
  });

  it("logs-sync-sink also answers to the seed's spelling sync-sink", async () => {
    const items = (await t.rest('GET', '/api/v1/operations')).body.items as any[];
    expect(items.find((item) => item.type === 'logs-sync-sink').aliases).toContain('sync-sink');
  });

  it('the params schemas name the fields users set', async () => {
    const items = (await t.rest('GET', '/api/v1/operations')).body.items as any[];
    const byType = (type: string) => items.find((item) => item.type === type).paramsSchema;
    expect(Object.keys(byType('logs-values-source').properties)).toEqual(expect.arrayContaining(['values', 'loop']));
    expect(Object.keys(byType('logs-iceberg-table-sink').properties)).toContain('datasetId');
    expect(Object.keys(byType('logs-iceberg-table-source').properties)).toEqual(expect.arrayContaining(['datasetId', 'query', 'start', 'end']));
  });

  it('the tRPC operations.list gives the same catalogue', async () => {
    const viaRest = (await t.rest('GET', '/api/v1/operations')).body;
    expect(await t.trpc.operations.list.query()).toEqual(viaRest);
  });
});

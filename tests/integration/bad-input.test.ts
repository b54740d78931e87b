import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeir, type TestWeir } from '../support/test-weir';
import { loopingGraph, streamingJob } from '../support/jobs';
import { errorPaths, expectClientError, expectErrorBody, expectNoServerError } from './assertions';

// No user input may cause a 500; every 4xx is JSON with a message and the per-field errors.

let t: TestWeir;
/** A running streaming job at version 0, for the PUT and GET cases. */
let jobId: string;

beforeAll(async () => {
  t = await createTestWeir();
  const created = await t.rest('POST', '/api/v1/jobs/async', streamingJob('bad_input_target'));
  jobId = created.body.id;
  await t.settle();
});
afterAll(async () => {
  await t?.close();
});

const put = (body: unknown, query = '') => t.rest('PUT', `/api/v1/jobs/${jobId}${query}`, body);
const create = (body: unknown) => t.rest('POST', '/api/v1/jobs/async', body);

describe('request bodies that are not JSON objects', () => {
  const writes = [
    ['POST', '/api/v1/jobs/async'],
    ['PUT', '/api/v1/jobs/{id}'],
  ] as const;
  const route = (path: string) => path.replace('{id}', jobId);

  for (const [method, path] of writes) {
    it(`${method} ${path}: malformed JSON is a 400 that says the body is not valid JSON`, async () => {
      for (const body of ['{"name":', '{name: "x"}', "{'a':1}", '{"a":1} trailing', 'undefined']) {
        const answer = await t.rest(method, route(path), body);
        expectClientError(answer, 400);
        expect(answer.body.message).toMatch(/JSON/);
      }
    });

    it(`${method} ${path}: an empty body is a 400 that says so`, async () => {
      for (const body of ['', '   \n']) {
        const answer = await t.rest(method, route(path), body);
        expectClientError(answer, 400);
        expect(answer.body.message).toMatch(/empty/i);
      }
    });

    it(`${method} ${path}: arrays, numbers, strings, booleans and null are a 400 at the root path`, async () => {
      for (const body of ['[]', '[1,2]', '42', '"hello"', 'true', 'null']) {
        const answer = await t.rest(method, route(path), body);
        expectClientError(answer, 400);
        expect(answer.body.errors.length, body).toBeGreaterThan(0);
      }
    });
  }

  it('validate: malformed JSON or an empty body is a 400', async () => {
    expectClientError(await t.rest('POST', '/api/v1/jobs/validate', '{"jobGraph":'), 400);
    expectClientError(await t.rest('POST', '/api/v1/jobs/validate', ''), 400);
  });

  it('validate: a body that is not an object answers valid:false with errors, never a 5xx', async () => {
    for (const body of ['[]', '42', '"hello"', 'true', 'null']) {
      const answer = await t.rest('POST', '/api/v1/jobs/validate', body);
      expect(answer.status, body).toBe(200);
      expect(answer.body.valid).toBe(false);
      expect(answer.body.errors.length).toBeGreaterThan(0);
    }
  });

  it('validate: a missing jobGraph is reported at jobGraph in plain words', async () => {
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { name: 'no_graph' });
    expect(answer.body.valid).toBe(false);
    const problem = answer.body.errors.find((error: { path: string }) => error.path === 'jobGraph');
    expect(problem).toBeDefined();
    // A person should read "required", not a zod internal such as "nonoptional".
    expect(problem.message).toMatch(/required|missing/i);
    expect(problem.message).not.toMatch(/nonoptional/);
  });
});

describe('fields of the wrong type or value', () => {
  it('reports each wrong field at its own path', async () => {
    const answer = await create({ name: 42, execution: 'SOMETIMES', processing: 7, jobGraph: 'a graph' });
    expectClientError(answer, 400, ['name', 'execution', 'processing', 'jobGraph']);
  });

  it('a missing name and jobGraph are reported as required', async () => {
    expectClientError(await create({}), 400, ['name', 'jobGraph']);
  });

  it('vertices or edges that are not arrays are reported at jobGraph.vertices / jobGraph.edges', async () => {
    expectClientError(await create({ name: 'x', jobGraph: { vertices: 'x', edges: [] } }), 400, ['jobGraph.vertices']);
    expectClientError(await create({ name: 'x', jobGraph: { vertices: loopingGraph().vertices, edges: 'source -> sink' } }), 400, ['jobGraph.edges']);
  });

  it('a vertex that is not an object, or lacks its name, is reported at that vertex', async () => {
    expectClientError(await create({ name: 'x', jobGraph: { vertices: [42], edges: [] } }), 400, ['jobGraph.vertices[0]']);
    expectClientError(await create({ name: 'x', jobGraph: { vertices: [{ type: 'discarding-sink' }], edges: [] } }), 400, ['jobGraph.vertices[0].name']);
  });

  it('an edge that is not a string is reported at that edge', async () => {
    expectClientError(await create({ name: 'x', jobGraph: { ...loopingGraph(), edges: [{ from: 'source', to: 'sink' }] } }), 400, ['jobGraph.edges[0]']);
  });

  it('tags must map strings to strings', async () => {
    expectClientError(await create({ ...streamingJob('bad_tags'), tags: { env: 1 } }), 400, ['tags.env']);
    expectClientError(await create({ ...streamingJob('bad_tags'), tags: ['env'] }), 400, ['tags']);
  });

  it('an unknown desiredState is refused at desiredState', async () => {
    expectClientError(await create({ ...streamingJob('bad_desired'), desiredState: 'PAUSED' }), 400, ['desiredState']);
    expectClientError(await put({ fromVersion: 0, jobGraph: loopingGraph(), desiredState: 'PAUSED' }), 400, ['desiredState']);
  });

  it('an update cannot ask for DELETED: that is what DELETE is for', async () => {
    const answer = await put({ fromVersion: 0, jobGraph: loopingGraph(), desiredState: 'DELETED' });
    expectClientError(answer, 400, ['desiredState']);
    expect(answer.body.message).toMatch(/DELETE/);
  });

  it('a job cannot be created already DELETED either', async () => {
    const answer = await create({ ...streamingJob('born_deleted'), desiredState: 'DELETED' });
    expectClientError(answer, 400, ['desiredState']);
  });

  it('fromVersion must be a non-negative integer, and is required', async () => {
    for (const fromVersion of ['0', -1, 1.5, null, true]) {
      expectClientError(await put({ fromVersion, jobGraph: loopingGraph() }), 400, ['fromVersion']);
    }
    expectClientError(await put({ jobGraph: loopingGraph() }), 400, ['fromVersion']);
  });

  it('a huge fromVersion is a conflict, not a crash', async () => {
    expectClientError(await put({ fromVersion: 2 ** 40, jobGraph: loopingGraph() }), 409, ['fromVersion']);
  });

  it('a version message over 1000 characters is refused at message', async () => {
    expectClientError(await create({ ...streamingJob('long_message'), message: 'x'.repeat(1001) }), 400, ['message']);
  });

  it('nothing was created or changed by any of the refused requests above', async () => {
    for (const name of ['x', 'bad_tags', 'bad_desired', 'long_message']) {
      const listed = await t.rest('GET', `/api/v1/jobs?name=${name}&state=CREATED,PENDING,RUNNING,STOPPED,FAILED,FINISHED,DELETED`);
      expect(listed.body.items, name).toEqual([]);
    }
    expect((await t.rest('GET', `/api/v1/jobs/${jobId}`)).body).toMatchObject({ version: 0, state: 'RUNNING' });
  });
});

describe('unknown fields', () => {
  it('an unknown vertex param is refused at its path', async () => {
    const graph = { vertices: [loopingGraph().vertices[0], { type: 'discarding-sink', name: 'sink', bogus: 1 }], edges: ['source -> sink'] };
    expectClientError(await create(streamingJob('unknown_param', graph)), 400, ['jobGraph.vertices[1].bogus']);
    expectClientError(await put({ fromVersion: 0, jobGraph: graph }), 400, ['jobGraph.vertices[1].bogus']);
  });

  it('an unknown operation type is refused at the vertex type', async () => {
    const graph = { vertices: [{ type: 'logs-magic-source', name: 'source' }, loopingGraph().vertices[1]], edges: ['source -> sink'] };
    expectClientError(await create(streamingJob('unknown_type', graph)), 400, ['jobGraph.vertices[0].type']);
  });

  it('unknown top-level fields are ignored, like the seed\'s id, and not echoed back', async () => {
    const created = await create({ ...streamingJob('unknown_top_level'), color: 'blue' });
    expect(created.status).toBe(201);
    expect(created.body.color).toBeUndefined();
    expect((await t.rest('DELETE', `/api/v1/jobs/${created.body.id}`)).status).toBe(202);
    await t.settle();
  });
});

describe('names', () => {
  it('a name outside [a-z0-9_]{1,128} is refused at name', async () => {
    for (const name of ['', 'MyJob', 'my-job', 'my job', 'é', 'a'.repeat(129)]) {
      expectClientError(await create(streamingJob(name)), 400, ['name']);
    }
  });

  it('a 100,000-character name is refused at name, without echoing it back', async () => {
    const answer = await create(streamingJob('a'.repeat(100_000)));
    expectClientError(answer, 400, ['name']);
    expect(JSON.stringify(answer.body).length).toBeLessThan(5_000);
  });

  it('a huge vertex name is refused at that vertex name', async () => {
    const graph = { vertices: [{ ...loopingGraph().vertices[0], name: 'v'.repeat(10_000) }, loopingGraph().vertices[1]], edges: [] };
    const answer = await create(streamingJob('huge_vertex_name', graph));
    expectClientError(answer, 400, ['jobGraph.vertices[0].name']);
    expect(JSON.stringify(answer.body).length).toBeLessThan(50_000);
  });

  it('a huge name filter or id finds nothing and does not fail', async () => {
    const byName = await t.rest('GET', `/api/v1/jobs?name=${'n'.repeat(20_000)}`);
    expectNoServerError(byName);
    if (byName.status === 200) expect(byName.body.items).toEqual([]);
    expectClientError(await t.rest('GET', `/api/v1/jobs/${'i'.repeat(20_000)}`), 404);
  });
});

describe('routes and methods', () => {
  it('an unknown route is a 404 with a JSON body', async () => {
    for (const path of ['/api/v1/nope', '/api/v1', '/api/v1/jobs/x/y/z', '/api/v1/jobs/x/versions/extra', '/api/v1/job']) {
      const answer = await t.rest('GET', path);
      expectClientError(answer, 404);
    }
  });

  it('a wrong method is a 405 with an Allow header listing the right ones', async () => {
    const cases: Array<[string, string, string[]]> = [
      ['PATCH', '/api/v1/jobs', ['GET']],
      ['DELETE', '/api/v1/jobs', ['GET']],
      ['POST', `/api/v1/jobs/${jobId}`, ['GET', 'PUT', 'DELETE']],
      ['PATCH', `/api/v1/jobs/${jobId}`, ['GET', 'PUT', 'DELETE']],
      ['POST', `/api/v1/jobs/${jobId}/versions`, ['GET']],
      ['DELETE', '/api/v1/operations', ['GET']],
      ['POST', '/api/v1/openapi.json', ['GET']],
    ];
    for (const [method, path, allowed] of cases) {
      const answer = await t.rest(method, path, method === 'GET' || method === 'DELETE' ? undefined : {});
      expectClientError(answer, 405);
      const allow = (answer.headers.get('allow') ?? '').split(',').map((entry) => entry.trim());
      expect(allow.sort(), `${method} ${path}`).toEqual([...allowed].sort());
    }
  });

  it('a malformed percent-escape in the path is a 404, not a crash', async () => {
    expectClientError(await t.rest('GET', '/api/v1/jobs/%E0%A4%A'), 404);
  });
});

describe('query parameters', () => {
  it('a bad ?version is a 400 naming version', async () => {
    for (const version of ['abc', '-1', '1.5', 'Infinity', 'NaN', '1e400']) {
      expectClientError(await t.rest('GET', `/api/v1/jobs/${jobId}?version=${version}`), 400, ['version']);
    }
  });

  it('an empty ?version= is refused rather than read as version 0', async () => {
    expectClientError(await t.rest('GET', `/api/v1/jobs/${jobId}?version=`), 400, ['version']);
  });

  it('a ?version beyond any real version is a 404, even past the 32-bit range', async () => {
    for (const version of ['1000', '2147483647', '2147483648', '99999999999999999999']) {
      const answer = await t.rest('GET', `/api/v1/jobs/${jobId}?version=${version}`);
      expectNoServerError(answer);
      expect([400, 404], version).toContain(answer.status);
    }
  });

  it('a bad ?rollbackEnabled is a 400 naming rollbackEnabled, and changes nothing', async () => {
    for (const value of ['yes', 'maybe', '2']) {
      expectClientError(await put({ fromVersion: 0, jobGraph: loopingGraph() }, `?rollbackEnabled=${value}`), 400, ['rollbackEnabled']);
    }
    expect((await t.rest('GET', `/api/v1/jobs/${jobId}`)).body.version).toBe(0);
  });

  it('a bad list filter is a 400 naming the filter', async () => {
    expectClientError(await t.rest('GET', '/api/v1/jobs?state=running'), 400, ['state[0]']);
    expectClientError(await t.rest('GET', '/api/v1/jobs?state=RUNNING,NAPPING'), 400, ['state[1]']);
    expectClientError(await t.rest('GET', '/api/v1/jobs?execution=async'), 400, ['execution']);
    expectClientError(await t.rest('GET', '/api/v1/jobs?processing=stream'), 400, ['processing']);
  });
});

describe('text Postgres cannot store', () => {
  // A NUL character or a lone UTF-16 surrogate is valid JSON, but not valid Postgres text or jsonb.
  it('a NUL character in a list filter does not cause a 5xx', async () => {
    for (const query of ['name=a%00b', 'id=a%00b']) {
      const answer = await t.rest('GET', `/api/v1/jobs?${query}`);
      expectNoServerError(answer);
      if (answer.status === 200) expect(answer.body.items).toEqual([]);
    }
  });

  it('a NUL character in a job id in the path is a 404, not a 5xx', async () => {
    for (const path of ['/api/v1/jobs/a%00b', '/api/v1/jobs/a%00b/versions', '/api/v1/jobs/a%00b/events']) {
      expectClientError(await t.rest('GET', path), 404);
    }
    expectClientError(await t.rest('DELETE', '/api/v1/jobs/a%00b'), 404);
    expectClientError(await t.rest('PUT', '/api/v1/jobs/a%00b', { fromVersion: 0, jobGraph: loopingGraph() }), 404);
  });

  it('a NUL character in a message, a tag or an event value does not cause a 5xx', async () => {
    const withNul = { type: 'logs-values-source', name: 'source', values: [{ message: 'a\u0000b' }] };
    const bodies = [
      { ...streamingJob('nul_message'), message: 'a\u0000b' },
      { ...streamingJob('nul_tag'), tags: { env: 'd\u0000v' } },
      streamingJob('nul_value', { vertices: [withNul, loopingGraph().vertices[1]], edges: ['source -> sink'] }),
    ];
    for (const body of bodies) expectNoServerError(await create(body));
    expectNoServerError(await put({ fromVersion: 0, jobGraph: loopingGraph(), message: 'a\u0000b' }));
  });

  it('a lone surrogate in a string does not cause a 5xx', async () => {
    const body =
      '{"name":"lone_surrogate","message":"\\ud800","jobGraph":{"vertices":[{"type":"logs-values-source","name":"source","values":[{"message":"\\udc00"}]},{"type":"discarding-sink","name":"sink"}],"edges":["source -> sink"]}}';
    expectNoServerError(await create(body));
  });
});

describe('deeply nested and large input', () => {
  it('deeply nested attributes in an event value do not cause a 5xx', async () => {
    for (const depth of [2_000, 5_000, 50_000]) {
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      const body = `{"name":"deep_${depth}","jobGraph":{"vertices":[{"type":"logs-values-source","name":"source","values":[{"message":"x","attributes":{"a":${nested}}}]},{"type":"discarding-sink","name":"sink"}],"edges":["source -> sink"]}}`;
      const answer = await create(body);
      expectNoServerError(answer);
    }
  });

  it('a deeply nested jobGraph does not cause a 5xx in validate', async () => {
    const nested = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const answer = await t.rest('POST', '/api/v1/jobs/validate', `{"jobGraph":${nested}}`);
    expectNoServerError(answer);
  });

  it('a graph with thousands of vertices is answered, not crashed on', async () => {
    const vertices = Array.from({ length: 3_000 }, (_, index) => ({ type: 'discarding-sink', name: `sink_${index}` }));
    const answer = await t.rest('POST', '/api/v1/jobs/validate', { jobGraph: { vertices: [loopingGraph().vertices[0], ...vertices], edges: vertices.map((vertex) => `source -> ${vertex.name}`) } });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ valid: true, errors: [] });
  });
});

describe('every 4xx keeps the error contract', () => {
  it('not found, conflict, bad request and method-not-allowed all carry message and errors', async () => {
    const answers = await Promise.all([
      t.rest('GET', '/api/v1/jobs/nosuchjob'),
      put({ fromVersion: 9, jobGraph: loopingGraph() }),
      create({}),
      t.rest('PATCH', '/api/v1/jobs'),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expectErrorBody(answer);
    }
    expect(errorPaths(answers[1])).toEqual(['fromVersion']);
  });
});

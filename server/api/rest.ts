import type { Weir } from '../weir';
import type { Result } from '../services/result';
import { LOCAL_OPERATOR, type Principal } from '../services/result';
import { listOperations } from '../services/operations-service';
import { parseQueryResponse } from '../query';
import { buildOpenApiDocument } from './openapi';
import { findJsonProblem, isStorableText } from '../model/json-safety';

type Handler = (request: RestRequest) => Promise<Response>;

interface RestRequest {
  request: Request;
  url: URL;
  params: Record<string, string>;
  weir: Weir;
  principal: Principal;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

const routes: Route[] = [];
function route(method: string, path: string, handler: Handler) {
  const keys: string[] = [];
  const pattern = new RegExp(
    '^' + path.replace(/\{(\w+)\}/g, (_, key: string) => (keys.push(key), '([^/]+)')) + '/?$',
  );
  routes.push({ method, pattern, keys, handler });
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

function respond<T>(result: Result<T>, status = 200): Response {
  if (result.ok) return json(result.value, status);
  return json({ message: result.error.message, errors: result.error.errors }, result.error.status);
}

async function readJsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.trim() === '') {
    return { ok: false, response: json({ message: 'The request body is empty: send a JSON object', errors: [] }, 400) };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, response: json({ message: `The request body is not valid JSON: ${detail}`, errors: [] }, 400) };
  }
  const problem = findJsonProblem(body);
  if (problem) {
    return { ok: false, response: json({ message: `The request body cannot be accepted: ${problem.path || 'the body'} ${problem.message}`, errors: [problem] }, 400) };
  }
  return { ok: true, body };
}

/** Reads a list parameter given either repeated (`state=A&state=B`) or comma-separated (`state=A,B`). */
function listParam(url: URL, name: string): string[] | undefined {
  const values = url.searchParams.getAll(name).flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
  return values.length > 0 ? values : undefined;
}

function booleanParam(url: URL, name: string): { ok: true; value: boolean } | { ok: false; response: Response } {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '' || raw === 'false') return { ok: true, value: false };
  if (raw === 'true') return { ok: true, value: true };
  return {
    ok: false,
    response: json({ message: `Query parameter ${name} must be true or false`, errors: [{ path: name, message: 'must be true or false' }] }, 400),
  };
}

route('GET', '/api/v1/jobs', async ({ url, weir, principal }) => {
  const filter = {
    state: listParam(url, 'state'),
    name: url.searchParams.get('name') ?? undefined,
    id: listParam(url, 'id'),
    execution: url.searchParams.get('execution') ?? undefined,
    processing: url.searchParams.get('processing') ?? undefined,
  };
  return respond(await weir.services.jobs.listJobs(filter, principal));
});

route('POST', '/api/v1/jobs/async', async ({ request, weir, principal }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.jobs.createJob(body.body, principal), 201);
});

route('POST', '/api/v1/jobs/sync', async ({ request, url, weir, principal }) => {
  const rawTimeout = url.searchParams.get('timeoutSeconds');
  let timeCapMs: number | undefined;
  if (rawTimeout !== null) {
    const seconds = Number(rawTimeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) {
      return json({ message: 'Query parameter timeoutSeconds must be a number of seconds between 0 and 300', errors: [{ path: 'timeoutSeconds', message: 'must be in (0, 300]' }] }, 400);
    }
    timeCapMs = seconds * 1000;
  }
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const result = await weir.services.syncJobs.submit(body.body, principal, { signal: request.signal, timeCapMs });
  if (!result.ok) return respond(result);
  return new Response(result.value.stream, {
    status: 200,
    headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store', 'x-weir-job-id': result.value.job.id },
  });
});

route('POST', '/api/v1/jobs/sync/heartbeat', async ({ request, weir }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(weir.services.syncJobs.heartbeat(body.body), 202);
});

route('POST', '/api/v1/jobs/validate', async ({ request, weir }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.jobs.validateJob(body.body));
});

route('GET', '/api/v1/jobs/{id}', async ({ url, params, weir, principal }) => {
  const rawVersion = url.searchParams.get('version');
  let version: number | undefined;
  if (rawVersion !== null) {
    version = /^\d{1,15}$/.test(rawVersion) ? Number(rawVersion) : NaN;
    if (!Number.isInteger(version)) {
      return json({ message: 'Query parameter version must be a non-negative integer', errors: [{ path: 'version', message: 'must be a non-negative integer' }] }, 400);
    }
  }
  return respond(await weir.services.jobs.getJob(params.id, principal, version));
});

route('PUT', '/api/v1/jobs/{id}', async ({ request, url, params, weir, principal }) => {
  const rollbackEnabled = booleanParam(url, 'rollbackEnabled');
  if (!rollbackEnabled.ok) return rollbackEnabled.response;
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.jobs.updateJob(params.id, body.body, { rollbackEnabled: rollbackEnabled.value }, principal), 202);
});

route('DELETE', '/api/v1/jobs/{id}', async ({ params, weir, principal }) =>
  respond(await weir.services.jobs.deleteJob(params.id, principal), 202),
);

route('GET', '/api/v1/jobs/{id}/versions', async ({ params, weir }) => respond(await weir.services.jobs.listVersions(params.id)));

route('GET', '/api/v1/jobs/{id}/events', async ({ params, weir }) => respond(await weir.services.jobs.listTransitions(params.id)));

route('GET', '/api/v1/jobs/{id}/metrics', async ({ params, weir }) => respond(await weir.services.jobs.getMetrics(params.id)));

route('GET', '/api/v1/integrations', async ({ weir }) => respond(await weir.services.integrations.list()));

route('POST', '/api/v1/integrations', async ({ request, weir }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.integrations.create(body.body), 201);
});

route('GET', '/api/v1/integrations/{id}', async ({ params, weir }) => respond(await weir.services.integrations.get(params.id)));

route('PUT', '/api/v1/integrations/{id}', async ({ request, params, weir }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.integrations.update(params.id, body.body));
});

route('DELETE', '/api/v1/integrations/{id}', async ({ params, weir }) => {
  const result = await weir.services.integrations.remove(params.id);
  return result.ok ? new Response(null, { status: 204 }) : respond(result);
});

route('POST', '/api/v1/integrations/{id}/token', async ({ params, weir }) => respond(await weir.services.integrations.rotateToken(params.id)));

route('GET', '/api/v1/datasets', async ({ weir, principal }) => respond(await weir.services.datasets.list(principal)));

route('POST', '/api/v1/datasets', async ({ request, weir, principal }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.datasets.create(body.body, principal), 201);
});

route('GET', '/api/v1/datasets/{id}', async ({ params, weir, principal }) => respond(await weir.services.datasets.get(params.id, principal)));

route('PUT', '/api/v1/datasets/{id}', async ({ request, params, weir, principal }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  return respond(await weir.services.datasets.update(params.id, body.body, principal));
});

route('DELETE', '/api/v1/datasets/{id}', async ({ params, weir }) => respond(await weir.services.datasets.remove(params.id)));

route('POST', '/api/v1/query/parse', async ({ request }) => {
  const body = await readJsonBody(request);
  if (!body.ok) return body.response;
  const query = (body.body as { query?: unknown } | null)?.query;
  if (typeof query !== 'string') {
    return json({ message: 'Send {"query": "<Datadog search query>"}', errors: [{ path: 'query', message: 'must be a string' }] }, 400);
  }
  return json(parseQueryResponse(query));
});

route('GET', '/api/v1/operations', async () => json({ items: listOperations() }));

route('GET', '/api/v1/openapi.json', async () => json(buildOpenApiDocument()));

/** The principal for a request. Every door (REST, tRPC, ingest) builds it here. */
export function principalFor(_request: Request): Principal {
  return LOCAL_OPERATOR;
}

/** Serves the Grepr-shaped REST API under /api/v1. Every error is JSON; user input never causes a 500. */
export function createRestHandler(getWeir: () => Promise<Weir>) {
  return async function handleRest(request: Request): Promise<Response> {
    const url = new URL(request.url);
    let path = url.pathname;
    try {
      path = decodeURI(path);
    } catch {
      // A malformed escape simply matches no route.
    }
    const matching = routes.filter((candidate) => candidate.pattern.test(path));
    if (matching.length === 0) return json({ message: `No API endpoint at ${url.pathname}`, errors: [] }, 404);
    const match = matching.find((candidate) => candidate.method === request.method);
    if (!match) {
      const allowed = matching.map((candidate) => candidate.method).join(', ');
      return json({ message: `${request.method} is not supported on ${url.pathname}; use ${allowed}`, errors: [] }, 405, { allow: allowed });
    }
    const values = match.pattern.exec(path)!.slice(1);
    // Text Postgres cannot hold can name nothing that exists.
    if (!values.every(isStorableText)) return json({ message: `No such resource: ${url.pathname}`, errors: [] }, 404);
    for (const [name, value] of url.searchParams) {
      if (!isStorableText(value) || !isStorableText(name)) {
        return json({ message: `Query parameter ${JSON.stringify(name)} contains text that cannot be stored`, errors: [{ path: name, message: 'contains a NUL character or invalid Unicode' }] }, 400);
      }
    }
    const params = Object.fromEntries(match.keys.map((key, index) => [key, values[index]]));
    try {
      const weir = await getWeir();
      return await match.handler({ request, url, params, weir, principal: principalFor(request) });
    } catch (error) {
      console.error('[weir] unexpected error in', request.method, url.pathname, error);
      return json({ message: 'Weir hit an unexpected error; the details are in the server log', errors: [] }, 500);
    }
  };
}

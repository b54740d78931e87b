import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRestHandler } from '@/server/api/rest';
import { createWeir, type Weir } from '@/server/weir';
import { loopingGraph, missingDatasetGraph, streamingJob } from '../support/jobs';
import { namesOf } from './assertions';

/**
 * A restart of the server: one Weir runs jobs and shuts down, a second one opens the same store.
 * The store survives in between: a temp PGlite data directory, or a database of its own on the test Postgres.
 */
async function openDurableStore(): Promise<{ store: Parameters<typeof createWeir>[0]['store']; cleanup(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `weir_restart_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      store: { databaseUrl: url.toString() },
      async cleanup() {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'weir-restart-'));
  return { store: { dataDir: path.join(dir, 'pglite') }, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

function restFor(weir: Weir) {
  const handle = createRestHandler(async () => weir);
  return async (method: string, route: string, body?: unknown) => {
    const response = await handle(
      new Request(`http://weir.test${route}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
}

async function settle(weir: Weir) {
  for (let i = 0; i < 5; i++) {
    await weir.reconciler.reconcile();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let durable: Awaited<ReturnType<typeof openDurableStore>>;
let after: Weir | undefined;
let rest: ReturnType<typeof restFor>;
const ids: Record<string, string> = {};
/** How many transitions each job had before the restart. */
const eventsBefore: Record<string, number> = {};

beforeAll(async () => {
  durable = await openDurableStore();

  const before = await createWeir({ store: durable.store, runEngine: false, demo: false });
  try {
    const restBefore = restFor(before);
    const create = async (key: string, body: unknown) => {
      const created = await restBefore('POST', '/api/v1/jobs/async', body);
      expect(created.status).toBe(201);
      ids[key] = created.body.id;
    };
    await create('running', streamingJob('survives_restart'));
    await create('stopped', { ...streamingJob('stopped_before_restart'), desiredState: 'STOPPED' });
    await create('failed', streamingJob('failed_before_restart', missingDatasetGraph()));
    await create('deleted', streamingJob('deleted_before_restart'));
    await create('updated', streamingJob('updated_before_restart'));
    await settle(before);
    expect((await restBefore('DELETE', `/api/v1/jobs/${ids.deleted}`)).status).toBe(202);
    expect((await restBefore('PUT', `/api/v1/jobs/${ids.updated}`, { fromVersion: 0, jobGraph: loopingGraph() })).status).toBe(202);
    await settle(before);
    expect((await restBefore('GET', `/api/v1/jobs/${ids.running}`)).body.state).toBe('RUNNING');
    expect((await restBefore('GET', `/api/v1/jobs/${ids.updated}`)).body).toMatchObject({ version: 1, state: 'RUNNING' });
    for (const [key, id] of Object.entries(ids)) {
      eventsBefore[key] = (await restBefore('GET', `/api/v1/jobs/${id}/events`)).body.items.length;
    }
  } finally {
    await before.close();
  }

  after = await createWeir({ store: durable.store, runEngine: false, demo: false });
  rest = restFor(after);
  await settle(after);
}, 120_000);

afterAll(async () => {
  await after?.close();
  await durable?.cleanup();
});

const eventsOf = async (key: string) => (await rest('GET', `/api/v1/jobs/${ids[key]}/events`)).body.items as any[];

it('after a restart, a job whose desired state is RUNNING runs again, with a transition that names the restart', async () => {
  expect((await rest('GET', `/api/v1/jobs/${ids.running}`)).body).toMatchObject({ version: 0, state: 'RUNNING', desiredState: 'RUNNING' });
  const since = (await eventsOf('running')).slice(eventsBefore.running);
  expect(since.length).toBeGreaterThan(0);
  expect(since.some((event) => /restart/i.test(event.reason ?? ''))).toBe(true);
  expect(since.at(-1)).toMatchObject({ version: 0, to: 'RUNNING' });
  expect(namesOf(await rest('GET', '/api/v1/jobs?state=RUNNING'))).toContain('survives_restart');
  // Not just a row that says RUNNING: the engine really has the run again.
  expect(after!.reconciler.isActive(ids.running, 0)).toBe(true);
});

it('after a restart, an updated job runs its current version and the old one stays FINISHED', async () => {
  expect((await rest('GET', `/api/v1/jobs/${ids.updated}`)).body).toMatchObject({ version: 1, state: 'RUNNING' });
  expect((await rest('GET', `/api/v1/jobs/${ids.updated}?version=0`)).body).toMatchObject({ state: 'FINISHED' });
});

it('after a restart, a STOPPED job stays STOPPED', async () => {
  expect((await rest('GET', `/api/v1/jobs/${ids.stopped}`)).body).toMatchObject({ state: 'STOPPED', desiredState: 'STOPPED' });
  expect((await eventsOf('stopped')).length).toBe(eventsBefore.stopped);
});

it('after a restart, a FAILED job stays FAILED with its reason', async () => {
  const job = (await rest('GET', `/api/v1/jobs/${ids.failed}`)).body;
  expect(job.state).toBe('FAILED');
  expect(job.failureReason).toContain('nosuchdataset');
  expect((await eventsOf('failed')).length).toBe(eventsBefore.failed);
});

it('after a restart, a deleted job stays deleted and out of the list', async () => {
  expect((await rest('GET', `/api/v1/jobs/${ids.deleted}`)).body.state).toBe('DELETED');
  expect(namesOf(await rest('GET', '/api/v1/jobs'))).not.toContain('deleted_before_restart');
});

it('after a restart, versions and history are all still there', async () => {
  const versions = (await rest('GET', `/api/v1/jobs/${ids.updated}/versions`)).body.items;
  expect(versions.map((version: { version: number }) => version.version)).toEqual([1, 0]);
  expect((await eventsOf('updated')).length).toBeGreaterThanOrEqual(eventsBefore.updated);
});

it('after a restart, the server still takes updates with the right version numbers', async () => {
  const updated = await rest('PUT', `/api/v1/jobs/${ids.running}`, { fromVersion: 0, jobGraph: loopingGraph(), desiredState: 'STOPPED' });
  expect(updated.status).toBe(202);
  expect(updated.body.version).toBe(1);
  await settle(after!);
  expect((await rest('GET', `/api/v1/jobs/${ids.running}`)).body).toMatchObject({ version: 1, state: 'STOPPED' });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';

// An operator's worst day: the server is killed with SIGKILL while shippers are sending. Every request
// Weir acknowledged must end up in the dataset exactly once after a restart.
const PORT = 3107;
const BASE = `http://127.0.0.1:${PORT}`;
const ROOT = process.cwd();
const DATA_DIR = path.join(ROOT, '.weir-e2e', 'crash-data');

function startServer(): ChildProcess {
  return spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(PORT), '-H', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NEXT_DIST_DIR: '.weir-e2e/next', WEIR_DATA_DIR: DATA_DIR, WEIR_DEMO: '0' },
    stdio: 'ignore',
  });
}

async function waitForHealth() {
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).then((response) => response.status).catch(() => 0)), { timeout: 60_000, intervals: [250] })
    .toBe(200);
}

async function api(method: string, route: string, body?: unknown) {
  const response = await fetch(BASE + route, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function countStored(datasetId: string, query = '*'): Promise<string[]> {
  const response = await fetch(`${BASE}/api/v1/jobs/sync`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'crash_count',
      execution: 'SYNCHRONOUS',
      processing: 'BATCH',
      jobGraph: {
        vertices: [
          { type: 'logs-iceberg-table-source', name: 'source', datasetId, start: '2000-01-01T00:00:00Z', end: '2100-01-01T00:00:00Z', limit: 1_000_000, query: { type: 'datadog-query', query } },
          { type: 'logs-sync-sink', name: 'sink' },
        ],
        edges: ['source -> sink'],
      },
    }),
  });
  const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
  return lines.filter((line) => line.jobState === 'RUNNING').map((line) => line.data.message as string);
}

test('a server killed with SIGKILL mid-ingest loses no acknowledged event and stores none twice', async () => {
  test.setTimeout(180_000);
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(path.dirname(DATA_DIR), { recursive: true });
  let server = startServer();
  try {
    await waitForHealth();
    const integration = await api('POST', '/api/v1/integrations', { type: 'datadog', name: 'crash_agents' });
    const dataset = await api('POST', '/api/v1/datasets', { name: 'crash_raw' });
    const job = await api('POST', '/api/v1/jobs/async', {
      name: 'crash_pipeline',
      jobGraph: {
        vertices: [
          { type: 'datadog-log-agent-source', name: 'agents', integrationId: integration.body.id, offsetResetStrategy: 'EARLIEST' },
          { type: 'logs-iceberg-table-sink', name: 'lake', datasetId: dataset.body.id },
        ],
        edges: ['agents -> lake'],
      },
    });
    expect(job.status).toBe(201);
    await expect.poll(async () => (await api('GET', `/api/v1/jobs/${job.body.id}`)).body.state, { timeout: 30_000 }).toBe('RUNNING');

    // Shippers send batches of 100 until the kill; only 202s count as acknowledged.
    const acknowledged: string[] = [];
    let batch = 0;
    let killed = false;
    const sender = (async () => {
      while (!killed) {
        const messages = Array.from({ length: 100 }, (_, i) => `crash-${batch}-${i}`);
        batch += 1;
        const status = await fetch(`${BASE}/api/v2/logs`, {
          method: 'POST',
          headers: { 'dd-api-key': integration.body.token, 'content-type': 'application/json' },
          body: JSON.stringify(messages.map((message) => ({ message, service: 'crash-test' }))),
        })
          .then((response) => response.status)
          .catch(() => 0);
        if (status === 202) acknowledged.push(...messages);
      }
    })();
    await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThan(3000);
    // Listen for the exit before killing: it may come while the sender is still winding down.
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    killed = true;
    await sender;
    await exited;

    server = startServer();
    await waitForHealth();
    await expect.poll(async () => (await countStored(dataset.body.id)).length, { timeout: 60_000, intervals: [1000] }).toBeGreaterThanOrEqual(acknowledged.length);
    const stored = await countStored(dataset.body.id);
    const unique = new Set(stored);
    expect(unique.size, 'no event is stored twice').toBe(stored.length);
    const missing = acknowledged.filter((message) => !unique.has(message));
    expect(missing, 'every acknowledged event is stored').toEqual([]);
    console.log(`crash recovery: ${acknowledged.length} acknowledged before SIGKILL, ${stored.length} stored after restart, 0 missing, 0 doubled`);
  } finally {
    server.kill('SIGKILL');
  }
});

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { CreateJobInput } from '@/server/model/job';

/** Saves a full-page screenshot as e2e/screenshots/<name>.png, for people to look at after a run. */
export async function saveScreenshot(page: Page, name: string) {
  const dir = path.join(test.info().project.testDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

type SinkVertex = { name: 'sink'; type: string } & Record<string, unknown>;

/** A streaming pipeline that repeats one log line into a sink (by default one that drops it): it runs until stopped. */
export function loopingPipeline(name: string, sink: SinkVertex = { name: 'sink', type: 'discarding-sink' }): CreateJobInput {
  return {
    name,
    execution: 'ASYNCHRONOUS',
    processing: 'STREAMING',
    jobGraph: {
      vertices: [
        { name: 'source', type: 'logs-values-source', loop: true, values: [{ message: 'hello' }] },
        sink,
      ],
      edges: ['source -> sink'],
    },
  };
}

/** Creates a job through the REST API, the way an automation would, and checks it was accepted. */
export async function createJob(request: APIRequestContext, job: CreateJobInput) {
  const response = await request.post('/api/v1/jobs/async', { data: job });
  expect(response.status(), `POST /api/v1/jobs/async answered: ${await response.text()}`).toBe(201);
  return response.json() as Promise<{ id: string; name: string; version: number }>;
}

export function pipelineRow(page: Page, name: string): Locator {
  return page.getByRole('table', { name: 'Pipelines' }).getByRole('row', { name: new RegExp(`\\b${name}\\b`) });
}

export function stateBadge(row: Locator): Locator {
  return row.locator('[data-state]');
}

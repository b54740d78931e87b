import path from 'node:path';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import type { JobGraph } from '@/server/model/job';
import { createJob, loopingPipeline, saveScreenshot } from './helpers';

// The e2e server's database is shared with the other specs and starts empty: each test makes its own pipeline.

const errorsOnly: JobGraph = {
  vertices: [
    { name: 'source', type: 'logs-values-source', loop: true, values: [{ message: 'hello, world', severity: 17 }] },
    { name: 'errors_only', type: 'logs-filter', predicate: { type: 'datadog-query', query: 'status:error' } },
    { name: 'sink', type: 'discarding-sink' },
  ],
  edges: ['source -> errors_only', 'errors_only -> sink'],
};

/** A modal covers the viewport only: a full-page screenshot would show the page beneath uncovered. */
async function saveViewport(page: Page, name: string) {
  await page.screenshot({ path: path.join(test.info().project.testDir, 'screenshots', `${name}.png`) });
}

function uniqueName(base: string, testInfo: TestInfo) {
  return testInfo.retry ? `${base}_retry${testInfo.retry}` : base;
}

async function putVersion(request: APIRequestContext, id: string, fromVersion: number, jobGraph: JobGraph, message: string) {
  const response = await request.put(`/api/v1/jobs/${id}`, { data: { fromVersion, jobGraph, desiredState: 'RUNNING', message } });
  expect(response.status(), `PUT /api/v1/jobs/${id} answered: ${await response.text()}`).toBe(202);
  return response.json() as Promise<{ version: number }>;
}

/** v0: values → discard; v1: the source's values change and a filter goes in between. */
async function pipelineWithTwoVersions(request: APIRequestContext, name: string) {
  const job = await createJob(request, loopingPipeline(name));
  const v1 = await putVersion(request, job.id, 0, errorsOnly, 'Keep only errors');
  expect(v1.version).toBe(1);
  return job;
}

function versionCard(page: Page, version: number) {
  return page.getByRole('list', { name: 'Versions' }).getByRole('listitem').filter({
    has: page.getByRole('button', { name: `Version ${version}`, exact: true }),
  });
}

test('the diff of two versions highlights the changed node, field by field', async ({ page, request }, testInfo) => {
  const job = await pipelineWithTwoVersions(request, uniqueName('e2e_history_diff', testInfo));
  await page.goto(`/pipelines/${job.id}/history`);

  await expect(page.getByRole('heading', { level: 1, name: 'Version history' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Pipelines' })).toHaveAttribute('href', '/pipelines');
  await expect(page.getByRole('link', { name: 'Open in editor' })).toHaveAttribute('href', `/pipelines/${job.id}`);

  // By default: the current version against its predecessor.
  const versions = page.getByRole('list', { name: 'Versions' });
  await expect(versions.getByRole('button', { name: 'Version 1', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(versions.getByRole('button', { name: 'Version 0', exact: true })).toHaveAttribute('aria-pressed', 'false');
  await expect(versionCard(page, 1)).toContainText('Keep only errors');
  await expect(versionCard(page, 1)).toContainText('Graph: 1 vertex added, 1 vertex changed, 2 edges added, 1 edge removed');
  await expect(page.getByRole('heading', { name: 'Changes from v0 to v1' })).toBeVisible();

  const canvas = page.getByRole('application', { name: 'Changes from v0 to v1' });
  const source = canvas.getByRole('group', { name: 'source (Values): changed' });
  await expect(source).toBeVisible();
  await expect(source).toContainText('2 fields changed');
  await expect(canvas.getByRole('group', { name: 'errors_only (Filter): added' })).toContainText('Added');
  await expect(canvas.getByRole('group', { name: 'sink (Discard): unchanged' })).toBeVisible();
  await expect(canvas.getByRole('img', { name: 'Edge source:out -> sink:in: removed' })).toBeAttached();
  await expect(canvas.getByRole('img', { name: 'Edge errors_only:out -> sink:in: added' })).toBeAttached();

  const changes = page.getByRole('region', { name: 'What changed' });
  const message = changes.getByRole('row', { name: /values\[0\]\.message/ });
  await expect(message.getByRole('cell').nth(0)).toHaveText('"hello"');
  await expect(message.getByRole('cell').nth(1)).toHaveText('"hello, world"');
  await expect(changes.getByRole('row', { name: /values\[0\]\.severity/ }).getByRole('cell').nth(0)).toHaveText('(not set)');

  // The timelines fill in as the engine moves: v0 was replaced, v1 runs.
  await expect(versionCard(page, 1).getByRole('list', { name: 'State changes of version 1' })).toContainText('RUNNING', { timeout: 30_000 });
  await expect(versionCard(page, 0).getByRole('list', { name: 'State changes of version 0' })).toContainText('FINISHED');
  await source.click();
  await expect(changes.getByRole('button', { name: 'source', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await saveScreenshot(page, 'version-history-diff');

  // Comparing the other way round: what going back to v0 would do.
  await versions.getByRole('button', { name: 'Version 0', exact: true }).click();
  await page.getByLabel('Compare v0 with').selectOption('1');
  await expect(page.getByRole('heading', { name: 'Changes from v1 to v0' })).toBeVisible();
  await expect(page.getByRole('application', { name: 'Changes from v1 to v0' }).getByRole('group', { name: 'errors_only (Filter): removed' })).toBeVisible();
  await expect(page).toHaveURL(/version=0&base=1/);
});

test('roll back to an earlier version, and watch the new version start running', async ({ page, request }, testInfo) => {
  const job = await pipelineWithTwoVersions(request, uniqueName('e2e_history_rollback', testInfo));
  await page.goto(`/pipelines/${job.id}/history`);
  await expect(versionCard(page, 1).getByRole('list', { name: 'State changes of version 1' })).toContainText('RUNNING', { timeout: 30_000 });
  // The current version offers no rollback to itself.
  await expect(versionCard(page, 1).getByRole('button', { name: /Roll back/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Roll back to v0' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back to v0?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: 'Changes from v1 (current) to v0' })).toBeVisible();
  await expect(dialog).toContainText('1 vertex removed, 1 vertex changed, 1 edge added, 2 edges removed.');
  await expect(dialog.getByRole('listitem').filter({ has: page.getByText('errors_only', { exact: true }) })).toContainText('Removed');
  await expect(dialog.getByRole('textbox', { name: 'Version message' })).toHaveValue('Rollback to v0');
  await saveViewport(page, 'version-history-rollback-dialog');

  await dialog.getByRole('button', { name: 'Roll back to v0' }).click();
  await expect(dialog).toBeHidden();

  // The page follows the new version live, from PENDING to RUNNING.
  const versions = page.getByRole('list', { name: 'Versions' });
  await expect(versions.getByRole('button', { name: 'Version 2', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { name: 'Changes from v1 to v2' })).toBeVisible();
  await expect(page.getByText('Rolled back: v2 runs the graph of v0.')).toBeVisible({ timeout: 30_000 });
  const v2 = versionCard(page, 2);
  await expect(v2.locator('[data-state]')).toHaveText('RUNNING');
  await expect(v2).toContainText('Rollback to v0');
  await expect(v2).toContainText('Rollback to v0');
  await expect(v2).toContainText('Current');
  const timeline = v2.getByRole('list', { name: 'State changes of version 2' });
  await expect(timeline.getByRole('listitem').first()).toContainText('PENDING');
  await expect(timeline.getByRole('listitem').last()).toContainText('RUNNING');
  await expect(page.getByRole('application', { name: 'Changes from v1 to v2' }).getByRole('group', { name: 'errors_only (Filter): removed' })).toBeVisible();
  await saveScreenshot(page, 'version-history-rolled-back');

  // The API agrees: version 2 runs version 0's graph.
  const [current, original] = await Promise.all([
    request.get(`/api/v1/jobs/${job.id}`).then((response) => response.json()),
    request.get(`/api/v1/jobs/${job.id}?version=0`).then((response) => response.json()),
  ]);
  expect(current.version).toBe(2);
  expect(current.state).toBe('RUNNING');
  expect(current.jobGraph).toEqual(original.jobGraph);
  expect(current.rollbackOf).toBe(0);
});

test('a rollback that races another update is refused with what to do, and succeeds on the refreshed history', async ({ page, request }, testInfo) => {
  const job = await pipelineWithTwoVersions(request, uniqueName('e2e_history_conflict', testInfo));
  await page.goto(`/pipelines/${job.id}/history`);
  await page.getByRole('button', { name: 'Roll back to v0' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back to v0?' });
  await expect(dialog.getByRole('heading', { name: 'Changes from v1 (current) to v0' })).toBeVisible();

  // Someone else deploys while the dialog is open, before this page has polled again.
  await page.route('**/api/trpc/**', (route) => (route.request().method() === 'GET' ? route.abort() : route.continue()));
  await putVersion(request, job.id, 1, errorsOnly, 'Deployed elsewhere');
  await dialog.getByRole('button', { name: 'Roll back to v0' }).click();
  await expect(dialog.getByRole('alert')).toContainText("Couldn't roll back.");
  await expect(dialog.getByRole('alert')).toContainText('Someone created a new version while this dialog was open');
  await saveViewport(page, 'version-history-rollback-conflict');

  await page.unroute('**/api/trpc/**');
  await expect(dialog.getByRole('heading', { name: 'Changes from v2 (current) to v0' })).toBeVisible({ timeout: 15_000 });
  await dialog.getByRole('button', { name: 'Roll back to v0' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('list', { name: 'Versions' }).getByRole('button', { name: 'Version 3', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(versionCard(page, 3).locator('[data-state]')).toHaveText('RUNNING', { timeout: 30_000 });
});

test('a version that fails under rollbackEnabled shows FAILED, then the automatic rollback of v0 running', async ({ page, request }, testInfo) => {
  const job = await createJob(request, loopingPipeline(uniqueName('e2e_history_auto_rollback', testInfo)));
  const failing: JobGraph = {
    vertices: [
      { name: 'source', type: 'logs-values-source', loop: true, values: [{ message: 'hello' }] },
      { name: 'sink', type: 'logs-iceberg-table-sink', table: 'no_such_dataset' },
    ],
    edges: ['source -> sink'],
  };
  // v0 must have reached RUNNING to be the good version a rollback restores.
  await expect
    .poll(async () => (await (await request.get(`/api/v1/jobs/${job.id}`)).json()).state, { timeout: 30_000 })
    .toBe('RUNNING');
  const response = await request.put(`/api/v1/jobs/${job.id}?rollbackEnabled=true`, {
    data: { fromVersion: 0, jobGraph: failing, desiredState: 'RUNNING', message: 'Store in a dataset' },
  });
  expect(response.status(), await response.text()).toBe(202);

  await page.goto(`/pipelines/${job.id}/history`);
  const v2 = versionCard(page, 2);
  await expect(v2.locator('[data-state]')).toHaveText('RUNNING', { timeout: 30_000 });
  await expect(v2).toContainText('Rollback to v0');
  await expect(v2.getByRole('list', { name: 'State changes of version 2' })).toContainText(/PENDING.*RUNNING/);
  const v1 = versionCard(page, 1);
  await expect(v1.locator('[data-state]')).toHaveText('FAILED');
  await expect(v1).toContainText('no_such_dataset');
  await expect(v1.getByRole('list', { name: 'State changes of version 1' })).toContainText('FAILED');
  // By default v2 is compared with v1: the sink that failed is the changed vertex.
  await expect(page.getByRole('application', { name: 'Changes from v1 to v2' }).getByRole('group', { name: 'sink (Discard): changed' })).toBeVisible();
  await saveScreenshot(page, 'version-history-auto-rollback');
});

test('a pipeline with one version has nothing to compare yet, and an unknown id says so', async ({ page, request }, testInfo) => {
  const job = await createJob(request, loopingPipeline(uniqueName('e2e_history_single', testInfo)));
  await page.goto(`/pipelines/${job.id}/history`);
  await expect(page.getByText('Nothing to compare yet.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Job graph of v0' })).toBeVisible();
  await expect(page.getByRole('application', { name: 'Job graph of v0' }).getByRole('group', { name: 'source (Values): unchanged' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Roll back/ })).toHaveCount(0);
  await expect(versionCard(page, 0)).toContainText('First version');
  await expect(versionCard(page, 0).locator('[data-state]')).toHaveText('RUNNING', { timeout: 30_000 });
  await saveScreenshot(page, 'version-history-single');

  await page.goto('/pipelines/no_such_pipeline/history');
  await expect(page.getByRole('heading', { level: 1, name: 'Pipeline not found' })).toBeVisible({ timeout: 15_000 });
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('This pipeline does not exist.');
  await expect(alert).toContainText('no_such_pipeline');
  await expect(alert.getByRole('link', { name: 'Back to pipelines' })).toHaveAttribute('href', '/pipelines');
  await saveScreenshot(page, 'version-history-not-found');
});

import { expect, test } from '@playwright/test';
import { createJob, loopingPipeline, pipelineRow, saveScreenshot, stateBadge } from './helpers';

// The e2e server starts on an empty database (WEIR_DEMO=0), and jobs created here outlive each test,
// so the empty console must be checked first.

test('an empty console explains pipelines, and its curl example creates one', async ({ page, context, request }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await expect(page).toHaveURL(/\/pipelines$/);

  await expect(page.getByRole('heading', { level: 1, name: 'Pipelines' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No pipelines yet' })).toBeVisible();
  await expect(page.getByText(/A pipeline is a job graph/)).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'OpenAPI document' })).toHaveAttribute('href', '/api/v1/openapi.json');

  const example = page.getByRole('figure', { name: 'Create a pipeline with curl' });
  const curl = (await example.locator('pre').innerText()).trim();
  expect(curl).toContain(`curl -X POST ${test.info().project.use.baseURL}/api/v1/jobs/async`);
  expect(curl).toContain('logs-values-source');
  await saveScreenshot(page, 'pipelines-empty');

  await example.getByRole('button', { name: 'Copy' }).click();
  await expect(example.getByText('Copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(curl);

  // The example is documentation a user will paste: it must be a job the API accepts.
  const body = JSON.parse(curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'")));
  const response = await request.post('/api/v1/jobs/async', { data: body });
  expect(response.status(), await response.text()).toBe(201);
  await expect(pipelineRow(page, body.name)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No pipelines yet' })).toBeHidden();
});

test('a job created through the API is listed, and can be stopped', async ({ page, request }, testInfo) => {
  const name = testInfo.retry ? `e2e_listed_job_retry${testInfo.retry}` : 'e2e_listed_job';
  await createJob(request, loopingPipeline(name));

  await page.goto('/pipelines');
  const row = pipelineRow(page, name);
  await expect(row).toBeVisible();
  await expect(stateBadge(row)).toHaveText('RUNNING', { timeout: 30_000 });
  await expect(row.getByText('v0', { exact: true })).toBeVisible();
  await expect(row.getByRole('time')).toHaveText(/ago|just now/);
  await expect(row.getByTitle(/events per second/i)).toHaveText(/^[1-9][\d.,]* events\/s$/, { timeout: 15_000 });
  await saveScreenshot(page, 'pipelines');

  await row.getByRole('button', { name: `Stop ${name}` }).click();
  await expect(stateBadge(row)).toHaveText('STOPPED', { timeout: 30_000 });
  await expect(row.getByRole('button', { name: `Start ${name}` })).toBeVisible();
  await saveScreenshot(page, 'pipelines-stopped');
});

test('a pipeline that cannot start shows FAILED with its reason, and offers Start', async ({ page, request }, testInfo) => {
  const name = testInfo.retry ? `e2e_failing_job_retry${testInfo.retry}` : 'e2e_failing_job';
  await createJob(
    request,
    loopingPipeline(name, { name: 'sink', type: 'logs-iceberg-table-sink', table: 'no_such_dataset' }),
  );

  await page.goto('/pipelines');
  const row = pipelineRow(page, name);
  await expect(stateBadge(row)).toHaveText('FAILED', { timeout: 30_000 });
  await expect(stateBadge(row)).toHaveAttribute('title', /no_such_dataset/);
  await expect(row.getByText(/no_such_dataset/)).toBeVisible();
  await expect(row.getByRole('button', { name: `Start ${name}` })).toBeVisible();
  await saveScreenshot(page, 'pipelines-failed');
});

test('when the server cannot be reached, the list says so and recovers on retry', async ({ page }) => {
  await page.route('**/api/trpc/**', (route) => route.abort('connectionrefused'));
  await page.goto('/pipelines');

  // Scoped to main: Next's route announcer is an (empty) alert too.
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText("Couldn't load the pipelines.", { timeout: 15_000 });
  await saveScreenshot(page, 'pipelines-error');

  await page.unroute('**/api/trpc/**');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('table', { name: 'Pipelines' })).toBeVisible();
  await expect(alert).toBeHidden();
});

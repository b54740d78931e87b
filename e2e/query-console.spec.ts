import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { saveScreenshot } from './helpers';

// The query console over a dataset this spec fills itself, the way a user would: a Datadog integration, a
// dataset, a pipeline from one into the other, and logs posted as the Datadog agent posts them. The e2e
// server is shared by every spec file, so names are this spec's own and setup reuses what a retry finds.

const DATASET = 'e2e_query_logs';
const INTEGRATION = 'e2e_query_agents';
const PIPELINE = 'e2e_query_pipeline';
const XSS_MESSAGE = `xss_probe <img src=x onerror="window.__xss=1"><script>window.__xss=1</script> & "quotes"`;

interface Fixture {
  datasetId: string;
  token: string;
  total: number;
}

let fixture: Fixture | undefined;

/** The JSON body of an API answer, after checking its status. */
async function json(response: Awaited<ReturnType<APIRequestContext['get']>>, expected: number) {
  const text = await response.text();
  expect(response.status(), `${response.url()} answered: ${text}`).toBe(expected);
  return JSON.parse(text);
}

function sampleLogs() {
  const logs: Array<Record<string, string>> = [];
  const services = ['shop', 'shop', 'payments', 'search'];
  const statuses = ['info', 'info', 'warn', 'error'];
  for (let i = 0; i < 48; i++) {
    const service = services[i % services.length];
    const status = statuses[(i * 7) % statuses.length];
    logs.push({
      message: status === 'error' ? `GET /cart 500 upstream timeout after ${100 + i}ms` : `GET /cart 200 served in ${10 + i}ms`,
      status,
      service,
      hostname: `web-${(i % 3) + 1}`,
      ddtags: `env:prod,team:${service === 'payments' ? 'money' : 'storefront'}`,
    });
  }
  logs.push({ message: XSS_MESSAGE, status: 'warn', service: 'attacker', hostname: 'web-1', ddtags: 'env:prod' });
  return logs;
}

async function sendLogs(request: APIRequestContext, token: string, logs: Array<Record<string, string>>) {
  const response = await request.post('/api/v2/logs', { headers: { 'DD-API-KEY': token }, data: logs });
  expect(response.status(), await response.text()).toBe(202);
}

async function eventCount(request: APIRequestContext, datasetId: string): Promise<number> {
  const dataset = await json(await request.get(`/api/v1/datasets/${datasetId}`), 200);
  return dataset.eventCount as number;
}

/** A dataset with events in it, fed through a running pipeline from a Datadog integration. */
async function setUp(request: APIRequestContext): Promise<Fixture> {
  if (fixture) return fixture;
  const datasets = await json(await request.get('/api/v1/datasets'), 200);
  let dataset = (datasets.items as Array<{ id: string; name: string }>).find((item) => item.name === DATASET);
  dataset ??= await json(await request.post('/api/v1/datasets', { data: { name: DATASET } }), 201);

  const integrations = await json(await request.get('/api/v1/integrations'), 200);
  const existing = (integrations.items as Array<{ id: string; name: string }>).find((item) => item.name === INTEGRATION);
  let integrationId: string;
  let token: string;
  if (existing) {
    integrationId = existing.id;
    token = (await json(await request.post(`/api/v1/integrations/${existing.id}/token`), 200)).token;
  } else {
    const created = await json(await request.post('/api/v1/integrations', { data: { type: 'datadog', name: INTEGRATION } }), 201);
    integrationId = created.id;
    token = created.token;
  }

  const jobs = await json(await request.get(`/api/v1/jobs?name=${PIPELINE}`), 200);
  let jobId = (jobs.items as Array<{ id: string; name: string }>).find((job) => job.name === PIPELINE)?.id;
  if (!jobId) {
    const job = await json(
      await request.post('/api/v1/jobs/async', {
        data: {
          name: PIPELINE,
          jobGraph: {
            vertices: [
              { type: 'datadog-log-agent-source', name: 'agents', integrationId },
              { type: 'logs-iceberg-table-sink', name: 'raw', datasetId: dataset!.id },
            ],
            edges: ['agents -> raw'],
          },
        },
      }),
      201,
    );
    jobId = job.id as string;
  }
  await expect
    .poll(async () => (await json(await request.get(`/api/v1/jobs/${jobId}`), 200)).state, { timeout: 30_000, message: 'the pipeline starts' })
    .toBe('RUNNING');

  // A retry runs in a new worker: the events its first attempt sent are still there.
  const logs = sampleLogs();
  if ((await eventCount(request, dataset!.id)) < logs.length) {
    await sendLogs(request, token, logs);
    await expect.poll(() => eventCount(request, dataset!.id), { timeout: 30_000, message: 'the events are stored' }).toBeGreaterThanOrEqual(logs.length);
  }
  fixture = { datasetId: dataset!.id, token, total: await eventCount(request, dataset!.id) };
  return fixture;
}

const table = (page: Page) => page.getByRole('table', { name: 'Log events' });
/** Body rows: the header row has column headers, not cells. */
const eventRows = (page: Page) => table(page).getByRole('row').filter({ has: page.getByRole('cell') });
const queryBox = (page: Page) => page.getByRole('combobox', { name: 'Query' });
const runStatus = (page: Page) => page.locator('.qc-run-status');

test('without datasets, the console explains how to create one and send logs', async ({ page }) => {
  // Other specs may have made datasets already: answer the list as an empty server would.
  await page.route('**/api/trpc/datasets.list**', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify([{ result: { data: { items: [] } } }]) }),
  );
  await page.goto('/query');
  await expect(page.getByRole('heading', { level: 1, name: 'Query' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'No datasets yet' })).toBeVisible();
  const example = page.getByRole('figure', { name: 'Create a dataset and send logs into it with curl' });
  await expect(example).toContainText('/api/v1/datasets');
  await expect(example).toContainText('logs-iceberg-table-sink');
  await expect(example).toContainText('DD-API-KEY');
  await expect(page.getByRole('link', { name: 'pipeline editor' })).toHaveAttribute('href', '/pipelines/new');
  await saveScreenshot(page, 'query-console-no-datasets');
});

test('a query streams its rows into the table, with a histogram and facets over the whole result', async ({ page, request }) => {
  const { total } = await setUp(request);
  await page.goto('/pipelines');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Query' }).click();
  await expect(page).toHaveURL(/\/query/);

  await page.getByRole('combobox', { name: 'Dataset' }).selectOption(DATASET);
  await expect(page).toHaveURL(new RegExp(`dataset=${DATASET}`));
  await expect(runStatus(page)).toContainText(`${total} events in`);
  await expect(eventRows(page).first()).toBeVisible();
  expect(await eventRows(page).count()).toBeGreaterThan(10);
  // Newest first: the first row is the newest event.
  await expect(eventRows(page).first().getByRole('cell').nth(2)).toHaveText(/INFO|WARN|ERROR/);

  const histogram = page.getByRole('figure', { name: 'Events over time' });
  await expect(histogram).toContainText(`${total} events`);
  await expect(histogram.locator('rect.qc-bar').first()).toBeVisible();

  const facets = page.getByRole('complementary', { name: 'Facets' });
  await expect(facets.getByRole('button', { name: /^service:shop, \d+ events$/ })).toBeVisible();
  await expect(facets.getByRole('button', { name: /^status:error, \d+ events$/ })).toBeVisible();

  // Run again from the keyboard: Enter in the query bar.
  await queryBox(page).click();
  await page.keyboard.type('status:error');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/query=status%3Aerror/);
  await expect(eventRows(page).first().getByRole('cell').nth(2)).toHaveText('ERROR');
  const errorRows = await eventRows(page).count();
  await expect(histogram).toContainText(`${errorRows} events`);
  await saveScreenshot(page, 'query-console');

  // The URL reproduces the view.
  await page.reload();
  await expect(queryBox(page)).toHaveText('status:error');
  await expect(histogram).toContainText(`${errorRows} events`);

  // Expanding a row shows the whole event; a value in it filters the query.
  await eventRows(page).first().getByRole('button', { name: /^Show details of the event at/ }).click();
  const details = table(page).getByRole('region', { name: 'Tags' });
  await expect(details.getByText('env')).toBeVisible();
  await expect(table(page).getByRole('figure', { name: 'Event JSON' })).toContainText('"severity": 17');
  const host = await eventRows(page).first().locator('.qc-cell-host').innerText();
  await details.getByRole('button', { name: `Exclude host:${host}` }).click();
  await expect(queryBox(page)).toHaveText(`status:error -host:${host}`);
  await expect(page).toHaveURL(new RegExp(`query=status%3Aerror\\+-host%3A${host}`));
  await expect(eventRows(page).first()).toBeVisible();
  await expect(table(page).locator('.qc-cell-host').filter({ hasText: new RegExp(`^${host}$`) })).toHaveCount(0);
});

test('clicking a facet value filters the query, and clicking it again removes the filter', async ({ page, request }) => {
  await setUp(request);
  await page.goto(`/query?dataset=${DATASET}`);
  const facets = page.getByRole('complementary', { name: 'Facets' });
  const payments = facets.getByRole('button', { name: /^service:payments, \d+ events$/ });
  await expect(payments).toBeVisible();
  const count = Number((await payments.getAttribute('aria-label'))!.match(/(\d+) events/)![1]);

  await payments.click();
  await expect(queryBox(page)).toHaveText('service:payments');
  await expect(page).toHaveURL(/query=service%3Apayments/);
  await expect(runStatus(page)).toContainText(`${count} events in`);
  await expect(eventRows(page)).toHaveCount(count);
  for (const service of await eventRows(page).locator('.qc-cell-service').allInnerTexts()) expect(service).toBe('payments');
  await expect(facets.getByRole('button', { name: /^service:payments,/ })).toHaveAttribute('aria-pressed', 'true');
  await saveScreenshot(page, 'query-console-facet');

  await facets.getByRole('button', { name: /^service:payments,/ }).click();
  await expect(page).not.toHaveURL(/query=/);
  await expect(queryBox(page)).not.toContainText('service:payments');
  await expect(facets.getByRole('button', { name: /^service:shop,/ })).toBeVisible();
});

test('dragging across the histogram zooms the time range', async ({ page, request }) => {
  await setUp(request);
  await page.goto(`/query?dataset=${DATASET}&from=now-1h&to=now`);
  const histogram = page.getByRole('figure', { name: 'Events over time' });
  await expect(histogram.locator('rect.qc-bar').first()).toBeVisible();
  const box = (await histogram.locator('svg').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}T/);
  await expect(page.getByRole('button', { name: /^Time range: / })).not.toHaveText(/Last 1 hour/);
  await expect(eventRows(page).first()).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('button', { name: 'Time range: Last 1 hour' })).toBeVisible();
});

test('Cancel stops a running query', async ({ page, request }) => {
  await setUp(request);
  // Hold the query's request so it is still running when Cancel is pressed.
  let held = false;
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/api\/v1\/jobs\/sync\?/, async (route) => {
    held = true;
    await gate;
    await route.continue().catch(() => {});
  });
  const aborted = page.waitForEvent('requestfailed', (failed) => failed.url().includes('/api/v1/jobs/sync'));
  await page.goto(`/query?dataset=${DATASET}`);
  await expect(runStatus(page)).toContainText('Streaming…');
  await expect(page.getByRole('progressbar', { name: 'Query progress' })).toBeVisible();
  expect(held).toBe(true);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await aborted;
  await expect(runStatus(page)).toHaveText('Cancelled after 0 events');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeVisible();
  await expect(page.getByRole('progressbar', { name: 'Query progress' })).toBeHidden();
  await expect(page.getByText('The query was cancelled before any events arrived.')).toBeVisible();
  await saveScreenshot(page, 'query-console-cancelled');
  release();
});

test('at the time cap, the console says how to narrow the query', async ({ page, request }) => {
  const { datasetId } = await setUp(request);
  const event = (i: number) => ({
    jobState: 'RUNNING',
    data: { type: 'log', id: `capped${i}`, eventTimestamp: Date.now() - i * 1000, receivedTimestamp: Date.now(), message: `slow ${i}`, severity: 9, tags: { service: ['shop'] }, attributes: {} },
  });
  await page.route(/\/api\/v1\/jobs\/sync\?/, (route) =>
    route.fulfill({
      contentType: 'application/x-ndjson',
      body: [event(1), event(2), { jobState: 'TIMED_OUT', message: 'the job reached its time cap of 30 s; narrow the time range or the query' }].map((line) => JSON.stringify(line)).join('\n') + '\n',
    }),
  );
  await page.goto(`/query?dataset=${DATASET}`);
  expect(datasetId).toBeTruthy();
  const alert = page.getByRole('status').filter({ hasText: 'The query stopped at its 30 s time cap.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('pick a shorter time range');
  await expect(eventRows(page)).toHaveCount(2);
  await expect(runStatus(page)).toHaveText('Stopped at the time cap after 2 events');
  await expect(alert.getByRole('button', { name: 'Run with a 2 min cap' })).toBeVisible();
  await saveScreenshot(page, 'query-console-time-cap');
});

test('a bad query shows where it is wrong, and does not run', async ({ page, request }) => {
  await setUp(request);
  await page.goto(`/query?dataset=${DATASET}`);
  await expect(eventRows(page).first()).toBeVisible();
  let submitted = false;
  page.on('request', (sent) => {
    if (sent.url().includes('/api/v1/jobs/sync') && sent.method() === 'POST') submitted = true;
  });
  await queryBox(page).click();
  await page.keyboard.type('service:shop )');
  await page.keyboard.press('Enter');
  await expect(page.getByText("Syntax error at column 14: unexpected ')'")).toBeVisible();
  await expect(queryBox(page)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.qc-tok-error')).toHaveText(')');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  expect(submitted).toBe(false);
  await saveScreenshot(page, 'query-console-bad-query');

  // Run puts the cursor back in the query, at the mistake.
  await expect(queryBox(page)).toBeFocused();
  await page.keyboard.press('Delete');
  await page.keyboard.type('status:error');
  await expect(page.getByText(/Syntax error/)).toBeHidden();
  await expect(queryBox(page)).toHaveAttribute('aria-invalid', 'false');
});

test('a log message carrying HTML renders as inert text', async ({ page, request }) => {
  await setUp(request);
  let alerted = false;
  page.on('dialog', async (dialog) => {
    alerted = true;
    await dialog.dismiss();
  });
  await page.goto(`/query?dataset=${DATASET}&query=xss_probe`);
  const row = eventRows(page).filter({ hasText: 'xss_probe' }).first();
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell').last()).toHaveText(XSS_MESSAGE);
  await row.getByRole('button', { name: /^Show details/ }).click();
  await expect(table(page).locator('.qc-details-message').first()).toHaveText(XSS_MESSAGE);
  await expect(table(page).locator('img')).toHaveCount(0);
  await expect(table(page).locator('script')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(alerted).toBe(false);
  await saveScreenshot(page, 'query-console-xss');
});

test('live tail shows new events as they arrive, and pause holds them back', async ({ page, request }) => {
  const { token } = await setUp(request);
  await page.goto(`/query?dataset=${DATASET}`);
  await expect(eventRows(page).first()).toBeVisible();
  await page.getByRole('button', { name: 'Live tail' }).click();
  await expect(page.getByRole('button', { name: 'Live tail' })).toHaveAttribute('aria-pressed', 'true');
  // The tail starts from the moment it subscribes.
  await page.waitForTimeout(1_500);

  await sendLogs(request, token, [{ message: 'tail_probe_one arrived live', status: 'info', service: 'shop', hostname: 'web-9' }]);
  await expect(eventRows(page).first()).toContainText('tail_probe_one', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Pause' }).click();
  await sendLogs(request, token, [{ message: 'tail_probe_two arrived while paused', status: 'info', service: 'shop', hostname: 'web-9' }]);
  const resume = page.getByRole('button', { name: 'Resume (1 new)' });
  await expect(resume).toBeVisible({ timeout: 20_000 });
  await expect(eventRows(page).first()).toContainText('tail_probe_one');
  await saveScreenshot(page, 'query-console-live-paused');
  await resume.click();
  await expect(eventRows(page).first()).toContainText('tail_probe_two');
});

test('the Patterns tab groups the result by reducer pattern', async ({ page, request }) => {
  await setUp(request);
  await page.goto(`/query?dataset=${DATASET}&query=service:shop&tab=patterns`);
  const patterns = page.getByRole('table', { name: 'Patterns' });
  await expect(patterns).toBeVisible();
  await expect(patterns.getByRole('rowheader').first()).toContainText('GET /cart');
  await expect(page.getByRole('tab', { name: 'Patterns' })).toHaveAttribute('aria-selected', 'true');
  await saveScreenshot(page, 'query-console-patterns');

  await patterns.getByRole('button', { name: /^Show events of the pattern GET \/cart .* upstream timeout/ }).click();
  await expect(queryBox(page)).toContainText('service:shop GET');
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(eventRows(page).first()).toBeVisible();
  for (const message of await eventRows(page).locator('.qc-cell-message').allInnerTexts()) expect(message).toMatch(/^GET \/cart 500 upstream timeout/);
});

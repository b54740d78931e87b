import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { saveScreenshot } from './helpers';
import {
  canvas,
  connect,
  deleteJobs,
  dragBetween,
  dropOperation,
  edge,
  edgeCount,
  handle,
  inspector,
  openNewPipeline,
  palette,
  problemsPanel,
  uniqueName,
  vertex,
} from './pipeline-editor-helpers';

// Every job made here starts with this, so the spec can clean up after itself: the server is shared,
// and the /pipelines spec after this one expects an empty list.
const PREFIX = 'e2e_editor_';

test.afterAll(async ({ request }) => {
  await deleteJobs(request, PREFIX);
});

test('the empty list offers a new pipeline and a template, and the template opens on the canvas', async ({ page }) => {
  await page.goto('/pipelines');
  await expect(page.getByRole('heading', { name: 'No pipelines yet' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'New pipeline' }).first()).toHaveAttribute('href', '/pipelines/new');
  await saveScreenshot(page, 'editor-empty-list');

  await page.getByRole('link', { name: /Use this template: Reduce Datadog logs/ }).click();
  await expect(page).toHaveURL(/\/pipelines\/new$/);
  for (const name of ['datadog_agent', 'parse_json', 'reducer', 'datadog', 'raw_store']) {
    await expect(vertex(page, name)).toBeVisible();
  }
  await expect(page.getByText(/Started from the template/)).toBeVisible();
  // The template's blanks are problems to fill in, each pointing at its vertex.
  await expect(problemsPanel(page).getByRole('button', { name: /datadog_agent › integrationId/ })).toBeVisible();

  // Auto-layout arranges it left to right, as one undoable step.
  const before = await vertex(page, 'raw_store').boundingBox();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await expect.poll(async () => JSON.stringify(await vertex(page, 'raw_store').boundingBox())).not.toBe(JSON.stringify(before));
  const agent = await vertex(page, 'datadog_agent').boundingBox();
  const sink = await vertex(page, 'datadog').boundingBox();
  expect(agent!.x).toBeLessThan(sink!.x);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  await saveScreenshot(page, 'editor-template');
});

test('build a pipeline from an empty canvas by drag and drop, configure it, deploy it and watch it run', async ({ page }) => {
  const name = uniqueName(`${PREFIX}built`);
  await page.goto('/pipelines');
  await page.getByRole('main').getByRole('link', { name: 'New pipeline' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'New pipeline' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start with a source' })).toBeVisible();

  await dropOperation(page, 'Log generator', { x: 135, y: 70 });
  await dropOperation(page, 'Filter', { x: 270, y: 220 });
  await dropOperation(page, 'Discard', { x: 400, y: 370 });
  await expect(vertex(page, 'log_generator')).toBeVisible();
  await expect(vertex(page, 'filter')).toBeVisible();
  await expect(vertex(page, 'discard')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Start with a source' })).toBeHidden();

  await connect(page, 'log_generator', 'out', 'filter', 'in');
  await connect(page, 'filter', 'out', 'discard', 'in');

  // Configure: a faster generator, and a filter that drops the debug logs.
  await vertex(page, 'log_generator').click();
  await expect(inspector(page).getByRole('heading', { name: 'Log generator' })).toBeVisible();
  await inspector(page).getByLabel('Rate', { exact: true }).fill('40');
  await vertex(page, 'filter').click();
  const query = inspector(page).getByLabel('Predicate', { exact: true });
  await query.fill('-service:search AND (');
  await expect(inspector(page).getByText(/at character/)).toBeVisible();
  await query.fill('-service:search');
  await expect(inspector(page).getByText('Valid query')).toBeVisible();

  // Only the pipeline's name is missing, and the deploy dialog asks for it.
  await expect(problemsPanel(page).getByRole('button', { name: /name the pipeline/i })).toBeVisible();
  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Deploy the new pipeline' });
  await dialog.getByLabel('Pipeline name').fill(name);
  await dialog.getByLabel(/Version message/).fill('First version, drawn on the canvas');
  await saveScreenshot(page, 'editor-deploy-dialog');
  await dialog.getByRole('button', { name: 'Deploy' }).click();

  await expect(page).toHaveURL(/\/pipelines\/(?!new)[^/]+$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.locator('.editor-status [data-state]')).toHaveText('RUNNING', { timeout: 30_000 });
  await expect(page.getByText('All changes deployed')).toBeVisible();

  // Live figures on every node and edge.
  await expect(vertex(page, 'log_generator')).toContainText(/out [1-9][\d.,]*\/s/, { timeout: 20_000 });
  await expect(vertex(page, 'filter')).toContainText(/in [1-9][\d.,]*\/s/);
  await expect(vertex(page, 'discard')).toContainText(/in [1-9][\d.,]*\/s/);
  await expect(page.getByRole('button', { name: /^[1-9][\d.,]* events per second$/ })).toHaveCount(2);
  await expect(page.getByTitle(/Events per second leaving/)).toHaveText(/[1-9]/);
  await saveScreenshot(page, 'editor-running');

  // The layout survives a reload.
  const before = await vertex(page, 'discard').boundingBox();
  await page.reload();
  await expect(vertex(page, 'discard')).toBeVisible();
  const after = await vertex(page, 'discard').boundingBox();
  expect(Math.abs((after?.x ?? 0) - (before?.x ?? 0))).toBeLessThan(2);

  // Stop from the header.
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.locator('.editor-status [data-state]')).toHaveText('STOPPED', { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Start', exact: true })).toBeVisible();
});

test('an invalid connection is refused at once, with the reason', async ({ page }) => {
  await openNewPipeline(page);
  await dropOperation(page, 'Log generator', { x: 140, y: 70 });
  await dropOperation(page, 'Values', { x: 140, y: 330 });
  await dropOperation(page, 'Filter', { x: 400, y: 70 });
  await dropOperation(page, 'Parse JSON', { x: 400, y: 330 });
  await connect(page, 'log_generator', 'out', 'filter', 'in');
  await connect(page, 'filter', 'out', 'parse_json', 'in');
  const edges = await edgeCount(page);

  // Into a source: the node has no input to drop on.
  await dragBetween(page, handle(page, 'log_generator', 'output', 'out'), vertex(page, 'values'));
  const notice = page.getByRole('main').getByRole('alert').filter({ hasText: "Can't connect" });
  await expect(notice).toContainText('"values" is a source: sources take no input');

  // A cycle.
  await dragBetween(page, handle(page, 'parse_json', 'output', 'out'), handle(page, 'filter', 'input', 'in'));
  await expect(notice).toContainText('That would create a cycle (parse_json → filter → parse_json)');
  await saveScreenshot(page, 'editor-invalid-connection');
  expect(await edgeCount(page)).toBe(edges);
});

test('an error badge appears on the node and clears when the problem is fixed', async ({ page }) => {
  await openNewPipeline(page);
  // Clicks add at the centre; with a node selected, the next one is connected after it.
  await palette(page).getByRole('button', { name: 'Log generator', exact: true }).click();
  await palette(page).getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(edge(page, 'log_generator:out -> discard:in')).toBeAttached();
  await page.keyboard.press('Escape');
  await inspector(page).getByLabel('Pipeline name').fill(uniqueName(`${PREFIX}badge`));
  await expect(problemsPanel(page).getByRole('button', { name: 'No problems' })).toBeVisible();

  const badge = vertex(page, 'log_generator').getByRole('img', { name: /problem/ });
  await expect(badge).toHaveCount(0);
  await vertex(page, 'log_generator').click();
  await inspector(page).getByLabel('Rate', { exact: true }).fill('0');
  await expect(badge).toHaveAccessibleName('1 problem');
  await expect(vertex(page, 'log_generator').locator('.vertex-node')).toHaveClass(/has-problems/);
  await expect(inspector(page).getByText(/too small|greater than 0|must be > 0/i)).toBeVisible();
  const problem = problemsPanel(page).getByRole('button', { name: /log_generator › rate/ });
  await expect(problem).toBeVisible();
  await saveScreenshot(page, 'editor-error-badge');

  // The problem list leads to the node and its field.
  await canvas(page).click({ position: { x: 10, y: 10 } });
  await problem.click();
  await expect(inspector(page).getByLabel('Rate', { exact: true })).toBeFocused();
  await inspector(page).getByLabel('Rate', { exact: true }).fill('25');
  await expect(badge).toHaveCount(0);
  await expect(problemsPanel(page).getByRole('button', { name: 'No problems' })).toBeVisible();
});

test('undo and redo step through edits one action at a time', async ({ page }) => {
  await openNewPipeline(page);
  const undo = page.getByRole('button', { name: 'Undo' });
  const redo = page.getByRole('button', { name: 'Redo' });
  await expect(undo).toBeDisabled();

  await palette(page).getByRole('button', { name: 'Log generator', exact: true }).click();
  await palette(page).getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(vertex(page, 'discard')).toBeVisible();
  expect(await edgeCount(page)).toBe(1);

  // Typing a value is one step, however many keys it takes.
  await vertex(page, 'log_generator').click();
  const rate = inspector(page).getByLabel('Rate', { exact: true });
  await rate.fill('1');
  await rate.pressSequentially('25');
  await expect(rate).toHaveValue('125');

  // Delete the sink with the keyboard: it and its edge go in one step.
  await vertex(page, 'discard').click();
  await page.keyboard.press('Delete');
  await expect(vertex(page, 'discard')).toHaveCount(0);
  expect(await edgeCount(page)).toBe(0);

  await page.keyboard.press('ControlOrMeta+z');
  await expect(vertex(page, 'discard')).toBeVisible();
  expect(await edgeCount(page)).toBe(1);
  await page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(vertex(page, 'discard')).toHaveCount(0);
  await undo.click();
  await expect(vertex(page, 'discard')).toBeVisible();

  await undo.click();
  await vertex(page, 'log_generator').click();
  await expect(inspector(page).getByLabel('Rate', { exact: true })).toHaveValue('');
  await redo.click();
  await expect(inspector(page).getByLabel('Rate', { exact: true })).toHaveValue('125');
  await saveScreenshot(page, 'editor-undo-redo');

  await undo.click();
  await undo.click();
  await undo.click();
  await expect(page.getByRole('heading', { name: 'Start with a source' })).toBeVisible();
  await expect(undo).toBeDisabled();
});

test('copy, paste and duplicate give the copies fresh names and keep their edges', async ({ page }) => {
  await openNewPipeline(page);
  await palette(page).getByRole('button', { name: 'Log generator', exact: true }).click();
  await palette(page).getByRole('button', { name: 'Filter', exact: true }).click();
  await page.getByRole('button', { name: 'Fit view' }).click();
  await vertex(page, 'log_generator').click();
  await vertex(page, 'filter').click({ modifiers: ['Shift'] });
  await expect(inspector(page).getByRole('heading', { name: '2 nodes selected' })).toBeVisible();

  await page.keyboard.press('ControlOrMeta+c');
  await page.keyboard.press('ControlOrMeta+v');
  await expect(vertex(page, 'log_generator_2')).toBeVisible();
  await expect(vertex(page, 'filter_2')).toBeVisible();
  await expect(edge(page, 'log_generator_2:out -> filter_2:in')).toBeAttached();

  await inspector(page).getByRole('button', { name: 'Duplicate' }).click();
  await expect(vertex(page, 'log_generator_3')).toBeVisible();
  await expect(edge(page, 'log_generator_3:out -> filter_3:in')).toBeAttached();
  expect(await page.locator('.react-flow__node').count()).toBe(6);
});

test('a JSON edit updates the canvas and round-trips unchanged, and a job file can be imported', async ({ page }, testInfo) => {
  await openNewPipeline(page);
  const job = {
    processing: 'STREAMING',
    name: uniqueName(`${PREFIX}json`),
    execution: 'ASYNCHRONOUS',
    jobGraph: {
      vertices: [
        { type: 'logs-generator-source', name: 'gen', rate: 5, mix: { access: 1, error: 3 } },
        { name: 'only_errors', type: 'logs-branch', predicate: { query: 'status:error', type: 'datadog-query' } },
        { name: 'errors', type: 'discarding-sink' },
        { name: 'others', type: 'discarding-sink' },
      ],
      edges: ['gen -> only_errors', 'only_errors -> errors', 'only_errors:else -> others'],
    },
  };
  const text = JSON.stringify(job, null, 2);

  await page.getByRole('tab', { name: 'JSON' }).click();
  const editor = page.getByRole('textbox', { name: 'Job JSON' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await expect(page.getByText('Applied: 4 vertices on the canvas')).toBeVisible();
  await saveScreenshot(page, 'editor-json');

  await page.getByRole('tab', { name: 'Canvas' }).click();
  for (const name of ['gen', 'only_errors', 'errors', 'others']) await expect(vertex(page, name)).toBeVisible();
  // The branch's two outputs are labelled ports, and the edges leave from the right one.
  await expect(handle(page, 'only_errors', 'output', 'default')).toBeVisible();
  await expect(handle(page, 'only_errors', 'output', 'else')).toBeVisible();
  await expect(edge(page, 'only_errors:else -> others')).toBeAttached();
  await expect(problemsPanel(page).getByRole('button', { name: 'No problems' })).toBeVisible();

  // Moving a node changes the layout, not the job.
  await dragBetween(page, vertex(page, 'others'), canvas(page));
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the job JSON' }).click();
  const exported = await readFile(await (await download).path(), 'utf8');
  expect(exported.trim()).toBe(text);

  // Import a job file: the canvas shows it, laid out.
  const imported = {
    name: 'imported',
    execution: 'ASYNCHRONOUS',
    processing: 'STREAMING',
    jobGraph: { vertices: [{ name: 'values', type: 'logs-values-source' }, { name: 'drop', type: 'discarding-sink' }], edges: ['values -> drop'] },
  };
  await page.getByLabel('Job JSON file to import').setInputFiles({
    name: 'imported.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(imported)),
  });
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Imported imported.json' })).toBeVisible();
  await expect(vertex(page, 'values')).toBeVisible();
  await expect(vertex(page, 'gen')).toHaveCount(0);
  testInfo.annotations.push({ type: 'exported', description: exported.slice(0, 80) });
});

test('a version deployed elsewhere meanwhile is never overwritten silently: the 409 offers reload or overwrite', async ({ page, request }) => {
  const name = uniqueName(`${PREFIX}conflict`);
  const created = await request.post('/api/v1/jobs/async', {
    data: {
      name,
      jobGraph: {
        vertices: [
          { name: 'source', type: 'logs-generator-source', rate: 5 },
          { name: 'sink', type: 'discarding-sink' },
        ],
        edges: ['source -> sink'],
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto(`/pipelines/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await vertex(page, 'source').click();
  await inspector(page).getByLabel('Rate', { exact: true }).fill('12');
  await expect(page.getByRole('status').filter({ hasText: 'Unsaved changes' })).toHaveAttribute('title', /version 0/);

  // Someone else deploys version 1 through the API.
  const other = await request.put(`/api/v1/jobs/${id}`, {
    data: {
      fromVersion: 0,
      jobGraph: {
        vertices: [
          { name: 'source', type: 'logs-generator-source', rate: 7 },
          { name: 'sink', type: 'discarding-sink' },
        ],
        edges: ['source -> sink'],
      },
    },
  });
  expect(other.status(), await other.text()).toBe(202);
  await expect(page.getByText('Version 1 was deployed elsewhere while you were editing.')).toBeVisible({ timeout: 10_000 });

  await page.getByRole('button', { name: 'Deploy', exact: true }).click();
  await page.getByRole('dialog', { name: 'Deploy a new version' }).getByRole('button', { name: 'Deploy' }).click();
  const conflict = page.getByRole('dialog', { name: 'This pipeline changed while you were editing' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('Version 1 was deployed');
  await expect(conflict.getByRole('button', { name: 'Reload' })).toBeVisible();
  await saveScreenshot(page, 'editor-conflict');

  await conflict.getByRole('button', { name: 'Overwrite' }).click();
  await expect(conflict).toBeHidden();
  await expect(page.getByText('Deployed version 2.')).toBeVisible();
  await expect(page.locator('.editor-status .version')).toHaveText('v2');
  const latest = await (await request.get(`/api/v1/jobs/${id}`)).json();
  expect(latest.version).toBe(2);
  expect(latest.jobGraph.vertices[0].rate).toBe(12);
});

test('a draft survives a page reload', async ({ page }) => {
  await openNewPipeline(page);
  await palette(page).getByRole('button', { name: 'Log generator', exact: true }).click();
  await palette(page).getByRole('button', { name: 'Discard', exact: true }).click();
  await expect(vertex(page, 'discard')).toBeVisible();
  await page.waitForTimeout(400);
  await page.reload();
  await expect(vertex(page, 'log_generator')).toBeVisible();
  await expect(vertex(page, 'discard')).toBeVisible();
  await expect(page.getByText(/Restored your unsaved changes/)).toBeVisible();
  await page.getByRole('button', { name: 'Discard them' }).click();
  await expect(vertex(page, 'log_generator')).toHaveCount(0);
});

test('a pipeline that fails to start shows FAILED with its reason, and marks the vertex', async ({ page, request }) => {
  const name = uniqueName(`${PREFIX}failing`);
  const created = await request.post('/api/v1/jobs/async', {
    data: {
      name,
      jobGraph: {
        vertices: [
          { name: 'source', type: 'logs-generator-source' },
          { name: 'store', type: 'logs-iceberg-table-sink', table: 'no_such_dataset' },
        ],
        edges: ['source -> store'],
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await page.goto(`/pipelines/${id}`);
  await expect(page.locator('.editor-status [data-state]')).toHaveText('FAILED', { timeout: 30_000 });
  await expect(page.getByRole('main').getByRole('alert').filter({ hasText: 'Version 0 failed' })).toContainText('no_such_dataset');
  await expect(vertex(page, 'store')).toContainText(/Failed:.*no_such_dataset/);
  await page.getByRole('button', { name: 'Show store' }).click();
  await expect(inspector(page).getByText(/Failed:/)).toBeVisible();
  await saveScreenshot(page, 'editor-failed');
});

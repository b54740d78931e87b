import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

/** Job names must be unique across the shared e2e server: a base name plus a per-run suffix. */
export function uniqueName(base: string): string {
  return `${base}_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export const palette = (page: Page) => page.getByRole('complementary', { name: 'Operations' });
export const inspector = (page: Page) => page.getByRole('complementary', { name: 'Inspector' });
export const canvas = (page: Page) => page.locator('.editor-canvas');
export const problemsPanel = (page: Page) => page.getByRole('region', { name: 'Problems' });

/** A vertex on the canvas, by its name: React Flow labels each node "name (Operation title)". */
export function vertex(page: Page, name: string): Locator {
  return page.getByRole('group', { name: new RegExp(`^${name} \\(`) });
}

export function handle(page: Page, vertexName: string, side: 'input' | 'output', port: string): Locator {
  return page.getByLabel(`${side === 'input' ? 'Input' : 'Output'} ${port} of ${vertexName}`, { exact: true });
}

/** Drags an operation from the palette and drops it on the canvas, `at` pixels from the canvas's top-left. */
export async function dropOperation(page: Page, title: string, at: { x: number; y: number }) {
  await palette(page).getByRole('button', { name: title, exact: true }).dragTo(canvas(page), { targetPosition: at });
}

async function centreOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element has no box');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one element's centre to another's, in steps, as a person would. */
export async function dragBetween(page: Page, from: Locator, to: Locator) {
  const start = await centreOf(from);
  const end = await centreOf(to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 8 });
  await page.mouse.move(end.x, end.y, { steps: 8 });
  await page.mouse.up();
}

export async function connect(page: Page, from: string, fromPort: string, to: string, toPort: string) {
  await dragBetween(page, handle(page, from, 'output', fromPort), handle(page, to, 'input', toPort));
  // A level edge has a zero-height box, so "attached" rather than "visible".
  await expect(edge(page, `${from}:${fromPort} -> ${to}:${toPort}`)).toBeAttached();
}

export const edge = (page: Page, text: string) => page.getByRole('group', { name: `Edge ${text}`, exact: true });

export const edgeCount = (page: Page) => page.locator('.react-flow__edge').count();

export async function openNewPipeline(page: Page) {
  await page.goto('/pipelines/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New pipeline' })).toBeVisible();
  await expect(canvas(page)).toBeVisible();
}

/** Deletes the jobs a spec created, and waits until the list no longer shows them. */
export async function deleteJobs(request: APIRequestContext, prefix: string) {
  const listed = await request.get('/api/v1/jobs');
  const { items } = (await listed.json()) as { items: Array<{ id: string; name: string }> };
  const ours = items.filter((job) => job.name.startsWith(prefix));
  for (const job of ours) await request.delete(`/api/v1/jobs/${job.id}`);
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/v1/jobs');
        const body = (await response.json()) as { items: Array<{ name: string }> };
        return body.items.filter((job) => job.name.startsWith(prefix)).length;
      },
      { timeout: 30_000 },
    )
    .toBe(0);
}

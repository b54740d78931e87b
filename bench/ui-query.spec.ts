import { expect, test } from '@playwright/test';

// The query console receiving 100k rows: how long the longest frame is while they stream in and while the
// user scrolls (target < 100 ms), and how soon the first row shows. The rows come from a stubbed
// POST /api/v1/jobs/sync that answers with 100k NDJSON lines, so the figure measures the browser side
// (reading, parsing, the virtualized table) and not the raw store. Prints figures; asserts no timing.

const ROWS = Number(process.env.WEIR_BENCH_ROWS ?? 100_000);
const DATASET = 'bench_query_rows';

function ndjson(rows: number): string {
  const now = Date.now();
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const at = now - i * 10;
    lines.push(
      JSON.stringify({
        jobState: 'RUNNING',
        data: {
          type: 'log',
          id: `bench${i}`,
          eventTimestamp: at,
          receivedTimestamp: at,
          message: `10.0.${i % 256}.${(i * 7) % 256} - - "GET /api/orders/${i} HTTP/1.1" ${[200, 200, 404, 500][i % 4]} ${(i * 37) % 9000} ${i % 700}ms trace=${((i * 2654435761) >>> 0).toString(16)}`,
          severity: [9, 9, 9, 13, 17][i % 5],
          tags: { service: [`svc-${i % 12}`], host: [`host-${i % 40}`], env: ['prod'] },
          attributes: { http: { status_code: [200, 200, 404, 500][i % 4], method: 'GET', url: `/api/orders/${i}` }, duration: i % 700 },
        },
      }),
    );
  }
  lines.push(JSON.stringify({ jobState: 'FINISHED' }));
  return `${lines.join('\n')}\n`;
}

declare global {
  interface Window {
    __qcBench?: { frames: number[]; recording: boolean; firstRow?: number; longTasks: number[] };
  }
}

/** Installed before any page script: records every frame's time while `recording`, and long tasks. */
function installFrameRecorder() {
  const bench = { frames: [] as number[], recording: false, firstRow: undefined as number | undefined, longTasks: [] as number[] };
  window.__qcBench = bench;
  const loop = (time: number) => {
    if (bench.recording) {
      bench.frames.push(time);
      if (bench.firstRow === undefined && document.querySelector('.qc-virtual-item .qc-row')) bench.firstRow = time;
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  try {
    new PerformanceObserver((list) => {
      if (bench.recording) for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  } catch {
    // No long-task timing in this browser: frames alone tell the story.
  }
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? NaN;

function frameReport(label: string, frames: number[]) {
  const deltas = frames.slice(1).map((time, index) => time - frames[index]);
  const longest = Math.max(...deltas);
  console.log(
    `[bench] ui-query ${label}: longest frame ${longest.toFixed(1)} ms (target < 100 ms), p99 ${percentile(deltas, 0.99).toFixed(1)} ms, ` +
      `median ${percentile(deltas, 0.5).toFixed(1)} ms over ${deltas.length} frames`,
  );
  return longest;
}

async function startRecording(page: import('@playwright/test').Page) {
  await page.evaluate(() => {
    const bench = window.__qcBench!;
    bench.frames = [];
    bench.longTasks = [];
    bench.firstRow = undefined;
    bench.recording = true;
  });
}

async function stopRecording(page: import('@playwright/test').Page) {
  return page.evaluate(() => {
    const bench = window.__qcBench!;
    bench.recording = false;
    return { frames: bench.frames, firstRow: bench.firstRow, longTasks: bench.longTasks };
  });
}

test(`the query console streams ${ROWS.toLocaleString('en-US')} rows into its table without a long frame`, async ({ page, request }) => {
  const created = await request.post('/api/v1/datasets', { data: { name: DATASET } });
  expect([201, 409], await created.text()).toContain(created.status());

  const body = Buffer.from(ndjson(ROWS));
  const empty = `${JSON.stringify({ jobState: 'FINISHED' })}\n`;
  let runs = 0;
  // The page runs the query once on arrival (answered empty); the measured run is the second, started by Run.
  await page.route(/\/api\/v1\/jobs\/sync\?/, (route) =>
    route.fulfill({ status: 200, contentType: 'application/x-ndjson', body: runs++ === 0 ? empty : body }),
  );
  await page.addInitScript(installFrameRecorder);
  await page.goto(`/query?dataset=${DATASET}&from=now-1h&to=now`);
  await expect(page.getByText('No matching events')).toBeVisible({ timeout: 60_000 });
  await page.waitForTimeout(500);

  await startRecording(page);
  const started = await page.evaluate(() => performance.now());
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const status = page.locator('.qc-run-status');
  // A user scrolls while rows arrive.
  const tbody = page.locator('.qc-tbody');
  const box = (await tbody.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 20 && !(await status.textContent())?.includes(' in '); i++) {
    await page.mouse.wheel(0, i % 5 === 4 ? -1200 : 600);
    await page.waitForTimeout(100);
  }
  await expect(status).toContainText(`${ROWS.toLocaleString('en-US')} events in`, { timeout: 120_000 });
  const streamed = await stopRecording(page);
  const elapsed = streamed.frames.at(-1)! - started;
  console.log(
    `[bench] ui-query stream: ${ROWS.toLocaleString('en-US')} rows in ${Math.round(elapsed)} ms from Run, ` +
      `first row on screen after ${streamed.firstRow ? Math.round(streamed.firstRow - started) : '?'} ms; ` +
      `${streamed.longTasks.length} long tasks, longest ${streamed.longTasks.length ? Math.round(Math.max(...streamed.longTasks)) : 0} ms`,
  );
  frameReport('while streaming', streamed.frames);
  expect(await page.getByRole('table', { name: 'Log events' }).getAttribute('aria-rowcount')).toBe(String(ROWS + 1));

  // Scrolling the full table: jumps to the end, then wheel steps back up.
  await startRecording(page);
  await tbody.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await page.waitForTimeout(200);
  for (let i = 0; i < 30; i++) {
    await page.mouse.wheel(0, -900);
    await page.waitForTimeout(30);
  }
  await tbody.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
  await page.waitForTimeout(300);
  const scrolled = await stopRecording(page);
  frameReport('while scrolling 100k rows', scrolled.frames);
  await expect(page.getByRole('table', { name: 'Log events' }).getByRole('row').filter({ hasText: /GET \/api\/orders\/\d+/ }).first()).toBeVisible();
});

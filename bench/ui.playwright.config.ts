import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// `npm run bench:ui`: the editor and query console UI benchmarks, against one production build on its
// own port and empty database, like the e2e server. WEIR_BENCH_URL points it at a server already running.
const PORT = Number(process.env.WEIR_BENCH_PORT ?? 3101);
const EXTERNAL = process.env.WEIR_BENCH_URL;
const BASE_URL = EXTERNAL ?? `http://127.0.0.1:${PORT}`;
const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const SERVER_ENV = 'NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.weir-bench/next WEIR_DATA_DIR=.weir-bench/data WEIR_DEMO=0';

export default defineConfig({
  testDir: '.',
  testMatch: ['ui-editor.spec.ts', 'ui-query.spec.ts'],
  outputDir: '../test-results/bench',
  fullyParallel: false,
  workers: 1,
  reporter: 'list',
  timeout: 180_000,
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: EXTERNAL
    ? undefined
    : {
        command: [
          'rm -rf .weir-bench && mkdir -p .weir-bench',
          `${SERVER_ENV} node_modules/.bin/next build`,
          `${SERVER_ENV} node_modules/.bin/next start -p ${PORT} -H 127.0.0.1`,
        ].join(' && '),
        cwd: '..',
        url: `${BASE_URL}/api/health`,
        timeout: 600_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});

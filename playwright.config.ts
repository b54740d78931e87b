import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Debian's Chromium where it is installed (CI and dev machines); Playwright's own browser elsewhere.
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

// A production build against an empty database of its own, so every run starts from the same place.
// NEXT_DIST_DIR keeps this build out of the `.next` that `npm start` or a developer may be serving
// (it takes effect where next.config.ts reads it; otherwise the build goes to `.next`).
const SERVER_ENV = 'NEXT_TELEMETRY_DISABLED=1 NEXT_DIST_DIR=.weir-e2e/next WEIR_DATA_DIR=.weir-e2e/data WEIR_DEMO=0';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: [
      'rm -rf .weir-e2e && mkdir -p .weir-e2e',
      `${SERVER_ENV} node_modules/.bin/next build`,
      `${SERVER_ENV} node_modules/.bin/next start -p ${PORT} -H 127.0.0.1`,
    ].join(' && '),
    url: `${BASE_URL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});

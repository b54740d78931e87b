import { defineConfig } from 'vitest/config';
import path from 'node:path';

// `npm run bench`: the benchmarks run as vitest files that print their figures; they assert nothing.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, '..') } },
  test: {
    root: path.resolve(import.meta.dirname, '..'),
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 30 * 60_000,
    hookTimeout: 10 * 60_000,
    fileParallelism: false,
    // As `npm start` runs the server: a larger young generation, so short-lived batches die young.
    execArgv: ['--max-semi-space-size=64'],
    reporters: ['default'],
  },
});

#!/usr/bin/env node
// `npm start`: build when the sources are newer than the last production build, then run `next start`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const next = path.join(root, 'node_modules', '.bin', 'next');
// Next builds into NEXT_DIST_DIR when it is set (next.config.ts reads it too).
const buildId = path.join(root, process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID');

const SOURCE_DIRS = ['app', 'components', 'server', 'lib', 'public', 'drizzle'];
const SOURCE_FILES = [
  'next.config.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'instrumentation.ts',
  'proxy.ts',
  'middleware.ts',
];
const SKIPPED_DIRS = new Set(['node_modules', '.next', '.git']);

process.env.NEXT_TELEMETRY_DISABLED = '1';
process.env.WEIR_DATA_DIR ??= './.weir';

/** Newest modification time under `target`, or 0 when it does not exist. */
function newestMtime(target) {
  let stats;
  try {
    stats = statSync(target);
  } catch {
    return 0;
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.isDirectory() && SKIPPED_DIRS.has(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

function staleReason() {
  if (!existsSync(buildId)) return 'no production build yet';
  const builtAt = statSync(buildId).mtimeMs;
  for (const source of [...SOURCE_DIRS, ...SOURCE_FILES]) {
    if (newestMtime(path.join(root, source)) > builtAt) return `${source} changed since the last build`;
  }
  return undefined;
}

/** Runs `next` with inherited stdio, forwarding Ctrl-C and SIGTERM, and resolves with its exit code. */
function runNext(args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(next, args, { cwd: root, stdio: 'inherit', env });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) => {
      console.error(`weir: could not run ${next}: ${error.message}. Run \`npm install\` first.`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code !== null) resolve(code);
      else resolve(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1);
    });
  });
}

const reason = staleReason();
if (reason) {
  console.log(`weir: building (${reason})…`);
  const code = await runNext(['build']);
  if (code !== 0) {
    console.error('weir: `next build` failed; see the output above.');
    process.exit(code);
  }
}

const port = process.env.PORT || '3000';
// Intake and pipelines allocate a batch of short-lived objects per request; a larger young generation lets
// them die there instead of being promoted, which cuts garbage-collection time about in half under load.
const nodeOptions = process.env.NODE_OPTIONS?.includes('--max-semi-space-size')
  ? process.env.NODE_OPTIONS
  : [process.env.NODE_OPTIONS, '--max-semi-space-size=64'].filter(Boolean).join(' ');
process.exit(await runNext(['start', '-p', port], { ...process.env, NODE_OPTIONS: nodeOptions }));

import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and postgres.js opens sockets: both must load from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 're2'],
  poweredByHeader: false,
  // `npm run typecheck` (run by CI) checks the whole project, tests included; the build need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The e2e build gets its own folder, so it never races a developer's `npm start` build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
};

export default nextConfig;

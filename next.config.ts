import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships WASM and postgres.js opens sockets: both must load from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres', 're2'],
  poweredByHeader: false,
};

export default nextConfig;

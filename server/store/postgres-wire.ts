import net from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { Sql } from 'postgres';

interface ConnectOptions {
  host: string[];
  port: number[];
  path?: string | false;
}

/**
 * postgres.js leaves Nagle's algorithm on, so a statement's last small packet (a COPY's CopyDone, say)
 * waits for the server's delayed ACK: about 40 ms per COPY and several ms per small query on loopback.
 * This factory connects with TCP_NODELAY instead. postgres.js takes a socket factory only for one host.
 */
export function noDelaySocketOption(databaseUrl: string) {
  const hosts = databaseUrl.replace(/^[a-z]+:\/\//i, '').split(/[/?]/)[0].replace(/^.*@/, '');
  if (hosts.includes(',')) return {};
  return {
    socket: (options: ConnectOptions) =>
      options.path ? net.connect({ path: options.path }) : net.connect({ host: options.host[0], port: options.port[0], noDelay: true }),
  };
}

/**
 * Streams rows in COPY text format into `statement` (a `COPY … FROM STDIN`), and resolves once the server
 * has committed them. postgres.js never settles a COPY writable that the server rejects after the last
 * row (porsager/postgres#1173), so the query's late rejection is routed to the caller here.
 */
export async function copyIn(client: Sql, statement: string, rows: string): Promise<void> {
  const query = client.unsafe(statement);
  const writable = await query.writable();
  const rejected = new Promise<never>((_, reject) => {
    (query as unknown as { reject: (error: unknown) => void }).reject = reject;
  });
  await Promise.race([pipeline([rows], writable), rejected]);
}

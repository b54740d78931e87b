import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { newId } from '../../model/ids';
import { defineOperation } from '../define-operation';
import { pause } from '../pause';
import { mulberry32 } from '../../model/random';

const TICK_MS = 100;

const mixWeight = z.number().min(0).max(1000);

/** Realistic kinds of logs, each with its services, hosts and message shapes. */
const KINDS = {
  access: { services: ['web-frontend', 'api-gateway'], severity: 9 },
  application: { services: ['checkout', 'payments', 'inventory'], severity: 9 },
  database: { services: ['orders-db', 'users-db'], severity: 13 },
  error: { services: ['checkout', 'payments', 'api-gateway'], severity: 17 },
  debug: { services: ['inventory', 'search'], severity: 5 },
} as const;
type Kind = keyof typeof KINDS;

export const logsGeneratorSource = defineOperation({
  type: 'logs-generator-source',
  kind: 'source',
  title: 'Log generator',
  description: 'Generates a steady stream of realistic mixed logs (access, application, database, errors, debug) to try pipelines without a shipper.',
  params: z.strictObject({
    rate: z.number().positive().max(100_000).default(20).describe('Events per second'),
    mix: z
      .strictObject({
        access: mixWeight.default(50),
        application: mixWeight.default(25),
        database: mixWeight.default(10),
        error: mixWeight.default(5),
        debug: mixWeight.default(10),
      })
      .default({ access: 50, application: 25, database: 10, error: 5, debug: 10 })
      .describe('Relative weight of each kind of log'),
    seed: z.int().default(1).describe('Seed of the random generator, for repeatable streams'),
    count: z.int().positive().optional().describe('Stop after this many events (a BATCH job always needs one)'),
  }).refine((params) => Object.values(params.mix).some((weight) => weight > 0), {
    message: 'at least one kind of log needs a weight above 0',
    path: ['mix'],
  }),
  inputs: [],
  outputs: () => ['out'],
  create(params, ctx) {
    const restored = ctx.checkpoint as { emitted?: number } | undefined;
    let emitted = restored?.emitted ?? 0;
    const limit = params.count ?? (ctx.processing === 'BATCH' ? 1000 : Infinity);
    const kinds = (Object.keys(params.mix) as Kind[]).filter((kind) => params.mix[kind] > 0);
    const totalWeight = kinds.reduce((sum, kind) => sum + params.mix[kind], 0);
    return {
      kind: 'source',
      snapshot: () => ({ emitted }),
      async run(out, signal) {
        let carry = 0;
        while (!signal.aborted && emitted < limit) {
          const started = ctx.now();
          carry += (params.rate * TICK_MS) / 1000;
          const size = Math.min(Math.floor(carry), limit - emitted);
          carry -= size;
          const batch: LogEvent[] = [];
          for (let i = 0; i < size; i++) {
            const random = mulberry32(params.seed * 1_000_003 + emitted + i);
            let pick = random() * totalWeight;
            let kind = kinds[0];
            for (const candidate of kinds) {
              pick -= params.mix[candidate];
              if (pick < 0) {
                kind = candidate;
                break;
              }
            }
            batch.push(generateEvent(kind, random, started));
          }
          await out.emit('out', batch, () => {
            emitted += batch.length;
          });
          if (ctx.processing === 'BATCH') continue;
          const wait = TICK_MS - (ctx.now() - started);
          if (wait > 0) await pause(wait, signal);
        }
      },
    };
  },
});

const PATHS = ['/api/orders', '/api/cart', '/api/users/me', '/healthz', '/api/search', '/static/app.js'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const USERS = ['alice', 'bob', 'carol', 'dave', 'erin'];

function generateEvent(kind: Kind, random: () => number, now: number): LogEvent {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const service = pick(KINDS[kind].services);
  const host = `${service}-${int(1, 3)}`;
  const ip = `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  const uuid = () => [8, 4, 4, 4, 12].map((n) => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('')).join('-');
  let message: string;
  let severity: number = KINDS[kind].severity;
  const attributes: Record<string, unknown> = {};
  switch (kind) {
    case 'access': {
      const status = pick([200, 200, 200, 200, 201, 204, 301, 404, 500, 503]);
      const path = pick(PATHS);
      const method = pick(METHODS);
      const duration = int(1, 900);
      severity = status >= 500 ? 17 : status >= 400 ? 13 : 9;
      message = `${ip} - - "${method} ${path} HTTP/1.1" ${status} ${int(200, 48000)} ${duration}ms`;
      attributes.http = { method, url: path, status_code: status };
      attributes.duration = duration;
      attributes.network = { client: { ip } };
      break;
    }
    case 'application': {
      const order = int(1000, 99999);
      message = pick([
        JSON.stringify({ level: 'info', msg: 'order placed', order_id: order, user: pick(USERS), amount: int(5, 900) }),
        `payment authorized for order ${order} in ${int(20, 400)}ms`,
        `user ${pick(USERS)} signed in from ${ip}`,
        `cache refreshed: ${int(100, 5000)} keys in ${int(1, 80)}ms`,
      ]);
      attributes.order_id = order;
      break;
    }
    case 'database': {
      const table = pick(['orders', 'users', 'line_items', 'payments']);
      message = `slow query on ${table} took ${int(500, 9000)}ms rows=${int(1, 100000)}`;
      attributes.db = { table, statement: `SELECT * FROM ${table} WHERE id = $1` };
      break;
    }
    case 'error': {
      const requestId = uuid();
      message = pick([
        `upstream timeout calling inventory after ${int(1000, 30000)}ms request_id=${requestId}`,
        `java.lang.NullPointerException: cart was null\n\tat com.shop.Checkout.total(Checkout.java:${int(10, 400)})`,
        JSON.stringify({ level: 'error', msg: 'card declined', code: pick(['insufficient_funds', 'expired_card']), request_id: requestId }),
      ]);
      attributes.error = { kind: 'ServiceError' };
      attributes.request_id = requestId;
      break;
    }
    case 'debug':
      message = `evaluated ${int(1, 40)} feature flags for session ${uuid()}`;
      break;
  }
  return {
    id: newId(),
    eventTimestamp: now,
    receivedTimestamp: now,
    message,
    severity,
    tags: { service: [service], host: [host], env: ['demo'], source: [kind] },
    attributes,
  };
}


/** One edge of a job graph as written: `from:fromPort -> to:toPort`, ports optional. */
export interface ParsedEdge {
  from: string;
  fromPort?: string;
  to: string;
  toPort?: string;
}

export type EdgeParseResult = { ok: true; edge: ParsedEdge } | { ok: false; message: string };

const ARROW = '->';

type EndpointParseResult = { ok: true; name: string; port?: string } | { ok: false; message: string };

/** Parses Grepr's edge notation, tolerating whitespace around names, ports, ':' and '->'. */
export function parseEdge(text: string): EdgeParseResult {
  if (typeof text !== 'string') return failure(`expected a string like 'source -> destination'`);
  const sides = text.split(ARROW);
  if (sides.length < 2) return failure(`expected 'source -> destination', but found no '->'`);
  if (sides.length > 2) {
    return failure(`expected 'source -> destination' with a single '->'; write a chain as one edge per pair`);
  }
  const from = parseEndpoint(sides[0], 'before');
  if (!from.ok) return from;
  const to = parseEndpoint(sides[1], 'after');
  if (!to.ok) return to;

  const edge: ParsedEdge = { from: from.name, to: to.name };
  if (from.port !== undefined) edge.fromPort = from.port;
  if (to.port !== undefined) edge.toPort = to.port;
  return { ok: true, edge };
}

/** Writes an edge in canonical form, `a:out -> b:in`, leaving out absent ports. */
export function formatEdge(edge: ParsedEdge): string {
  const from = edge.fromPort === undefined ? edge.from : `${edge.from}:${edge.fromPort}`;
  const to = edge.toPort === undefined ? edge.to : `${edge.to}:${edge.toPort}`;
  return `${from} ${ARROW} ${to}`;
}

function parseEndpoint(text: string, side: 'before' | 'after'): EndpointParseResult {
  const trimmed = text.trim();
  if (trimmed === '') return failure(`empty vertex name ${side} '->'`);
  const parts = trimmed.split(':');
  if (parts.length > 2) return failure(`'${trimmed}' has more than one ':'; write 'vertex' or 'vertex:port'`);

  const name = parts[0].trim();
  if (name === '') return failure(`empty vertex name ${side} '->' (found ':${parts[1].trim()}' with no vertex)`);
  if (/\s/.test(name)) return failure(`vertex name '${name}' ${side} '->' contains whitespace`);
  if (parts.length === 1) return { ok: true, name };

  const port = parts[1].trim();
  if (port === '') return failure(`empty port name after '${name}:'; write '${name}' or '${name}:port'`);
  if (/\s/.test(port)) return failure(`port name '${port}' of vertex '${name}' contains whitespace`);
  return { ok: true, name, port };
}

function failure(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

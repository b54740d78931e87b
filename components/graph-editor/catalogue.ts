import { z } from 'zod';
import type { OperationDefinition, OperationKind } from '@/server/operations/define-operation';
import { catalogueLookup, getOperation, operations } from '@/server/operations/registry';
import type { JsonSchema } from './json-schema';

/** The editor reads the same registry as the server: the palette, the ports and validation all come from it. */
export { catalogueLookup, operations };
export type { OperationDefinition, OperationKind };

export const KIND_ORDER: readonly OperationKind[] = ['source', 'transform', 'sink'];

export const KIND_LABELS: Record<OperationKind, { plural: string; singular: string }> = {
  source: { plural: 'Sources', singular: 'Source' },
  transform: { plural: 'Transforms', singular: 'Transform' },
  sink: { plural: 'Sinks', singular: 'Sink' },
};

export function operationFor(type: unknown): OperationDefinition | undefined {
  return typeof type === 'string' ? getOperation(type) : undefined;
}

const schemas = new WeakMap<OperationDefinition, JsonSchema>();

/** The operation's params as JSON Schema, as the API accepts them: the inspector form is generated from it. */
export function paramsSchema(definition: OperationDefinition): JsonSchema {
  let schema = schemas.get(definition);
  if (!schema) {
    try {
      schema = z.toJSONSchema(definition.params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    } catch {
      // A schema that cannot be described still gets a raw JSON editor rather than breaking the inspector.
      schema = {};
    }
    schemas.set(definition, schema);
  }
  return schema;
}

export interface VertexPorts {
  inputs: readonly string[];
  outputs: readonly string[];
}

const NO_PORTS: readonly string[] = [];
const ports = new WeakMap<object, VertexPorts>();
const defaultOutputs = new WeakMap<OperationDefinition, readonly string[]>();

function outputsWithDefaults(definition: OperationDefinition): readonly string[] {
  let outputs = defaultOutputs.get(definition);
  if (!outputs) {
    const defaults = definition.params.safeParse({});
    try {
      outputs = definition.outputs((defaults.success ? defaults.data : {}) as never);
    } catch {
      outputs = ['out'];
    }
    defaultOutputs.set(definition, outputs);
  }
  return outputs;
}

/**
 * The named ports of a vertex. Outputs may depend on params (a router's routes), so they are computed from the
 * vertex itself; while its params are invalid, the ports of the default params stand in.
 */
export function portsOf(vertex: Record<string, unknown>): VertexPorts {
  let cached = ports.get(vertex);
  if (cached) return cached;
  const definition = operationFor(vertex.type);
  if (!definition) {
    // An unknown type's ports can't be known; guess from its name so its edges can still be drawn.
    const type = typeof vertex.type === 'string' ? vertex.type : '';
    cached = {
      inputs: /source$/.test(type) ? NO_PORTS : ['in'],
      outputs: /sink$/.test(type) ? NO_PORTS : ['out'],
    };
  } else {
    let outputs: readonly string[] = NO_PORTS;
    if (definition.kind !== 'sink') {
      const { type: _type, name: _name, ...params } = vertex;
      const parsed = definition.params.safeParse(params);
      try {
        outputs = parsed.success ? definition.outputs(parsed.data as never) : outputsWithDefaults(definition);
      } catch {
        outputs = outputsWithDefaults(definition);
      }
      if (!Array.isArray(outputs) || outputs.some((port) => typeof port !== 'string')) outputs = ['out'];
    }
    cached = { inputs: definition.kind === 'source' ? NO_PORTS : definition.inputs, outputs };
  }
  ports.set(vertex, cached);
  return cached;
}

/** The port an edge end uses when the edge does not name one, following the validator's rules. */
export function implicitPort(ports: readonly string[], direction: 'input' | 'output'): string | undefined {
  if (ports.length === 1) return ports[0];
  if (direction === 'output' && ports.includes('default')) return 'default';
  return undefined;
}

/** `Parse JSON` → `parse_json`: a vertex name that reads like the operation. */
export function baseNameFor(definition: OperationDefinition | undefined, type?: string): string {
  const fromTitle = (definition?.title ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (fromTitle) return fromTitle.slice(0, 100);
  const fromType = (definition?.type ?? type ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return fromType.slice(0, 100) || 'vertex';
}

/** The first of `base`, `base_2`, `base_3`… that no vertex uses yet. */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/_\d+$/, '') || base;
  if (!taken.has(stem)) return stem;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${stem}_${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Operations grouped by kind in palette order, each group sorted by title. */
export function groupedOperations(): Array<{ kind: OperationKind; items: OperationDefinition[] }> {
  return KIND_ORDER.map((kind) => ({
    kind,
    items: operations.filter((operation) => operation.kind === kind).sort((a, b) => a.title.localeCompare(b.title)),
  }));
}

export function matchesSearch(definition: OperationDefinition, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = [definition.title, definition.type, ...(definition.aliases ?? []), definition.description, definition.kind]
    .join(' ')
    .toLowerCase();
  return words.every((word) => haystack.includes(word));
}

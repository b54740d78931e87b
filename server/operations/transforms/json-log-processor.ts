import { z } from 'zod';
import { findJsonProblem, MAX_JSON_DEPTH } from '../../model/json-safety';
import type { LogEvent } from '../../model/log-event';
import { defineOperation } from '../define-operation';

type JsonObject = Record<string, unknown>;

/** Arrays and objects nested deeper than this are kept as JSON text, well within what the raw store accepts. */
const MAX_CONTAINER_NESTING = MAX_JSON_DEPTH / 2;
const ESCAPED_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F])/;

export const jsonLogProcessor = defineOperation({
  type: 'json-log-processor',
  kind: 'transform',
  title: 'Parse JSON',
  description:
    "Parses a message that is a JSON object into the event's attributes, clearing the message unless told to keep it. " +
    'Also unpacks attributes that hold JSON strings (double-serialized logs). Other events pass unchanged.',
  params: z.strictObject({
    liftFieldNames: z
      .array(z.string())
      .default([])
      .describe(
        'Object-valued fields whose children move up into the object that contains them, repeatedly. ' +
          'Colliding objects merge recursively; otherwise the lifted child wins, and a later field beats an earlier one.',
      ),
    maxNestedDepthForFields: z
      .int()
      .min(1)
      .max(10)
      .default(3)
      .describe('How deep parsed objects become nested attributes; an object below this depth is kept as its JSON text.'),
    maxNestedJsonIterations: z
      .int()
      .min(1)
      .max(20)
      .default(5)
      .describe('How many rounds of unpacking JSON strings found at resolveNestedJsonFields.'),
    preserveJsonMessageField: z
      .boolean()
      .default(false)
      .describe('Keep the JSON text in the message after parsing it (by default the message is cleared).'),
    resolveNestedJsonFields: z
      .array(z.array(z.string()).min(1, 'must name at least one path segment'))
      .default([['message'], ['msg'], ['log']])
      .describe(
        'Attribute paths (lists of keys) that may hold a JSON object serialized as a string. Each round tries every path; ' +
          "a JSON object found there replaces the string and its fields merge into the attributes' root.",
      ),
  }),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params) {
    const prepare = (parsed: JsonObject) => {
      liftFields(parsed, params.liftFieldNames);
      return limitDepth(parsed, params.maxNestedDepthForFields);
    };

    const parseEvent = (event: LogEvent): LogEvent => {
      let { attributes, message } = event;
      const parsedMessage = parseJsonObject(message);
      if (parsedMessage) {
        attributes = mergeMaps(attributes, prepare(parsedMessage));
        if (!params.preserveJsonMessageField) message = '';
      }
      for (let round = 0; round < params.maxNestedJsonIterations; round++) {
        let unpacked = false;
        for (const path of params.resolveNestedJsonFields) {
          const value = valueAt(attributes, path);
          const nested = typeof value === 'string' ? parseJsonObject(value) : undefined;
          if (!nested) continue;
          attributes = mergeMaps(removeAt(attributes, path), prepare(nested));
          unpacked = true;
        }
        if (!unpacked) break;
      }
      return attributes === event.attributes && message === event.message ? event : { ...event, message, attributes };
    };

    return {
      kind: 'transform',
      async process(events, out) {
        if (events.length > 0) await out.emit('out', events.map(parseEvent));
      },
    };
  },
});

/** The object a JSON text holds; undefined for anything else (malformed JSON, arrays, scalars). */
function parseJsonObject(text: string): JsonObject | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!isJsonObject(value)) return undefined;
  // Escapes can spell a NUL or a lone surrogate, which the raw store cannot hold: such text stays as it is.
  if (ESCAPED_UNSTORABLE.test(trimmed) && findJsonProblem(value)) return undefined;
  return value;
}

function isEmpty(object: JsonObject): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return false;
  return true;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property even for the key `__proto__`, which plain assignment would treat as the prototype. */
function setKey(target: JsonObject, key: string, value: unknown) {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

function ownValue(target: JsonObject, key: string): unknown {
  return Object.hasOwn(target, key) ? target[key] : undefined;
}

/** Lifts the children of the named object fields into `parsed`, in place (it is freshly parsed). */
function liftFields(parsed: JsonObject, names: readonly string[]) {
  // Each lift removes one object from the tree, so this ends.
  for (let lifted = names.length > 0; lifted; ) {
    lifted = false;
    for (const name of names) {
      const child = ownValue(parsed, name);
      if (!isJsonObject(child)) continue;
      delete parsed[name];
      mergeInPlace(parsed, child);
      lifted = true;
    }
  }
}

function mergeInPlace(target: JsonObject, source: JsonObject) {
  for (const [key, value] of Object.entries(source)) {
    const existing = ownValue(target, key);
    if (isJsonObject(existing) && isJsonObject(value)) mergeInPlace(existing, value);
    else setKey(target, key, value);
  }
}

/** `base` with `overlay` merged in (objects recursively, anything else replaced), copying only what changes. */
function mergeMaps(base: JsonObject, overlay: JsonObject): JsonObject {
  if (isEmpty(base)) return overlay;
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const existing = ownValue(base, key);
    setKey(merged, key, isJsonObject(existing) && isJsonObject(value) ? mergeMaps(existing, value) : value);
  }
  return merged;
}

/**
 * Keeps fields down to `maxDepth` levels (top-level keys are level 1); deeper objects become their JSON text.
 * Works in place: `parsed` is freshly parsed and not yet shared.
 */
function limitDepth(parsed: JsonObject, maxDepth: number): JsonObject {
  // `depth` is the level of the fields of `container`; array items stay at their field's level, but
  // every container counts towards `nesting`, so that deeply nested arrays are bounded too.
  const limitChildren = (container: JsonObject, depth: number, nesting: number) => {
    for (const key in container) {
      const value = container[key];
      if (typeof value !== 'object' || value === null) continue;
      const deeper = Array.isArray(value) ? depth : depth + 1;
      if (deeper <= maxDepth && nesting < MAX_CONTAINER_NESTING) limitChildren(value as JsonObject, deeper, nesting + 1);
      else if (Array.isArray(value) ? value.length > 0 : !isEmpty(value as JsonObject)) setKey(container, key, JSON.stringify(value));
    }
  };
  limitChildren(parsed, 1, 1);
  return parsed;
}

function valueAt(attributes: JsonObject, path: readonly string[]): unknown {
  let value: unknown = attributes;
  for (const key of path) {
    if (!isJsonObject(value)) return undefined;
    value = ownValue(value, key);
  }
  return value;
}

/** `attributes` without the value at `path` (which exists), copying only the objects along the path. */
function removeAt(attributes: JsonObject, path: readonly string[]): JsonObject {
  const [key, ...rest] = path;
  const copy: JsonObject = { ...attributes };
  if (rest.length === 0) delete copy[key];
  else setKey(copy, key, removeAt(attributes[key] as JsonObject, rest));
  return copy;
}

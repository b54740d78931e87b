import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { defineOperation } from '../define-operation';

type JsonObject = Record<string, unknown>;

const order = z.int().default(0).describe('Actions run from the lowest order up; equal orders keep their list order.');
const targetPathHelp =
  'A dot-separated attribute path, e.g. http.request; a top-level key spelled with dots (http.url) wins over nesting.';

const tagAction = z.strictObject({
  type: z.literal('tag-action'),
  tagKey: z.string().min(1).describe('The tag to change, e.g. env.'),
  modification: z
    .enum(['ADD', 'REMOVE', 'SET', 'DELETE'])
    .describe('ADD values, REMOVE values, SET the tag to exactly these values, or DELETE the tag.'),
  values: z.array(z.string()).default([]).describe('The tag values to add, remove or set (ignored by DELETE).'),
  order,
});

const addToListAttributeAction = z.strictObject({
  type: z.literal('attribute-add-action'),
  targetPath: z.string().min(1).describe(`The list to add to, created when missing. ${targetPathHelp}`),
  value: z
    .unknown()
    .refine((value) => value !== undefined, 'is required (any JSON value)')
    .describe('The value to append; a list appends each of its items. No-op when the target is not a list.'),
  order,
});

const removeKeyAttributeAction = z.strictObject({
  type: z.literal('attribute-remove-action'),
  targetPath: z
    .string()
    .describe(`The object to remove keys from; empty for the top-level attributes. ${targetPathHelp}`),
  values: z.array(z.string()).describe('The keys to remove.'),
  order,
});

const mergeMapAttributeAction = z.strictObject({
  type: z.literal('attribute-merge-action'),
  targetPath: z
    .string()
    .describe(`The object to merge into; empty for the top-level attributes. No-op when missing. ${targetPathHelp}`),
  value: z.record(z.string(), z.unknown()).describe('Keys and values to set on the target, replacing existing ones.'),
  order,
});

const eventAction = z.discriminatedUnion('type', [
  tagAction,
  removeKeyAttributeAction,
  mergeMapAttributeAction,
  addToListAttributeAction,
]);
type EventAction = z.output<typeof eventAction>;

export const logTransform = defineOperation({
  type: 'log-transform',
  kind: 'transform',
  title: 'Transform',
  description: 'Adds, removes and merges tags and attributes of every event with a list of actions.',
  params: z.strictObject({
    transforms: z.array(eventAction).default([]).describe('The actions to apply to each event, by order.'),
  }),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params) {
    const actions = params.transforms
      .map((action, index) => ({ action, index }))
      .sort((a, b) => a.action.order - b.action.order || a.index - b.index)
      .map(({ action }) => action);
    const transform = (event: LogEvent) => actions.reduce(applyAction, event);
    return {
      kind: 'transform',
      async process(events, out) {
        if (events.length > 0) await out.emit('out', events.map(transform));
      },
    };
  },
});

function applyAction(event: LogEvent, action: EventAction): LogEvent {
  switch (action.type) {
    case 'tag-action': {
      const tags = modifyTag(event.tags, action.tagKey, action.modification, action.values);
      return tags === event.tags ? event : { ...event, tags };
    }
    case 'attribute-add-action': {
      const items = Array.isArray(action.value) ? action.value : [action.value];
      const attributes = updateAt(event.attributes, attributePath(event.attributes, action.targetPath), true, (current) => {
        if (current === undefined) return [...items];
        return Array.isArray(current) ? [...current, ...items] : UNCHANGED;
      });
      return attributes === event.attributes ? event : { ...event, attributes };
    }
    case 'attribute-remove-action': {
      const attributes = updateAt(event.attributes, attributePath(event.attributes, action.targetPath), false, (current) => {
        if (!isJsonObject(current) || !action.values.some((key) => Object.hasOwn(current, key))) return UNCHANGED;
        const remaining = { ...current };
        for (const key of action.values) delete remaining[key];
        return remaining;
      });
      return attributes === event.attributes ? event : { ...event, attributes };
    }
    case 'attribute-merge-action': {
      const attributes = updateAt(event.attributes, attributePath(event.attributes, action.targetPath), false, (current) => {
        if (!isJsonObject(current)) return UNCHANGED;
        const merged = { ...current };
        for (const [key, value] of Object.entries(action.value)) setKey(merged, key, value);
        return merged;
      });
      return attributes === event.attributes ? event : { ...event, attributes };
    }
  }
}

function modifyTag(
  tags: LogEvent['tags'],
  key: string,
  modification: 'ADD' | 'REMOVE' | 'SET' | 'DELETE',
  values: readonly string[],
): LogEvent['tags'] {
  const existing = Object.hasOwn(tags, key) ? tags[key] : undefined;
  let next: string[] | undefined;
  switch (modification) {
    case 'ADD':
      next = [...new Set([...(existing ?? []), ...values])];
      if (next.length === (existing?.length ?? 0)) return tags;
      break;
    case 'REMOVE':
      if (!existing || !existing.some((value) => values.includes(value))) return tags;
      next = existing.filter((value) => !values.includes(value));
      break;
    case 'SET':
      next = [...new Set(values)];
      break;
    case 'DELETE':
      next = undefined;
      break;
  }
  // A tag without values does not exist (`tags:key` would not match it), so it is removed.
  if (!next || next.length === 0) {
    if (!existing) return tags;
    const rest = { ...tags };
    delete rest[key];
    return rest;
  }
  const updated = { ...tags };
  setKey(updated, key, next);
  return updated;
}

const UNCHANGED = Symbol('unchanged');

/** The keys leading to `targetPath`: none for the top level, the literal key when it exists, else the dotted parts. */
function attributePath(attributes: JsonObject, targetPath: string): string[] {
  if (targetPath === '') return [];
  if (Object.hasOwn(attributes, targetPath)) return [targetPath];
  return targetPath.split('.');
}

/**
 * `root` with the value at `path` replaced by what `update` returns for the current one, copying only the
 * objects along the path. Missing objects on the way are created when `create` is set; otherwise, and
 * whenever a non-object is in the way, `root` is returned unchanged.
 */
function updateAt(
  root: JsonObject,
  path: readonly string[],
  create: boolean,
  update: (current: unknown) => unknown,
): JsonObject {
  if (path.length === 0) {
    const updated = update(root);
    return updated === UNCHANGED ? root : (updated as JsonObject);
  }
  const [key, ...rest] = path;
  const current = Object.hasOwn(root, key) ? root[key] : undefined;
  let updated: unknown;
  if (rest.length === 0) {
    updated = update(current);
  } else if (current === undefined && create) {
    const created = updateAt({}, rest, create, update);
    updated = Object.keys(created).length === 0 ? UNCHANGED : created;
  } else if (isJsonObject(current)) {
    const child = updateAt(current, rest, create, update);
    updated = child === current ? UNCHANGED : child;
  } else {
    updated = UNCHANGED;
  }
  if (updated === UNCHANGED) return root;
  const copy = { ...root };
  setKey(copy, key, updated);
  return copy;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property even for the key `__proto__`, which plain assignment would treat as the prototype. */
function setKey(target: JsonObject, key: string, value: unknown) {
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** The subset of JSON Schema (draft 2020-12) that `z.toJSONSchema` produces for operation params. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  title?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  examples?: unknown[];
}

export type FieldPath = ReadonlyArray<string | number>;

/** Joins a field path the way validation problems write it: `mix.access`, `values[0].message`. */
export function pathKey(path: FieldPath): string {
  let key = '';
  for (const segment of path) {
    if (typeof segment === 'number') key += `[${segment}]`;
    else key += key ? `.${segment}` : segment;
  }
  return key;
}

/** Follows `$ref`s into the root's `$defs` (zod writes `#/$defs/__schema0` for recursive types). */
export function resolveSchema(schema: JsonSchema, root: JsonSchema, depth = 0): JsonSchema {
  if (!schema.$ref || depth > 16) return schema;
  const match = /^#\/\$defs\/(.+)$/.exec(schema.$ref);
  const target = match ? root.$defs?.[match[1]] : schema.$ref === '#' ? root : undefined;
  if (!target) return {};
  const { $ref: _ref, ...rest } = schema;
  return resolveSchema({ ...target, ...rest }, root, depth + 1);
}

export function schemaTypes(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type ? [schema.type] : [];
}

/** A predicate param: `{type: "datadog-query", query}`. */
export function isQueryPredicate(schema: JsonSchema): boolean {
  return schema.properties?.type?.const === 'datadog-query' && schema.properties.query !== undefined;
}

const DURATION_HINT = /ISO[- ]?8601 duration|\bP(?:\d+D|T\d+(?:\.\d+)?[HMS])\b/;

/** ISO-8601 durations (`PT5M`) are plain strings in JSON Schema; their description or default gives them away. */
export function isDurationSchema(schema: JsonSchema): boolean {
  if (!schemaTypes(schema).includes('string') || schema.enum) return false;
  if (schema.format === 'duration') return true;
  if (typeof schema.default === 'string' && /^P(?=\d|T\d)/.test(schema.default)) return true;
  return DURATION_HINT.test(schema.description ?? '');
}

export function isDateTimeSchema(schema: JsonSchema): boolean {
  return schema.format === 'date-time';
}

/** `anyOf` over every JSON type, as zod writes `z.json()`: edited as raw JSON. */
export function isAnyJsonValue(schema: JsonSchema, root: JsonSchema): boolean {
  if (Object.keys(schema).filter((key) => key !== 'description' && key !== 'default').length === 0) return true;
  const variants = (schema.anyOf ?? schema.oneOf)?.map((variant) => resolveSchema(variant, root));
  if (!variants) return false;
  const types = new Set(variants.flatMap(schemaTypes));
  return ['string', 'number', 'boolean', 'object', 'array'].every((type) => types.has(type));
}

export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Whether `value` plausibly belongs to `schema`: by its constant discriminator, else by its JSON type. */
export function matchesVariant(value: unknown, schema: JsonSchema, root: JsonSchema): boolean {
  const resolved = resolveSchema(schema, root);
  if (resolved.const !== undefined) return value === resolved.const;
  if (resolved.enum) return resolved.enum.includes(value);
  const type = jsonTypeOf(value);
  const types = schemaTypes(resolved);
  if (types.length > 0 && !types.includes(type) && !(type === 'integer' && types.includes('number'))) return false;
  if (type === 'object' && resolved.properties) {
    const record = value as Record<string, unknown>;
    for (const [key, property] of Object.entries(resolved.properties)) {
      const constant = resolveSchema(property, root).const;
      if (constant !== undefined && record[key] !== constant) return false;
    }
  }
  return true;
}

/** A short name for one alternative of a union, for the variant picker. */
export function variantLabel(schema: JsonSchema, root: JsonSchema, index: number): string {
  const resolved = resolveSchema(schema, root);
  if (resolved.title) return resolved.title;
  const discriminator = Object.values(resolved.properties ?? {})
    .map((property) => resolveSchema(property, root).const)
    .find((constant) => typeof constant === 'string');
  if (typeof discriminator === 'string') return discriminator;
  if (resolved.const !== undefined) return JSON.stringify(resolved.const);
  const type = schemaTypes(resolved)[0];
  const names: Record<string, string> = {
    string: 'Text',
    number: 'Number',
    integer: 'Whole number',
    boolean: 'Yes / no',
    object: 'Object',
    array: 'List',
    null: 'Nothing (null)',
  };
  return (type && names[type]) ?? `Option ${index + 1}`;
}

/** A fresh value for a newly added item or a newly chosen variant: its default, else the simplest valid shape. */
export function initialValue(schema: JsonSchema, root: JsonSchema, depth = 0): unknown {
  const resolved = resolveSchema(schema, root);
  if (resolved.default !== undefined) return structuredClone(resolved.default);
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.enum && resolved.enum.length > 0) return resolved.enum[0];
  const variants = resolved.oneOf ?? resolved.anyOf;
  if (variants && variants.length > 0 && depth < 8) return initialValue(variants[0], root, depth + 1);
  const type = schemaTypes(resolved)[0];
  switch (type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      if (depth < 8) {
        for (const key of resolved.required ?? []) {
          const property = resolved.properties?.[key];
          if (property) object[key] = initialValue(property, root, depth + 1);
        }
      }
      return object;
    }
    case 'array':
      return [];
    case 'string':
      return '';
    case 'number':
    case 'integer':
      if (resolved.minimum !== undefined) return resolved.minimum;
      if (resolved.exclusiveMinimum !== undefined) return resolved.exclusiveMinimum + 1;
      return 0;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return '';
  }
}

/** `maxLateEventTimestampDelta` → `Max late event timestamp delta`. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/);
  return words
    .map((word, index) => {
      if (/^[A-Z0-9]{2,}$/.test(word)) return word;
      if (word.toLowerCase() === 'id') return 'ID';
      return index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word.toLowerCase();
    })
    .join(' ');
}

/** A compact rendering of a default value for hints: `20`, `"LATEST"`, `[3 items]`. */
export function describeDefault(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    const text = JSON.stringify(value);
    return text.length <= 48 ? text : `${value.length} items`;
  }
  if (value !== null && typeof value === 'object') {
    const text = JSON.stringify(value);
    return Object.keys(value).length === 0 ? 'none' : text.length <= 48 ? text : 'see below';
  }
  if (typeof value === 'string') return value === '' ? 'empty' : value;
  return String(value);
}

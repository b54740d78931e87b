import { sql, type SQL } from 'drizzle-orm';
import type { QueryNode, RangeBound, WildcardToken } from './ast';
import { messageRegexSource, valueRegexSource } from './patterns';

/**
 * Compiles a Datadog search AST to a SQL condition over a `log_events` row, agreeing with the in-memory
 * matcher (match.ts) on every query. Every user value is a bind parameter; nothing is spliced in.
 * Columns are referenced unqualified: `message`, `severity`, `tags`, `attributes`.
 * Every condition is true or false, never NULL: `NOT NULL` is NULL, which would drop the row where the
 * matcher keeps it (tests/integration/query-agreement.test.ts holds the two to the same answers).
 */
export function compileQueryToSql(node: QueryNode): SQL {
  switch (node.kind) {
    case 'all':
      return sql`true`;
    case 'and':
      return sql`(${sql.join(node.children.map(compileQueryToSql), sql` and `)})`;
    case 'or':
      return sql`(${sql.join(node.children.map(compileQueryToSql), sql` or `)})`;
    case 'not':
      return sql`(not ${compileQueryToSql(node.child)})`;
    case 'message-term':
    case 'message-phrase':
    case 'message-wildcard':
      // Case-insensitive regex on the raw column, so the trigram index on `message` can serve it.
      return sql`(message ~* ${messageRegexSource(node)})`;
    case 'severity':
      return sql`(severity between ${node.min} and ${node.max})`;
    case 'tag':
      return sql`(tags @> jsonb_build_object(${node.key}::text, jsonb_build_array(${node.value}::text)))`;
    case 'tag-exists':
      // Never NULL (a missing key gives `[]`), so that `NOT tags:k` keeps the events without k.
      return sql`(jsonb_array_length(${tagArray(node.key)}) > 0)`;
    case 'tag-wildcard':
      return sql`exists (select 1 from ${tagValues(node.key)} as t(v) where t.v ~ ${valueRegexSource(node.pattern)})`;
    case 'tag-key-wildcard':
      return sql`exists (select 1 from jsonb_each(tags) as e(key, value) where e.key ~ ${valueRegexSource(node.pattern)} and jsonb_typeof(e.value) = 'array' and jsonb_array_length(e.value) > 0)`;
    case 'tag-range':
      return sql`exists (select 1 from ${tagValues(node.key)} as t(v) where ${textBounds(sql`t.v`, node.lower, node.upper)})`;
    case 'attribute':
      return attributeCondition(node.path, (v) => {
        const numberMatch = node.number === null ? sql`false` : sql`(jsonb_typeof(${v}) = 'number' and (${v})::numeric = ${String(node.number)}::numeric)`;
        return sql`((jsonb_typeof(${v}) in ('string', 'boolean') and (${v} #>> '{}') = ${node.value}) or ${numberMatch})`;
      });
    case 'attribute-wildcard':
      return attributeCondition(node.path, (v) => wildcardOnValue(v, node.pattern));
    case 'attribute-exists':
      return attributeCondition(node.path, (v) => sql`jsonb_typeof(${v}) <> 'null'`);
    case 'attribute-range':
      return attributeCondition(node.path, (v) => {
        const numeric = numericBounds(sql`(${v})::numeric`, node.lower, node.upper);
        const text = textBounds(sql`(${v} #>> '{}')`, node.lower, node.upper);
        return sql`((jsonb_typeof(${v}) = 'number' and ${numeric}) or (jsonb_typeof(${v}) = 'string' and ${text}))`;
      });
  }
}

/** The values of tag `key` as a jsonb array: `[]` when the key is missing or holds no array. Never NULL. */
function tagArray(key: string): SQL {
  return sql`case when jsonb_typeof(tags -> ${key}::text) = 'array' then tags -> ${key}::text else '[]'::jsonb end`;
}

function tagValues(key: string): SQL {
  return sql`jsonb_array_elements_text(${tagArray(key)})`;
}

/** Values at an attribute path: nested walk with arrays unwrapped one level, plus a flat key equal to the dotted path. */
function attributeCondition(path: readonly string[], condition: (value: SQL) => SQL): SQL {
  const v = sql`a.v`;
  const nested = sql`jsonb_path_query(attributes, ${attributeJsonPath(path)}::jsonpath)`;
  const values =
    path.length > 1
      ? sql`(select v from ${nested} as n(v) union all select v from jsonb_path_query(attributes, ${attributeJsonPath([path.join('.')])}::jsonpath) as f(v))`
      : sql`(select v from ${nested} as n(v))`;
  return sql`exists (select 1 from ${values} as a(v) where ${condition(v)})`;
}

/** A lax jsonpath that walks the keys and unwraps one array level at each step and at the end. */
export function attributeJsonPath(path: readonly string[]): string {
  return 'lax $' + path.map((key) => `."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join('') + '[*]';
}

function wildcardOnValue(v: SQL, pattern: readonly WildcardToken[]): SQL {
  const regex = valueRegexSource(pattern);
  // Safe integers match as their decimal text, as in JavaScript; other numbers never do.
  return sql`((jsonb_typeof(${v}) in ('string', 'boolean') and (${v} #>> '{}') ~ ${regex}) or (jsonb_typeof(${v}) = 'number' and (${v})::numeric = trunc((${v})::numeric) and abs((${v})::numeric) <= 9007199254740991 and trunc((${v})::numeric)::text ~ ${regex}))`;
}

function textBounds(value: SQL, lower: RangeBound | null, upper: RangeBound | null): SQL {
  const parts: SQL[] = [];
  if (lower) parts.push(lower.inclusive ? sql`${value} collate "C" >= ${lower.value}::text collate "C"` : sql`${value} collate "C" > ${lower.value}::text collate "C"`);
  if (upper) parts.push(upper.inclusive ? sql`${value} collate "C" <= ${upper.value}::text collate "C"` : sql`${value} collate "C" < ${upper.value}::text collate "C"`);
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

/** Numbers compare numerically with numeric bounds; a bound that is not a number rules numbers out. */
function numericBounds(value: SQL, lower: RangeBound | null, upper: RangeBound | null): SQL {
  const parts: SQL[] = [];
  for (const [bound, op] of [
    [lower, lower?.inclusive ? '>=' : '>'],
    [upper, upper?.inclusive ? '<=' : '<'],
  ] as const) {
    if (!bound) continue;
    if (bound.number === null) return sql`false`;
    parts.push(sql`${value} ${sql.raw(op!)} ${String(bound.number)}::numeric`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` and `)})` : sql`true`;
}

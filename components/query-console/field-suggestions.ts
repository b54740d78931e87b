import { STATUS_RANGES } from '@/server/query/ast';
import type { LogEvent } from '@/server/model/log-event';

/** What autocomplete offers: tag keys, attribute paths (without `@`) and common values by field. */
export interface FieldSuggestions {
  tagKeys: string[];
  attributePaths: string[];
  /** Keyed by tag key, or by `@path` for attributes. */
  values: Record<string, string[]>;
}

export const NO_SUGGESTIONS: FieldSuggestions = { tagKeys: [], attributePaths: [], values: {} };

export const STATUS_WORDS: readonly string[] = STATUS_RANGES.map((range) => range.status);

const SAMPLE_ROWS = 500;
const VALUES_PER_FIELD = 20;

function addCount(map: Map<string, Map<string, number>>, field: string, value: string) {
  let counts = map.get(field);
  if (!counts) map.set(field, (counts = new Map()));
  counts.set(value, (counts.get(value) ?? 0) + 1);
}

/** Attribute leaves as dotted paths with their primitive values (arrays of primitives unwrapped). */
export function flattenAttributes(value: unknown, prefix = '', into: Array<[string, unknown]> = [], depth = 0): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 8) {
    for (const [key, child] of Object.entries(value)) flattenAttributes(child, prefix ? `${prefix}.${key}` : key, into, depth + 1);
  } else if (prefix) {
    into.push([prefix, value]);
  }
  return into;
}

export function isFilterable(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Suggestions read from the events already loaded: they add attribute values, which the server does not list. */
export function suggestionsFromEvents(events: readonly LogEvent[]): FieldSuggestions {
  const values = new Map<string, Map<string, number>>();
  const tagKeys = new Set<string>();
  const attributePaths = new Set<string>();
  for (const event of events.slice(0, SAMPLE_ROWS)) {
    for (const [key, tagValues] of Object.entries(event.tags)) {
      tagKeys.add(key);
      for (const value of tagValues) addCount(values, key, value);
    }
    for (const [path, value] of flattenAttributes(event.attributes)) {
      attributePaths.add(path);
      const leaves = Array.isArray(value) ? value : [value];
      for (const leaf of leaves) if (isFilterable(leaf)) addCount(values, `@${path}`, String(leaf));
    }
  }
  const top: Record<string, string[]> = {};
  for (const [field, counts] of values) {
    top[field] = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, VALUES_PER_FIELD)
      .map(([value]) => value);
  }
  return { tagKeys: [...tagKeys].sort(), attributePaths: [...attributePaths].sort(), values: top };
}

export function mergeSuggestions(a: FieldSuggestions, b: FieldSuggestions): FieldSuggestions {
  const values: Record<string, string[]> = { ...a.values };
  for (const [field, list] of Object.entries(b.values)) values[field] = [...new Set([...(values[field] ?? []), ...list])];
  return {
    tagKeys: [...new Set([...a.tagKeys, ...b.tagKeys])].sort(),
    attributePaths: [...new Set([...a.attributePaths, ...b.attributePaths])].sort(),
    values,
  };
}

export interface CompletionOption {
  label: string;
  /** The text that replaces the word being completed. */
  apply: string;
  detail: string;
  /** After a field name, values are offered next. */
  reopen: boolean;
}

const MAX_OPTIONS = 40;

function rank(candidates: CompletionOption[], prefix: string, key: (option: CompletionOption) => string): CompletionOption[] {
  const needle = prefix.toLowerCase();
  const starts: CompletionOption[] = [];
  const contains: CompletionOption[] = [];
  for (const option of candidates) {
    const text = key(option).toLowerCase();
    if (text === needle) continue;
    if (text.startsWith(needle)) starts.push(option);
    else if (needle && text.includes(needle)) contains.push(option);
  }
  return [...starts, ...contains].slice(0, MAX_OPTIONS);
}

const escapeField = (text: string) => text.replace(/[\s():"\\*?]/g, '\\$&');
const isBareValue = (value: string) => value !== '' && /^[A-Za-z0-9_./@][A-Za-z0-9_./@-]*$/.test(value) && !['AND', 'OR', 'NOT', 'TO'].includes(value);

export function fieldOptions(suggestions: FieldSuggestions, prefix: string): CompletionOption[] {
  const attributeOnly = prefix.startsWith('@');
  const candidates: CompletionOption[] = [];
  if (!attributeOnly) {
    candidates.push({ label: 'status:', apply: 'status:', detail: 'severity', reopen: true });
    for (const key of suggestions.tagKeys) {
      if (key === 'status') continue;
      candidates.push({ label: `${key}:`, apply: `${escapeField(key)}:`, detail: 'tag', reopen: true });
    }
  }
  for (const path of suggestions.attributePaths) {
    candidates.push({ label: `@${path}:`, apply: `@${path.split('.').map(escapeField).join('.')}:`, detail: 'attribute', reopen: true });
  }
  return rank(candidates, prefix, (option) => option.label);
}

export function valueOptions(suggestions: FieldSuggestions, field: string, prefix: string): CompletionOption[] {
  let values: readonly string[];
  if (field === 'status') values = STATUS_WORDS;
  else if (field.startsWith('@')) values = suggestions.values[field] ?? suggestions.values[field.slice(1)] ?? [];
  else values = suggestions.values[field] ?? [];
  const unquoted = prefix.replace(/^"/, '');
  const candidates = values.map((value) => ({
    label: value,
    apply: isBareValue(value) ? value : `"${value.replace(/[\\"]/g, '\\$&')}"`,
    detail: field === 'status' ? 'status' : '',
    reopen: false,
  }));
  return rank(candidates, unquoted, (option) => option.label);
}

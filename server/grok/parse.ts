// Runs a compiled grok program over text: the first rule that matches the whole text and whose
// values convert wins; its extracted fields are then applied to a copy of the event.

import { severityFromText } from '../ingest/severity';
import type { LogEvent } from '../model/log-event';
import type { CompiledGrokRule, GrokProgram } from './compile';
import { parseIsoDateTime } from './date-format';
import { NO_VALUE, type GrokEnv } from './fragment';

/** The part of a compiled regular expression the parser needs (RE2 in the engine, RegExp in a browser). */
export interface GrokRegex {
  exec(text: string): { groups?: Record<string, string | undefined> } | null;
}

export interface GrokMatch {
  /** The name of the rule that matched. */
  rule: string;
  attributes: Record<string, unknown>;
  tags: Record<string, string[]>;
  severity?: number;
  eventTimestamp?: number;
}

export type GrokParser = (text: string, env: GrokEnv) => GrokMatch | undefined;

export type GrokParserResult = { ok: true; parse: GrokParser } | { ok: false; rule: CompiledGrokRule; reason: string };

/** Compiles each rule's source with `compile`; a source it rejects is reported, with its rule. */
export function createGrokParser(program: GrokProgram, compile: (source: string) => GrokRegex): GrokParserResult {
  const compiled: Array<{ rule: CompiledGrokRule; regex: GrokRegex }> = [];
  for (const rule of program.rules) {
    try {
      compiled.push({ rule, regex: compile(rule.source) });
    } catch (error) {
      return { ok: false, rule, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  return {
    ok: true,
    parse(text, env) {
      for (const { rule, regex } of compiled) {
        const match = regex.exec(text);
        if (!match) continue;
        const extracted = extract(rule, match.groups ?? {}, env);
        if (extracted) return extracted;
      }
      return undefined;
    },
  };
}

function extract(rule: CompiledGrokRule, groups: Record<string, string | undefined>, env: GrokEnv): GrokMatch | undefined {
  const result: GrokMatch = { rule: rule.name, attributes: {}, tags: {} };
  for (const capture of rule.captures) {
    const text = groups[capture.group];
    if (text === undefined) continue; // inside an optional part that did not take part
    let value = capture.value(text, (suffix) => groups[`${capture.group}_${suffix}`], env);
    if (value === NO_VALUE) return undefined;
    for (const filter of capture.filters) {
      value = filter(value);
      if (value === NO_VALUE) break;
    }
    if (value === NO_VALUE || value === undefined) continue;

    const { target } = capture;
    switch (target.kind) {
      case 'attribute':
        setPath(result.attributes, target.path, value);
        break;
      case 'merge':
        if (isPlainObject(value)) result.attributes = mergeObjects(result.attributes, value);
        break;
      case 'tag': {
        const values = tagValues(value);
        if (values.length > 0) setOwn(result.tags, target.key, values);
        break;
      }
      case 'severity': {
        const severity = toSeverity(value);
        if (severity !== undefined) result.severity = severity;
        break;
      }
      case 'eventTimestamp': {
        const timestamp = toTimestamp(value);
        if (timestamp !== undefined) result.eventTimestamp = timestamp;
        break;
      }
    }
  }
  return result;
}

/** A new event with the match applied; the input event is left untouched. */
export function applyGrokMatch(event: LogEvent, match: GrokMatch): LogEvent {
  const tags = { ...event.tags };
  for (const [key, values] of Object.entries(match.tags)) {
    const existing = Object.hasOwn(tags, key) ? tags[key] : [];
    setOwn(tags, key, [...new Set([...existing, ...values])]);
  }
  return {
    ...event,
    attributes: mergeObjects(event.attributes, match.attributes),
    tags,
    severity: match.severity ?? event.severity,
    eventTimestamp: match.eventTimestamp ?? event.eventTimestamp,
  };
}

/** An attribute by dotted path: a key with the dots in it first, then nested objects. */
export function readAttribute(attributes: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(attributes, path)) return attributes[path];
  let current: unknown = attributes;
  for (const segment of path.split('.')) {
    if (!isPlainObject(current) || !Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}

function toSeverity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 24 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return toSeverity(Number(value));
  return severityFromText(value);
}

function toTimestamp(value: unknown): number | undefined {
  let millis: number | undefined;
  if (typeof value === 'number') millis = value;
  else if (typeof value === 'string') millis = /^\s*\d+\s*$/.test(value) ? Number(value) : parseIsoDateTime(value);
  return millis !== undefined && Number.isFinite(millis) && millis >= 0 ? Math.round(millis) : undefined;
}

function tagValues(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values
    .filter((item) => item !== null && item !== undefined)
    .map((item) => (typeof item === 'object' ? JSON.stringify(item) : String(item)));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Assigns an own property, even one called `__proto__`, without touching any prototype. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function setPath(root: Record<string, unknown>, path: readonly string[], value: unknown) {
  let current = root;
  for (const segment of path.slice(0, -1)) {
    const next = Object.hasOwn(current, segment) ? current[segment] : undefined;
    if (isPlainObject(next)) current = next;
    else {
      const created: Record<string, unknown> = {};
      setOwn(current, segment, created);
      current = created;
    }
  }
  setOwn(current, path[path.length - 1], value);
}

/** `extra` laid over `base`, objects merged key by key; both inputs are left as they were. */
function mergeObjects(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = Object.hasOwn(merged, key) ? merged[key] : undefined;
    setOwn(merged, key, isPlainObject(existing) && isPlainObject(value) ? mergeObjects(existing, value) : value);
  }
  return merged;
}

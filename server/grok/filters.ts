// Filters (Grepr calls them transformers): `%{matcher:field:filter(args)}` converts an extracted value.
// A filter that cannot convert its input returns NO_VALUE, and the field is then left out.

import { parseIsoDateTime } from './date-format';
import { NO_VALUE } from './fragment';
import { DEFAULT_KEY_VALUE_OPTIONS, parseKeyValues } from './key-value';
import { describeArgs, GrokRuleError, type GrokArg } from './syntax';

export type GrokFilter = (value: unknown) => unknown;
type FilterBuilder = (args: readonly GrokArg[], name: string) => GrokFilter;

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC.test(value.trim())) return Number(value.trim());
  return undefined;
}

function noArgs(convert: GrokFilter): FilterBuilder {
  return (args, name) => {
    if (args.length > 0) throw new GrokRuleError(`filter '${name}' takes no arguments`);
    return convert;
  };
}

function stringArgs(name: string, args: readonly GrokArg[], max: number): string[] {
  if (args.length > max || args.some((arg) => arg.kind !== 'string')) {
    throw new GrokRuleError(`filter '${name}' takes up to ${max} quoted argument${max === 1 ? '' : 's'}, got (${describeArgs(args)})`);
  }
  return args.map((arg) => arg.value as string);
}

const onStrings =
  (convert: (text: string) => unknown): GrokFilter =>
  (value) =>
    typeof value === 'string' ? convert(value) : value;

const toInteger: GrokFilter = (value) => {
  const number = toNumber(value);
  return number === undefined || !Number.isSafeInteger(Math.trunc(number)) ? NO_VALUE : Math.trunc(number);
};

const toFloat: GrokFilter = (value) => toNumber(value) ?? NO_VALUE;

const toBoolean: GrokFilter = (value) => {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return NO_VALUE;
  const word = value.trim().toLowerCase();
  return word === 'true' ? true : word === 'false' ? false : NO_VALUE;
};

const parseJson = onStrings((text) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NO_VALUE;
  }
});

const decodeComponent = onStrings((text) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return NO_VALUE;
  }
});

function queryStringObject(query: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(query)) if (key !== '') result[key] = value;
  return result;
}

const parseQueryString = onStrings((text) => {
  const question = text.indexOf('?');
  return queryStringObject(question >= 0 ? text.slice(question + 1) : text);
});

const parseUrl = onStrings((text) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return NO_VALUE;
  }
  const details: Record<string, unknown> = { scheme: url.protocol.replace(/:$/, ''), host: url.hostname, path: url.pathname };
  if (url.port !== '') details.port = Number(url.port);
  if (url.search !== '') details.queryString = queryStringObject(url.search);
  return details;
});

function csvFields(line: string, separator: string, quote: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted) {
      if (char === quote && line[i + 1] === quote) {
        field += quote;
        i += 1;
      } else if (char === quote) quoted = false;
      else field += char;
    } else if (char === quote && field === '') quoted = true;
    else if (line.startsWith(separator, i)) {
      fields.push(field);
      field = '';
      i += separator.length - 1;
    } else field += char;
  }
  fields.push(field);
  return fields;
}

const FILTERS: Record<string, FilterBuilder> = {
  number: noArgs(toFloat),
  integer: noArgs(toInteger),
  boolean: noArgs(toBoolean),
  lowercase: noArgs(onStrings((text) => text.toLowerCase())),
  uppercase: noArgs(onStrings((text) => text.toUpperCase())),
  json: noArgs(parseJson),
  decodeuricomponent: noArgs(decodeComponent),
  querystring: noArgs(parseQueryString),
  url: noArgs(parseUrl),
  isoDateTimeToMillis: noArgs((value) =>
    typeof value === 'number' ? value : typeof value === 'string' ? (parseIsoDateTime(value) ?? NO_VALUE) : NO_VALUE,
  ),

  nullIf(args, name) {
    if (args.length !== 1) throw new GrokRuleError(`filter '${name}' takes one argument: the value that means null`);
    const sentinel = String(args[0].value);
    return (value) => (String(value) === sentinel ? null : value);
  },

  scale(args, name) {
    if (args.length !== 1 || args[0].kind !== 'number') throw new GrokRuleError(`filter '${name}' takes one number, e.g. scale(0.001)`);
    const factor = args[0].value;
    return (value) => {
      const number = toNumber(value);
      // Rounding to 15 significant digits hides binary noise: 3 × 0.1 is 0.3, not 0.30000000000000004.
      return number === undefined ? NO_VALUE : Number((number * factor).toPrecision(15));
    };
  },

  keyvalue(args, name) {
    const [separator, allowed, quotes, delimiters] = stringArgs(name, args, 4);
    if (separator === '') throw new GrokRuleError(`filter '${name}' needs a non-empty separator`);
    if (quotes && quotes.length % 2 !== 0) {
      throw new GrokRuleError(`filter '${name}': quotes come in opening and closing pairs, e.g. "<>{}", got "${quotes}"`);
    }
    const options = {
      separator: separator ?? DEFAULT_KEY_VALUE_OPTIONS.separator,
      allowed: allowed ?? DEFAULT_KEY_VALUE_OPTIONS.allowed,
      quotes: quotes || DEFAULT_KEY_VALUE_OPTIONS.quotes,
      delimiters: delimiters || DEFAULT_KEY_VALUE_OPTIONS.delimiters,
    };
    return onStrings((text) => parseKeyValues(text, options));
  },

  csv(args, name) {
    const [headers, separator = ',', quote = '"'] = stringArgs(name, args, 3);
    if (headers === undefined) throw new GrokRuleError(`filter '${name}' needs the column names, e.g. csv("id,user,status")`);
    if (separator === '' || quote.length !== 1) {
      throw new GrokRuleError(`filter '${name}' needs a non-empty separator and a one-character quote`);
    }
    const columns = headers.split(separator).map((column) => column.trim());
    return onStrings((text) => {
      const fields = csvFields(text, separator, quote);
      const row: Record<string, string> = {};
      columns.forEach((column, index) => {
        if (column !== '' && index < fields.length) row[column] = fields[index];
      });
      return row;
    });
  },

  array(args, name) {
    const strings = args.filter((arg) => arg.kind === 'string').map((arg) => arg.value as string);
    const last = args[args.length - 1];
    const elementFilter = last?.kind === 'word' ? buildFilter({ name: last.value, args: undefined }) : undefined;
    const expected = args.length - (elementFilter ? 1 : 0);
    if (strings.length !== expected || strings.length > 2) {
      throw new GrokRuleError(`filter '${name}' takes ([brackets, ] separator[, filter]), e.g. array("[]", ",", integer)`);
    }
    const [open, close] = strings.length === 2 ? [strings[0][0] ?? '', strings[0][1] ?? ''] : ['', ''];
    const separator = strings[strings.length - 1] ?? ',';
    if (separator === '') throw new GrokRuleError(`filter '${name}' needs a non-empty separator`);
    return onStrings((text) => {
      let inner = text.trim();
      if (open !== '' && inner.startsWith(open) && inner.endsWith(close)) inner = inner.slice(open.length, inner.length - close.length);
      if (inner.trim() === '') return [];
      const elements: unknown[] = [];
      for (const piece of inner.split(separator)) {
        const element = elementFilter ? elementFilter(piece.trim()) : piece.trim();
        if (element !== NO_VALUE) elements.push(element);
      }
      return elements;
    });
  },
};

const ALIASES: Record<string, string> = { int: 'integer', float: 'number' };

/** Filters Datadog documents that Weir does not implement. */
export const unsupportedFilters: ReadonlySet<string> = new Set(['useragent', 'xml', 'rubyhash']);

/** Builds a filter from its call; throws GrokRuleError for unknown filters and bad arguments. */
export function buildFilter(call: { name: string; args?: readonly GrokArg[] }): GrokFilter {
  const name = ALIASES[call.name] ?? call.name;
  const builder = Object.hasOwn(FILTERS, name) ? FILTERS[name] : undefined;
  if (!builder) {
    if (unsupportedFilters.has(call.name)) throw new GrokRuleError(`filter '${call.name}' is not supported`);
    const hint = Object.keys(FILTERS).find((known) => known.toLowerCase() === call.name.toLowerCase());
    throw new GrokRuleError(`filter '${call.name}' is not supported${hint ? ` (did you mean '${hint}'?)` : ''}`);
  }
  return builder(call.args ?? [], call.name);
}

/** Every filter name Weir accepts, aliases included. */
export const filterNames: readonly string[] = [...Object.keys(FILTERS), ...Object.keys(ALIASES)];

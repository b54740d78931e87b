import type { ValidationProblem } from './job';
import { joinPath } from './problems';

/** Deeper input than this is refused: nothing Weir stores needs it, and deep nesting exhausts stacks downstream. */
export const MAX_JSON_DEPTH = 64;

// A NUL character or an unpaired UTF-16 surrogate cannot be stored in Postgres text or jsonb.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first reason a parsed JSON value cannot be accepted as-is, with its path; undefined when it is fine. */
export function findJsonProblem(value: unknown, path: readonly (string | number)[] = [], depth = 0): ValidationProblem | undefined {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value) ? { path: joinPath('', path), message: describeUnstorable(value) } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_JSON_DEPTH) return { path: joinPath('', path), message: `is nested deeper than ${MAX_JSON_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const problem = findJsonProblem(value[index], [...path, index], depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, entry] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return { path: joinPath('', path), message: `has a key that ${describeUnstorable(key).replace(/^contains/, 'contains')}` };
    const problem = findJsonProblem(entry, [...path, key], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

/** True when a plain string (a path or query parameter) can be stored and compared. */
export const isStorableText = (text: string) => !UNSTORABLE.test(text);

function describeUnstorable(text: string): string {
  return text.includes('\u0000') ? 'contains a NUL character (\\u0000), which cannot be stored' : 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
}

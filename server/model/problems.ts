import type { z } from 'zod';
import type { ValidationProblem } from './job';

/** Joins a path the way users read JSON: `jobGraph.vertices[1].query`. */
export function joinPath(prefix: string, segments: readonly PropertyKey[]): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else path += path ? `.${String(segment)}` : String(segment);
  }
  return path;
}

/** Turns zod issues into problems a person can act on, one per field (one per unknown key). */
export function zodIssuesToProblems(issues: readonly z.core.$ZodIssue[], prefix = ''): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({ path: joinPath(prefix, [...issue.path, key]), message: `unknown field "${key}"` });
      }
      continue;
    }
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // Report the alternative that got furthest rather than "invalid input".
      const best = issue.errors.reduce((a, b) => (a.length <= b.length ? a : b));
      problems.push(...zodIssuesToProblems(best, joinPath(prefix, issue.path)));
      continue;
    }
    problems.push({ path: joinPath(prefix, issue.path), message: describeIssue(issue) });
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'nonoptional') return 'is required';
    if (/received undefined$/.test(issue.message)) return `is required (${article(issue.expected)})`;
    // `input` is present when parsing with { reportInput: true }.
    if ('input' in issue) return `must be ${article(issue.expected)}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  return issue.message;
}

function article(type: string) {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

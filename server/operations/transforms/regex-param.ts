import { z } from 'zod';

// User regexes run on RE2 at run time, but operation schemas are pure and also run in the browser, so
// validation cannot ask RE2. Instead a pattern is scanned for the constructs RE2 lacks (each gets a
// message saying so), translated into an equivalent JS pattern where RE2 syntax differs from JS
// (inline flags, `(?P<name>`, `\Q…\E`), and compiled with JS RegExp to catch the remaining syntax errors.

const RE2_NOTE = 'user regexes run on RE2';
/** RE2 rejects repeat counts above this. */
const MAX_REPEAT = 1000;
/** Letter and digit escapes RE2 accepts outside a character class (as the `re2` package passes them on). */
const ESCAPES_OUTSIDE_CLASS = new Set('abcdfnprstuvwxzABCDPSW0');
/** …and inside one. */
const ESCAPES_INSIDE_CLASS = new Set('acdfnprstuvwxDPSW0');
/** Escapes that take an argument, and what it must look like (the `re2` package reads \u and \c as JS does). */
const ESCAPE_ARGUMENTS: Record<string, { pattern: RegExp; needs: string }> = {
  x: { pattern: /^(?:[0-9a-fA-F]{2}|\{[0-9a-fA-F]+\})/, needs: 'two hex digits or braces, e.g. \\x41 or \\x{263a}' },
  u: { pattern: /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/, needs: 'four hex digits, e.g. \\u00e9' },
  c: { pattern: /^[A-Z]/, needs: 'an upper-case letter, e.g. \\cA' },
  p: { pattern: /^(?:[A-Za-z]|\{\^?[A-Za-z_]+\})/, needs: 'a class name, e.g. \\pL or \\p{Greek}' },
  P: { pattern: /^(?:[A-Za-z]|\{\^?[A-Za-z_]+\})/, needs: 'a class name, e.g. \\PL or \\P{Greek}' },
};
const POSIX_CLASSES = new Set([
  'alnum', 'alpha', 'ascii', 'blank', 'cntrl', 'digit', 'graph', 'lower', 'print', 'punct', 'space', 'upper', 'word', 'xdigit',
]);
const INLINE_FLAGS = /^\(\?[imsU]*(?:-[imsU]+)?[:)]/;
const REPEAT = /^\{(\d+)(?:,(\d*))?\}/;

/**
 * Why `pattern` is not a regex RE2 can run, or undefined when it is. Positions count characters from 1.
 * Checks syntax only, so RE2 may still refuse a pattern whose program is too large or that names an unknown
 * Unicode class. Slightly stricter than RE2 where it reads something that looks like a backreference
 * as an octal escape (`\11`).
 */
export function checkRegex(pattern: string): string | undefined {
  const scanned = scanForRe2(pattern);
  if ('problem' in scanned) return scanned.problem;
  try {
    new RegExp(scanned.jsPattern);
  } catch (error) {
    return `is not a valid regular expression: ${syntaxErrorReason(error)}`;
  }
  return undefined;
}

/** A user-supplied regular expression, checked for RE2 compatibility so a bad one fails validation at its field. */
export const regexParam = z
  .string()
  .min(1, 'must not be empty')
  .superRefine((pattern, ctx) => {
    const problem = checkRegex(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: pattern });
  })
  .describe('A regular expression in RE2 syntax (no lookaround, backreferences or possessive quantifiers)');

type ScanResult = { jsPattern: string } | { problem: string };

function scanForRe2(pattern: string): ScanResult {
  let js = '';
  let inClass = false;
  let i = 0;
  const unsupported = (what: string, at: number): ScanResult => ({
    problem: `${what} at character ${at + 1} is not supported (${RE2_NOTE})`,
  });

  while (i < pattern.length) {
    const char = pattern[i];

    if (char === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return { problem: 'ends with a lone backslash; write \\\\ for a literal backslash' };
      if (next === 'Q' && !inClass) {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? pattern.length : end);
        js += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? pattern.length : end + 2;
        continue;
      }
      if (/[1-9]/.test(next)) {
        return inClass
          ? unsupported(`the escape \\${next} in a character class`, i)
          : unsupported(`a backreference (\\${next})`, i);
      }
      if (next === 'k') return unsupported('a named backreference (\\k<name>)', i);
      if (/[A-Za-z0-9]/.test(next) && !(inClass ? ESCAPES_INSIDE_CLASS : ESCAPES_OUTSIDE_CLASS).has(next)) {
        return unsupported(`the escape \\${next}`, i);
      }
      if (next.charCodeAt(0) > 0x7f) return unsupported(`the escape \\${next}`, i);
      const argument = ESCAPE_ARGUMENTS[next];
      if (argument && !argument.pattern.test(pattern.slice(i + 2))) {
        return { problem: `the escape \\${next} at character ${i + 1} needs ${argument.needs}` };
      }
      js += char + next;
      i += 2;
      continue;
    }

    if (inClass) {
      if (char === '[' && pattern[i + 1] === ':') {
        const posix = /^\[:\^?([a-z]*):\]/.exec(pattern.slice(i));
        if (posix && !POSIX_CLASSES.has(posix[1])) {
          return { problem: `[:${posix[1]}:] at character ${i + 1} is not a character class RE2 knows` };
        }
      }
      if (char === ']') inClass = false;
      js += char;
      i += 1;
      continue;
    }

    if (char === '[') {
      inClass = true;
      js += char;
      i += 1;
      if (pattern[i] === '^') {
        js += '^';
        i += 1;
      }
      // RE2 (like Perl) reads a `]` first in a class as a literal; JS would read `[]` as an empty class.
      if (pattern[i] === ']') {
        js += '\\]';
        i += 1;
      }
      continue;
    }

    if (char === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (rest.startsWith('=') || rest.startsWith('!')) return unsupported(`lookahead (?${rest[0]}…)`, i);
      if (rest.startsWith('<=') || rest.startsWith('<!')) return unsupported(`lookbehind (?${rest.slice(0, 2)}…)`, i);
      if (rest.startsWith('>')) return unsupported('an atomic group (?>…)', i);
      if (rest.startsWith('#')) return unsupported('a comment group (?#…)', i);
      if (rest.startsWith('P=') || rest.startsWith('P>')) return unsupported('a named backreference (?P=…)', i);
      if (rest.startsWith('P<')) {
        js += '(?<';
        i += 4;
        continue;
      }
      const flags = INLINE_FLAGS.exec(pattern.slice(i));
      if (flags) {
        // JS has no inline flags; for a syntax check `(?i)` can vanish and `(?i:` can be `(?:`.
        if (flags[0].endsWith(':')) js += '(?:';
        i += flags[0].length;
        continue;
      }
      js += '(?';
      i += 2;
      continue;
    }

    if (char === '{') {
      const repeat = REPEAT.exec(pattern.slice(i));
      if (repeat) {
        const counts = [repeat[1], repeat[2]].filter((count) => count !== undefined && count !== '').map(Number);
        if (counts.some((count) => count > MAX_REPEAT)) {
          return { problem: `repeat count ${repeat[0]} at character ${i + 1} is above RE2's limit of ${MAX_REPEAT}` };
        }
        js += repeat[0];
        i += repeat[0].length;
        if (pattern[i] === '+') return unsupported(`a possessive quantifier (${repeat[0]}+)`, i - repeat[0].length);
        continue;
      }
    }

    if (char === '*' || char === '+' || char === '?') {
      js += char;
      i += 1;
      if (pattern[i] === '+') return unsupported(`a possessive quantifier (${char}+)`, i - 1);
      continue;
    }

    js += char;
    i += 1;
  }
  return { jsPattern: js };
}

function syntaxErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // V8: "Invalid regular expression: /<pattern>/<flags>: <reason>"; the translated pattern would only confuse.
  const reason = /: ([^:]+)$/.exec(message)?.[1] ?? message;
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}

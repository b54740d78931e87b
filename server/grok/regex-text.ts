// Rules run on RE2 in the engine but are checked with JavaScript's RegExp where RE2 is not
// available (validation, the browser). The two dialects differ, so user-written regex text is
// checked here for what RE2 rejects, and translated for JavaScript's syntax check.

import { GrokRuleError } from './syntax';

/** Throws a GrokRuleError for constructs RE2 cannot run (lookaround, backreferences, `\Z`). */
export function checkRe2Compatible(text: string, where: string): void {
  let inClass = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\\') {
      const next = text[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) fail(`backreferences such as '\\${next}' are not supported`, where);
      if (next === 'k' && text[i + 2] === '<') fail(`named backreferences ('\\k<…>') are not supported`, where);
      if (next === 'Z') fail(`'\\Z' is not supported; use '$' (a rule always matches the whole text)`, where);
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
      if (text[i + 1] === '^') i += 1;
      if (text[i + 1] === ']') i += 1;
      continue;
    }
    if (char === '(' && text[i + 1] === '?') {
      const head = text.slice(i + 2, i + 4);
      if (head.startsWith('=') || head.startsWith('!') || head === '<=' || head === '<!') {
        fail('lookahead and lookbehind are not supported (rules run on RE2, which guarantees linear time)', where);
      }
      if (head.startsWith('>')) fail('atomic groups (?>…) are not supported', where);
    }
  }
}

function fail(message: string, where: string): never {
  throw new GrokRuleError(`${message} in ${where}`);
}

/**
 * Rewrites RE2-only syntax that JavaScript lacks so that JavaScript can check the rest:
 * `(?P<name>` → `(?<name>`, inline flags `(?i)` dropped, `(?i:` → `(?:`.
 */
export function toJavaScriptSyntax(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') {
      out += source.slice(i, i + 2);
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      out += char;
      continue;
    }
    if (char === '[') {
      inClass = true;
      out += char;
      continue;
    }
    if (char === '(' && source[i + 1] === '?') {
      if (source[i + 2] === 'P' && source[i + 3] === '<') {
        out += '(?<';
        i += 3;
        continue;
      }
      const flags = /^\(\?[imsU-]+([):])/.exec(source.slice(i, i + 12));
      if (flags) {
        out += flags[1] === ':' ? '(?:' : '';
        i += flags[0].length - 1;
        continue;
      }
    }
    out += char;
  }
  return out;
}

/** JavaScript's syntax check of a complete pattern: undefined when fine, else the reason. */
export function javaScriptSyntaxError(source: string): string | undefined {
  try {
    new RegExp(toJavaScriptSyntax(source));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.slice(message.lastIndexOf(': ') + 2);
    return reason.charAt(0).toLowerCase() + reason.slice(1);
  }
}

/** `[Jj][Aa][Nn]`: case-insensitive text in both dialects without flags. */
export function caseInsensitive(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const upper = char.toUpperCase();
    out += lower === upper ? escapeRegex(char) : `[${upper}${lower}]`;
  }
  return out;
}

export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

// Regex text helpers for patterns Weir writes itself, in the syntax RE2 and JavaScript share.

import { checkRegex } from '../operations/transforms/regex-param';
import { GrokRuleError } from './syntax';

/**
 * Throws a GrokRuleError when `pattern` cannot run on RE2 (lookaround, backreferences…) or is not a
 * regular expression at all. `what` names it in the message, e.g. `regex("[a-z")`. Positions are left
 * out for an expanded rule: they would count characters the user never wrote.
 */
export function requireRe2Regex(pattern: string, what: string, { positions = true } = {}): void {
  const problem = checkRegex(pattern);
  if (!problem) return;
  const reason = positions ? problem : problem.replace(/ at character \d+/, '');
  throw new GrokRuleError(reason.startsWith('is ') ? `${what} ${reason}` : `${what}: ${reason}`);
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

import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure, startFailure, type CompiledRegex } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { predicateMatcher, predicateParam } from './predicate-param';
import { regexParam } from './regex-param';

const MAX_LABEL_LENGTH = 64;

const maskObject = z.strictObject({
  regex: regexParam.describe('The regular expression whose matches are rewritten (RE2 syntax).'),
  replacement: z
    .string()
    .max(64)
    .optional()
    .describe('Text put in place of each match; by default the label in square brackets, e.g. [email].'),
  preserveThrough: z
    .string()
    .min(1)
    .max(16)
    .optional()
    .describe(
      'Keep the match verbatim up to and including the first occurrence of this text, and rewrite only the rest: ' +
        'with "=", a match of "token=abc" becomes "token=[label]".',
    ),
});

/** A mask: a bare regex, or a regex with its replacement and preserved prefix. */
const mask = z.union([regexParam, maskObject]);

/** Masks by label. Labels also name the default replacement, `[label]`. */
const masksByLabel = z.record(z.string(), mask).superRefine((masks, ctx) => {
  for (const label of Object.keys(masks)) {
    if (label === '' || label.length > MAX_LABEL_LENGTH) {
      ctx.addIssue({ code: 'custom', path: [label], message: `a mask label must be 1–${MAX_LABEL_LENGTH} characters` });
    }
  }
});

const attributeMask = z.strictObject({
  path: z.array(z.string()).min(1, 'must name at least one key').describe('The attribute to mask, as a list of keys.'),
  masks: masksByLabel.describe('Masks for the string at this path, by label.'),
});

export const maskingOperator = defineOperation({
  type: 'masking-operator',
  kind: 'transform',
  title: 'Mask',
  description:
    'Replaces sensitive text (emails, tokens, card numbers) in messages and attributes with labels such as [email]. ' +
    'Where masks overlap, the leftmost match wins, then the longest, then the first declared.',
  params: z
    .strictObject({
      messageMasks: masksByLabel
        .default({})
        .describe('Masks for the message, by label: {"email": "\\\\S+@\\\\S+"} turns addresses into [email].'),
      attributeMasks: z
        .array(attributeMask)
        .default([])
        .describe('Masks for string attributes at exact paths; other values and missing paths are left alone.'),
      predicate: predicateParam.optional().describe('Mask only the events matching this query; others pass unchanged.'),
    })
    .superRefine((params, ctx) => {
      const seen = new Map<string, number>();
      params.attributeMasks.forEach((entry, index) => {
        const key = JSON.stringify(entry.path);
        const first = seen.get(key);
        if (first === undefined) seen.set(key, index);
        else {
          ctx.addIssue({
            code: 'custom',
            path: ['attributeMasks', index, 'path'],
            message: `repeats the path of attributeMasks[${first}]; paths must be unique`,
          });
        }
      });
    }),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params, ctx) {
    const predicate = params.predicate ? predicateMatcher(params.predicate, 'predicate') : undefined;
    if (predicate && isStartFailure(predicate)) return predicate;

    const compile = (masks: Record<string, z.output<typeof mask>>, field: string): MaskSet | string => {
      const compiled: CompiledMask[] = [];
      const sources: string[] = [];
      for (const [label, definition] of Object.entries(masks)) {
        const { regex, replacement, preserveThrough } = typeof definition === 'string' ? { regex: definition } : definition;
        try {
          compiled.push({ regex: ctx.compileRegex(regex, 'g'), replacement: replacement ?? `[${label}]`, preserveThrough });
          sources.push(regex);
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          return `${field}.${label}: RE2 cannot compile ${JSON.stringify(regex)}: ${reason}`;
        }
      }
      if (compiled.length < 2) return { masks: compiled };
      try {
        // Inline flags stay inside their group; this fails only on clashes such as a capture name used twice.
        return { masks: compiled, anyMatch: ctx.compileRegex(sources.map((source) => `(?:${source})`).join('|')) };
      } catch {
        return { masks: compiled };
      }
    };
    const messageMasks = compile(params.messageMasks, 'messageMasks');
    if (typeof messageMasks === 'string') return startFailure(messageMasks);
    const attributeMasks: Array<{ path: string[]; masks: MaskSet }> = [];
    for (const [index, entry] of params.attributeMasks.entries()) {
      const masks = compile(entry.masks, `attributeMasks[${index}].masks`);
      if (typeof masks === 'string') return startFailure(masks);
      attributeMasks.push({ path: entry.path, masks });
    }

    const maskEvent = (event: LogEvent): LogEvent => {
      if (predicate && !predicate.match(event)) return event;
      const message = applyMasks(event.message, messageMasks);
      let attributes = event.attributes;
      for (const { path, masks } of attributeMasks) {
        const value = valueAt(attributes, path);
        if (typeof value !== 'string') continue;
        const masked = applyMasks(value, masks);
        if (masked !== value) attributes = replaceAt(attributes, path, masked);
      }
      return message === event.message && attributes === event.attributes ? event : { ...event, message, attributes };
    };

    return {
      kind: 'transform',
      async process(events, out) {
        if (events.length > 0) await out.emit('out', events.map(maskEvent));
      },
    };
  },
});

interface CompiledMask {
  regex: CompiledRegex;
  replacement: string;
  preserveThrough?: string;
}

interface MaskSet {
  masks: CompiledMask[];
  /** All masks as one alternation, to pass over text that none of them matches in a single RE2 call. */
  anyMatch?: CompiledRegex;
}

interface Match {
  start: number;
  end: number;
}

/**
 * Rewrites every match of every mask in one left-to-right pass: at each step the leftmost match wins,
 * then the longest, then the mask declared first; scanning resumes after it. Empty matches are ignored.
 */
function applyMasks(text: string, { masks, anyMatch }: MaskSet): string {
  if (masks.length === 0 || text === '') return text;
  if (anyMatch && !anyMatch.test(text)) return text;
  const cursors = masks.map((mask) => new MatchCursor(mask.regex, text));
  let result = '';
  let position = 0;
  for (;;) {
    let best: Match | undefined;
    let bestMask = -1;
    for (let i = 0; i < masks.length; i++) {
      const match = cursors[i].next(position);
      if (match && (!best || match.start < best.start || (match.start === best.start && match.end > best.end))) {
        best = match;
        bestMask = i;
      }
    }
    if (!best) break;
    const mask = masks[bestMask];
    const matched = text.slice(best.start, best.end);
    const cut = mask.preserveThrough === undefined ? -1 : matched.indexOf(mask.preserveThrough);
    const kept = cut === -1 ? '' : matched.slice(0, cut + mask.preserveThrough!.length);
    result += text.slice(position, best.start) + kept + mask.replacement;
    position = best.end;
  }
  return position === 0 ? text : result + text.slice(position);
}

/**
 * One mask's matches in a text, first found all at once (one RE2 call, where a call per match would cost
 * far more), then served in order. When another mask's match ends inside one of them, the rest of the list
 * no longer holds, and the cursor searches again from there, one match at a time.
 */
class MatchCursor {
  private readonly matches: Match[] = [];
  private index = 0;
  private searching = false;
  private found: Match | undefined;

  constructor(
    private readonly regex: CompiledRegex,
    private readonly text: string,
  ) {
    regex.lastIndex = 0;
    regex.replace(text, (matched: string, ...rest: unknown[]) => {
      // The arguments after the groups are the offset (the only number), the text and maybe named groups.
      const start = rest.find((value) => typeof value === 'number') as number;
      if (matched.length > 0) this.matches.push({ start, end: start + matched.length });
      return matched;
    });
  }

  /** The first match starting at or after `position`. */
  next(position: number): Match | undefined {
    if (!this.searching) {
      while (this.index < this.matches.length && this.matches[this.index].start < position) {
        if (this.matches[this.index].end > position) {
          this.searching = true;
          break;
        }
        this.index += 1;
      }
      if (!this.searching) return this.matches[this.index];
    }
    if (this.found === undefined || this.found.start < position) this.found = findMatch(this.regex, this.text, position);
    return this.found;
  }
}

/** The first non-empty match at or after `from`. */
function findMatch(regex: CompiledRegex, text: string, from: number): Match | undefined {
  regex.lastIndex = from;
  while (regex.lastIndex <= text.length) {
    const found = regex.exec(text);
    if (!found) return undefined;
    if (found[0].length > 0) return { start: found.index, end: found.index + found[0].length };
    // Step over an empty match by a whole code point.
    const code = text.charCodeAt(found.index);
    regex.lastIndex = found.index + (code >= 0xd800 && code <= 0xdbff ? 2 : 1);
  }
  return undefined;
}

function valueAt(attributes: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = attributes;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `attributes` with the (existing) value at `path` replaced, copying only the objects along the path. */
function replaceAt(attributes: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const [key, ...rest] = path;
  const copy = { ...attributes };
  const replaced = rest.length === 0 ? value : replaceAt(attributes[key] as Record<string, unknown>, rest, value);
  // defineProperty, not assignment, so that a key named "__proto__" stays a plain key.
  if (key === '__proto__') Object.defineProperty(copy, key, { value: replaced, writable: true, enumerable: true, configurable: true });
  else copy[key] = replaced;
  return copy;
}

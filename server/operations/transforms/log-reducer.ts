import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure, startFailure } from '../../engine/operator';
import { BUILTIN_MASKS, DEFAULT_ENABLED_MASKS, builtinMask } from '../../reducer/builtin-masks';
import { LogReducer, type AttributePath } from '../../reducer/log-reducer';
import { MessageScanner, type ScannerMask } from '../../reducer/scanner';
import { defineOperation } from '../define-operation';
import { isoDuration, parseIsoDuration } from '../shared-params';
import { predicateMatcher, predicateParam } from './predicate-param';
import { regexParam } from './regex-param';

/** Grepr's default token delimiters. `@` and `.` are left out so emails and dotted names stay whole. */
export const DEFAULT_DELIMITERS: readonly string[] = [
  ':', '#', '[', ']', '(', ')', '{', '}', '|', ',', ';', '"', "'", ' ', '\t', '\n', '\r',
  '&', '=', '?', '!', '+', '*', '/', '<', '>', '%', '^', '~', '`',
];

/** Escapes a delimiter may be written as, as in Grepr's form. */
const DELIMITER_ESCAPES: Record<string, string> = { '\\t': '\t', '\\n': '\n', '\\r': '\r', '\\b': '\b', '\\f': '\f', '\\v': '\v', '\\0': '\0' };
const decodeDelimiter = (text: string) => DELIMITER_ESCAPES[text] ?? text;

/** The scanner keeps one bit per enabled mask. */
const MAX_ENABLED_MASKS = 31;

const maskName = z.string().regex(/^[a-z]{1,50}$/, 'a mask name must be 1–50 lowercase letters');

const samplingConfig = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('constant-sampling').describe('No samples beyond the first dedupThreshold per window.'),
    }),
    z.strictObject({
      type: z.literal('window-based-logarithmic-sampling'),
      logarithmBase: z
        .int()
        .min(2)
        .max(1000)
        .default(2)
        .describe('After dedupThreshold samples, one more at base^(dedupThreshold+1) messages, then at each further power of the base.'),
    }),
  ])
  .default({ type: 'constant-sampling' });

/** An attribute name for partitioning: `http.method`, or `@http.method` as the Grepr console writes it. */
const attributeName = z.string().min(1, 'must not be empty');

export const logReducer = defineOperation({
  type: 'log-reducer',
  kind: 'transform',
  title: 'Reducer',
  description:
    'Clusters similar messages into patterns and, per pattern and time window, forwards the first few as samples ' +
    'and summarizes the rest in one event with its count. Exceptions and messages without a pattern pass through.',
  params: z
    .strictObject({
      similarityThreshold: z
        .number()
        .min(20)
        .max(100)
        .default(70)
        .describe('Percentage of a message’s tokens that must equal a pattern’s for the message to join it.'),
      dedupThreshold: z
        .int()
        .min(1)
        .max(1_000_000)
        .default(4)
        .describe('Messages forwarded unchanged per pattern per window before the rest are summarized.'),
      reductionTimeWindow: isoDuration
        .refine((text) => (parseIsoDuration(text) ?? 1) > 0, { message: 'must be longer than zero' })
        .default('PT2M')
        .describe('Length of the tumbling window, in event time, after which each pattern’s summary is emitted (ISO-8601, e.g. PT2M).'),
      samplingConfig: samplingConfig.describe('Whether to forward more samples of a busy pattern after dedupThreshold.'),
      repeatCountInSummaryMessageEnabled: z
        .boolean()
        .default(true)
        .describe('Prefix summary messages with the count and window, e.g. "[120 messages in 2m] …". Turn off if downstream parses the message.'),
      partitionByTags: z
        .array(z.string().min(1, 'must not be empty'))
        .default([])
        .describe('Tag keys whose values split patterns, like GROUP BY: messages with different values never merge.'),
      partitionByAttributes: z
        .array(attributeName)
        .default([])
        .describe('Attributes whose values split patterns, as dotted paths (http.url_details.path).'),
      partitionByAttributePaths: z
        .array(z.array(z.string()).min(1, 'must name at least one key'))
        .default([])
        .describe('Attributes to split patterns by, as lists of keys: [["user","id"]] is nested, [["user.id"]] a dotted key.'),
      masks: z
        .array(z.tuple([maskName, regexParam]))
        .default(BUILTIN_MASKS.map((mask): [string, string] => [mask.name, mask.pattern]))
        .describe('Masks as [name, regex] pairs. Matches become one <name> token before clustering. The built-ins can be redefined.'),
      enabledMasks: z
        .array(z.string())
        .default([...DEFAULT_ENABLED_MASKS])
        .describe('Names of the masks to apply: from masks or the built-ins (ipport, timestamp, uuid, number, awsarn, awstoken). Where two match at the same place, the first listed wins.'),
      delimiters: z
        .array(
          z.string().refine((text) => text.length === 1 || text in DELIMITER_ESCAPES, {
            message: 'must be a single character, or one of the escapes \\t \\n \\r \\b \\f \\v \\0',
          }),
        )
        .default([...DEFAULT_DELIMITERS])
        .describe('Characters that separate tokens.'),
      logReducerExceptions: z
        .array(predicateParam)
        .default([])
        .describe('Events matching any of these queries are forwarded unchanged, tagged grepr.messagetype:exception.'),
    })
    .superRefine((params, ctx) => {
      const defined = new Set<string>();
      params.masks.forEach(([name], index) => {
        if (defined.has(name)) {
          ctx.addIssue({ code: 'custom', path: ['masks', index, 0], message: `the mask "${name}" is defined twice` });
        }
        defined.add(name);
      });
      params.enabledMasks.forEach((name, index) => {
        if (!defined.has(name) && !builtinMask(name)) {
          const named = [...defined].filter((name) => maskName.safeParse(name).success);
          const known = [...new Set([...named, ...BUILTIN_MASKS.map((mask) => mask.name)])].join(', ');
          ctx.addIssue({ code: 'custom', path: ['enabledMasks', index], message: `no mask is named "${name}"; known masks: ${known}` });
        }
      });
      if (new Set(params.enabledMasks).size > MAX_ENABLED_MASKS) {
        ctx.addIssue({ code: 'custom', path: ['enabledMasks'], message: `at most ${MAX_ENABLED_MASKS} masks can be enabled` });
      }
    }),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params, ctx) {
    const scannerMasks: ScannerMask[] = [];
    for (const name of new Set(params.enabledMasks)) {
      const defined = params.masks.find(([maskName]) => maskName === name);
      const builtin = builtinMask(name);
      if (builtin && (!defined || defined[1] === builtin.pattern)) {
        scannerMasks.push({ name, builtin });
        continue;
      }
      if (!defined) return startFailure(`enabledMasks: no mask is named "${name}"`);
      try {
        scannerMasks.push({ name, regex: ctx.compileRegex(defined[1], 'g') });
      } catch (error) {
        const index = params.masks.indexOf(defined);
        return startFailure(`masks[${index}]: the regex of "${name}" does not compile on RE2: ${(error as Error).message}`);
      }
    }

    const exceptions: Array<(event: LogEvent) => boolean> = [];
    for (const [index, predicate] of params.logReducerExceptions.entries()) {
      const matcher = predicateMatcher(predicate, `logReducerExceptions[${index}]`);
      if (isStartFailure(matcher)) return matcher;
      exceptions.push(matcher.match);
    }

    const partitionByAttributes: AttributePath[] = [
      ...params.partitionByAttributes.map((name) => {
        const path = name.startsWith('@') ? name.slice(1) : name;
        return path.includes('.') ? { keys: path.split('.'), flatKey: path } : { keys: [path] };
      }),
      ...params.partitionByAttributePaths.map((keys) => ({ keys })),
    ];

    const reducer = new LogReducer({
      scanner: new MessageScanner({ delimiters: params.delimiters.map(decodeDelimiter), masks: scannerMasks }),
      similarityThreshold: params.similarityThreshold,
      dedupThreshold: params.dedupThreshold,
      windowMs: parseIsoDuration(params.reductionTimeWindow)!,
      logarithmBase: params.samplingConfig.type === 'window-based-logarithmic-sampling' ? params.samplingConfig.logarithmBase : null,
      repeatCountInSummaryMessage: params.repeatCountInSummaryMessageEnabled,
      partitionByTags: params.partitionByTags,
      partitionByAttributes,
      isException: exceptions.length === 0 ? null : (event) => exceptions.some((matches) => matches(event)),
      now: () => ctx.now(),
    });
    reducer.restore(ctx.checkpoint);

    // The engine retries a failed delivery with the same batch: re-send what it produced rather than counting it twice.
    let pending: { events: LogEvent[]; outputs: LogEvent[] } | undefined;
    return {
      kind: 'transform',
      async process(events, out) {
        if (pending?.events !== events) pending = { events, outputs: reducer.process(events) };
        if (pending.outputs.length > 0) await out.emit('out', pending.outputs);
        pending = undefined;
      },
      async flush(out) {
        const summaries = reducer.flush();
        if (summaries.length > 0) await out.emit('out', summaries);
      },
      snapshot: () => reducer.snapshot(),
    };
  },
});

/**
 * A reducer with every default (built-in masks only), to group arbitrary messages into patterns the way a
 * default `log-reducer` vertex would: the query console's Patterns tab uses it.
 */
export function createDefaultPatternReducer(): LogReducer {
  const params = logReducer.params.parse({});
  const masks: ScannerMask[] = [];
  for (const name of new Set(params.enabledMasks)) {
    const builtin = builtinMask(name);
    if (builtin) masks.push({ name, builtin });
  }
  return new LogReducer({
    scanner: new MessageScanner({ delimiters: params.delimiters.map(decodeDelimiter), masks }),
    similarityThreshold: params.similarityThreshold,
    dedupThreshold: params.dedupThreshold,
    windowMs: parseIsoDuration(params.reductionTimeWindow)!,
    logarithmBase: null,
    repeatCountInSummaryMessage: false,
    partitionByTags: [],
    partitionByAttributes: [],
    isException: null,
    now: Date.now,
  });
}

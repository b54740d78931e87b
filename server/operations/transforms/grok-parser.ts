import { z } from 'zod';
import { compileGrokRules, type GrokRules } from '../../grok/compile';
import { applyGrokMatch, createGrokParser, readAttribute } from '../../grok/parse';
import type { LogEvent } from '../../model/log-event';
import { isStartFailure, startFailure } from '../../engine/operator';
import { defineOperation } from '../define-operation';
import { predicateMatcher, predicateParam } from './predicate-param';

/** Reports every rule problem at its rule, e.g. `grokParsingRules[1]`: "unknown helper rule '_client_ip'". */
export function checkGrokRules(rules: GrokRules, ctx: z.RefinementCtx) {
  const result = compileGrokRules(rules);
  if (result.ok) return;
  for (const problem of result.problems) ctx.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
}

export const grokParser = defineOperation({
  type: 'grok-parser',
  kind: 'transform',
  title: 'Grok parser',
  description:
    'Parses unstructured text with grok rules such as `access %{ip:network.client.ip} %{word:http.method}` and adds the extracted fields to attributes, tags (`tags.env`), severity or eventTimestamp. The first rule that matches the whole text wins; events no rule matches pass through unchanged.',
  params: z
    .strictObject({
      grokParsingRules: z
        .array(z.string())
        .default([])
        .describe(
          'Rules tried in order, each `name pattern`: the pattern is a regular expression with `%{matcher:field:filter}` references, e.g. `login %{word:user} from %{ip:client_ip}`.',
        ),
      grokHelperRules: z
        .array(z.string())
        .default([])
        .describe('Reusable `name pattern` parts that parsing rules refer to as `%{name}`, e.g. `_client %{ip:network.client.ip}`.'),
      extractAttribute: z
        .string()
        .min(1)
        .optional()
        .describe('Parse this attribute (a dotted path) instead of the message. Events where it is not a string pass through unchanged.'),
      predicate: predicateParam.optional().describe('Only parse events that match this Datadog query; others pass through unchanged.'),
    })
    .superRefine(checkGrokRules),
  inputs: ['in'],
  outputs: () => ['out'],
  create(params, ctx) {
    const compiled = compileGrokRules(params);
    if (!compiled.ok) {
      const [first] = compiled.problems;
      return startFailure(`${first.path[0]}[${first.path[1]}]: ${first.message}`);
    }
    const parser = createGrokParser(compiled.program, (source) => ctx.compileRegex(source));
    if (!parser.ok) {
      return startFailure(`grokParsingRules[${parser.rule.index}] (rule '${parser.rule.name}') cannot run on RE2: ${parser.reason}`);
    }
    const predicate = params.predicate ? predicateMatcher(params.predicate, 'predicate') : undefined;
    if (isStartFailure(predicate)) return predicate;
    const { extractAttribute } = params;
    const parseEvent = (event: LogEvent): LogEvent => {
      if (predicate && !predicate.match(event)) return event;
      const text = extractAttribute === undefined ? event.message : readAttribute(event.attributes, extractAttribute);
      if (typeof text !== 'string') return event;
      const match = parser.parse(text, { now: ctx.now() });
      return match ? applyGrokMatch(event, match) : event;
    };
    return {
      kind: 'transform',
      async process(events, out) {
        await out.emit('out', events.map(parseEvent));
      },
    };
  },
});

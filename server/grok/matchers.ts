// Datadog-style matchers: `%{name(args):field}`. Each builds a pattern and turns matched text into a value.

import { compileDateFormat } from './date-format';
import { NO_VALUE, type MatcherFragment, type SubGroup } from './fragment';
import { HOSTNAME, IP, IPV4, IPV6, IP_OR_HOST, MAC, PORT, DOUBLE_QUOTED, SINGLE_QUOTED, TIMESTAMP_ISO8601, UUID } from './network-patterns';
import { caseInsensitive, requireRe2Regex } from './regex-text';
import { describeArgs, GrokRuleError, type GrokArg } from './syntax';

export type MatcherBuilder = (args: readonly GrokArg[] | undefined, group: SubGroup, name: string) => MatcherFragment;

const asText = (text: string) => text;

const INTEGER = '[+-]?\\d+';
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)';
const EXPONENT = '(?:[eE][+-]?\\d+)?';

function plain(pattern: string, value: (text: string) => unknown = asText): MatcherBuilder {
  return (args, _group, name) => {
    if (args !== undefined && args.length > 0) throw new GrokRuleError(`matcher '${name}' takes no arguments`);
    return { pattern, value };
  };
}

function toInteger(text: string): unknown {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : NO_VALUE;
}

function toNumber(text: string): unknown {
  const value = Number(text);
  return Number.isFinite(value) ? value : NO_VALUE;
}

function stringArgs(matcher: string, args: readonly GrokArg[] | undefined, min: number, max: number): string[] {
  const given = args ?? [];
  if (given.length < min || given.length > max || given.some((arg) => arg.kind !== 'string')) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    throw new GrokRuleError(
      `matcher '${matcher}' takes ${wanted} quoted argument${max === 1 ? '' : 's'}${given.length ? `, got (${describeArgs(given)})` : ''}`,
    );
  }
  return given.map((arg) => arg.value as string);
}

function regexArg(matcher: string, pattern: string): string {
  requireRe2Regex(pattern, `${matcher}("${pattern}")`);
  return pattern;
}

/** Each Datadog-style matcher by name (names are case-sensitive: `date` is not Logstash's `DATE`). */
export const datadogMatchers: Readonly<Record<string, MatcherBuilder>> = {
  word: plain('\\b\\w+\\b'),
  notSpace: plain('\\S+'),
  data: plain('[\\s\\S]*'),
  integer: plain(INTEGER, toInteger),
  integerStr: plain(INTEGER),
  integerExt: plain(`${INTEGER}${EXPONENT}`, toInteger),
  integerExtStr: plain(`${INTEGER}${EXPONENT}`, (text) => {
    const value = toInteger(text);
    return value === NO_VALUE ? NO_VALUE : String(value);
  }),
  number: plain(NUMBER, toNumber),
  numberStr: plain(NUMBER),
  numberExt: plain(`${NUMBER}${EXPONENT}`, toNumber),
  numberExtStr: plain(`${NUMBER}${EXPONENT}`),
  doubleQuotedString: plain(DOUBLE_QUOTED),
  singleQuotedString: plain(SINGLE_QUOTED),
  quotedString: plain(`(?:${DOUBLE_QUOTED}|${SINGLE_QUOTED})`),
  uuid: plain(UUID),
  mac: plain(MAC),
  ipv4: plain(IPV4),
  ipv6: plain(IPV6),
  ip: plain(IP),
  hostname: plain(HOSTNAME),
  ipOrHost: plain(IP_OR_HOST),
  port: plain(PORT, toInteger),
  timestampiso8601: plain(TIMESTAMP_ISO8601),

  date(args, group) {
    const [format, zone, locale] = stringArgs('date', args, 1, 3);
    if (locale !== undefined && !/^en\b/i.test(locale)) {
      throw new GrokRuleError(`date locale "${locale}" is not supported: month and day names are read in English`);
    }
    const parser = compileDateFormat(format, zone);
    return { pattern: parser.pattern(group), value: (_text, sub, env) => parser.parse(sub, env) ?? NO_VALUE };
  },

  regex(args) {
    const [pattern] = stringArgs('regex', args, 1, 1);
    return { pattern: regexArg('regex', pattern), value: asText };
  },

  boolean(args, group) {
    if (args === undefined || args.length === 0) {
      const pattern = `(?:${group('t', caseInsensitive('true'))}|${caseInsensitive('false')})`;
      return { pattern, value: (_t, sub) => sub('t') !== undefined };
    }
    const [truePattern, falsePattern] = stringArgs('boolean', args, 2, 2);
    regexArg('boolean', truePattern);
    regexArg('boolean', falsePattern);
    return { pattern: `(?:${group('t', truePattern)}|(?:${falsePattern}))`, value: (_t, sub) => sub('t') !== undefined };
  },
};

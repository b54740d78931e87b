// Grok rules → one regular expression per parsing rule, helper rules inlined, with a named group per
// extracted field, plus how each group's text becomes a value and where the value goes.
// Pure: it runs in validation and in the browser (checking syntax with JavaScript's RegExp) and in
// the engine, which compiles the resulting sources on RE2.

import { buildFilter, filterNames, type GrokFilter } from './filters';
import type { MatcherFragment, SubGroup } from './fragment';
import { logstashPatterns, unsupportedLogstashPatterns } from './logstash-patterns';
import { datadogMatchers } from './matchers';
import { requireRe2Regex } from './regex-text';
import { GrokRuleError, parseRule, type GrokPatternPart, type GrokReference, type ParsedRule } from './syntax';

export interface GrokRules {
  grokParsingRules: readonly string[];
  grokHelperRules?: readonly string[];
}

export type GrokRuleList = 'grokParsingRules' | 'grokHelperRules';

export interface GrokProblem {
  /** The offending rule, e.g. `['grokParsingRules', 1]`. */
  path: [GrokRuleList, number];
  message: string;
}

/** Where an extracted value goes. */
export type CaptureTarget =
  | { kind: 'attribute'; path: readonly string[] }
  | { kind: 'tag'; key: string }
  | { kind: 'severity' }
  | { kind: 'eventTimestamp' }
  /** No field named but a filter given (`%{data::keyvalue}`): an object result merges into the attributes. */
  | { kind: 'merge' };

export interface GrokCapture {
  /** The named group holding the matched text. */
  group: string;
  target: CaptureTarget;
  value: MatcherFragment['value'];
  filters: readonly GrokFilter[];
}

export interface CompiledGrokRule {
  name: string;
  /** Index in grokParsingRules. */
  index: number;
  /** The anchored regular expression, in RE2 syntax (checked as regex-param checks user regexes). */
  source: string;
  captures: readonly GrokCapture[];
}

export interface GrokProgram {
  rules: readonly CompiledGrokRule[];
}

export type GrokCompileResult = { ok: true; program: GrokProgram } | { ok: false; problems: GrokProblem[] };

/** Longest regular expression a rule may expand to, helpers inlined. */
export const MAX_RULE_SOURCE_LENGTH = 100_000;

const FIELD_SEGMENT = /^[A-Za-z0-9_@$-]+$/;

/** `%{keyvalue(…):f}` is short for `%{data:f:keyvalue(…)}`, and `%{json:f}` for `%{data:f:json}`. */
const MATCHER_SHORTHANDS: ReadonlySet<string> = new Set(['keyvalue', 'json']);

/** Parses, expands and checks every rule; reports each problem at its rule's index. */
export function compileGrokRules(rules: GrokRules): GrokCompileResult {
  const problems: GrokProblem[] = [];
  const report = (list: GrokRuleList, index: number, error: unknown) => {
    if (!(error instanceof GrokRuleError)) throw error;
    problems.push({ path: [list, index], message: error.message });
  };

  const helpers = new Map<string, { index: number; rule: ParsedRule }>();
  (rules.grokHelperRules ?? []).forEach((line, index) => {
    try {
      const rule = parseRule(line);
      const earlier = helpers.get(rule.name);
      if (earlier) throw new GrokRuleError(`helper rule '${rule.name}' is already defined at grokHelperRules[${earlier.index}]`);
      helpers.set(rule.name, { index, rule });
    } catch (error) {
      report('grokHelperRules', index, error);
    }
  });

  const parsingRuleNames = new Map<string, number>();
  const parsed: Array<{ index: number; rule: ParsedRule }> = [];
  rules.grokParsingRules.forEach((line, index) => {
    try {
      const rule = parseRule(line);
      const earlier = parsingRuleNames.get(rule.name);
      if (earlier !== undefined) throw new GrokRuleError(`rule name '${rule.name}' is already used by grokParsingRules[${earlier}]`);
      parsingRuleNames.set(rule.name, index);
      parsed.push({ index, rule });
    } catch (error) {
      report('grokParsingRules', index, error);
    }
  });

  const context: ExpansionContext = { helpers, parsingRuleNames, brokenHelpers: new Map() };
  checkHelpers(context, report);

  const compiled: CompiledGrokRule[] = [];
  for (const { index, rule } of parsed) {
    try {
      const expander = new RuleExpander(context);
      const source = expander.compile(rule.parts, []);
      compiled.push({ name: rule.name, index, source, captures: expander.captures });
    } catch (error) {
      report('grokParsingRules', index, error);
    }
  }

  if (problems.length === 0) return { ok: true, program: { rules: compiled } };
  const order = (problem: GrokProblem) => (problem.path[0] === 'grokParsingRules' ? 0 : 1_000_000) + problem.path[1];
  return { ok: false, problems: problems.sort((a, b) => order(a) - order(b)) };
}

interface ExpansionContext {
  helpers: ReadonlyMap<string, { index: number; rule: ParsedRule }>;
  parsingRuleNames: ReadonlyMap<string, number>;
  /** Helpers that cannot be used, each with the message to give where it is used. */
  brokenHelpers: Map<string, string>;
}

/**
 * Checks each helper once, on its own (helpers it uses stand in as empty patterns), so that every
 * error is reported where it was written; then marks helpers in a cycle, and helpers that use a
 * broken one, at the helper that uses it.
 */
function checkHelpers(context: ExpansionContext, report: (list: GrokRuleList, index: number, error: unknown) => void) {
  const uses = new Map<string, readonly string[]>();
  const ownError = new Set<string>();
  for (const [name, helper] of context.helpers) {
    const expander = new RuleExpander(context, { inlineHelpers: false });
    try {
      expander.compile(helper.rule.parts, [name]);
    } catch (error) {
      ownError.add(name);
      report('grokHelperRules', helper.index, error);
    }
    uses.set(name, [...expander.helpersUsed]);
  }

  const seeHelper = (name: string) => `helper rule '${name}' has an error (see grokHelperRules[${context.helpers.get(name)?.index}])`;
  const cycleFrom = (start: string): string[] | undefined => {
    const search = (name: string, path: string[]): string[] | undefined => {
      for (const next of uses.get(name) ?? []) {
        if (next === start) return [...path, next];
        if (!path.includes(next)) {
          const found = search(next, [...path, next]);
          if (found) return found;
        }
      }
      return undefined;
    };
    return search(start, [start]);
  };
  const broken = new Map<string, boolean>();
  const isBroken = (name: string): boolean => {
    if (!broken.has(name)) {
      broken.set(name, true); // provisional, so a cycle ends the recursion
      broken.set(name, ownError.has(name) || cycleFrom(name) !== undefined || (uses.get(name) ?? []).some(isBroken));
    }
    return broken.get(name)!;
  };

  for (const [name, helper] of context.helpers) {
    if (!isBroken(name)) continue;
    context.brokenHelpers.set(name, seeHelper(name));
    if (ownError.has(name)) continue;
    const cycle = cycleFrom(name);
    const culprit = (uses.get(name) ?? []).find(isBroken);
    report(
      'grokHelperRules',
      helper.index,
      new GrokRuleError(cycle ? `helper rule '${name}' refers to itself (${cycle.join(' → ')})` : seeHelper(culprit ?? name)),
    );
  }
}

class RuleExpander {
  readonly captures: GrokCapture[] = [];
  /** Helper rules referred to, when helpers are not inlined. */
  readonly helpersUsed = new Set<string>();
  private groups = 0;

  constructor(
    private readonly context: ExpansionContext,
    private readonly options = { inlineHelpers: true },
  ) {}

  /** The anchored source of a rule, checked for size and syntax. */
  compile(parts: readonly GrokPatternPart[], helperStack: readonly string[]): string {
    const source = `^(?:${this.expand(parts, helperStack)})$`;
    if (source.length > MAX_RULE_SOURCE_LENGTH) {
      throw new GrokRuleError(`rule is too large once helper rules are expanded (over ${MAX_RULE_SOURCE_LENGTH} characters)`);
    }
    requireRe2Regex(source, 'the pattern', { positions: false });
    return source;
  }

  private expand(parts: readonly GrokPatternPart[], helperStack: readonly string[]): string {
    let source = '';
    for (const part of parts) {
      if (part.kind === 'literal') source += part.text;
      else {
        source += this.reference(part, helperStack);
        if (source.length > MAX_RULE_SOURCE_LENGTH) {
          throw new GrokRuleError(`rule is too large once helper rules are expanded (over ${MAX_RULE_SOURCE_LENGTH} characters)`);
        }
      }
    }
    return source;
  }

  private reference(reference: GrokReference, helperStack: readonly string[]): string {
    const helper = reference.call.args === undefined ? this.context.helpers.get(reference.call.name) : undefined;
    let call = reference.call;
    let filterCalls = reference.filters;
    if (!helper && MATCHER_SHORTHANDS.has(call.name)) {
      filterCalls = [call, ...filterCalls];
      call = { name: 'data' };
    }
    const filters = filterCalls.map(buildFilter);
    const target = captureTarget(reference.extractor, filters.length > 0);
    const id = target ? `grok${this.groups++}` : undefined;
    const group: SubGroup = (suffix, body) => (id ? `(?<${id}_${suffix}>${body})` : `(?:${body})`);

    const fragment: MatcherFragment = helper
      ? { pattern: this.helper(call.name, helper.rule, helperStack), value: (text) => text }
      : this.matcher({ ...reference, call }, group);
    if (!id || !target) return `(?:${fragment.pattern})`;
    this.captures.push({ group: id, target, value: fragment.value, filters });
    return `(?<${id}>${fragment.pattern})`;
  }

  private helper(name: string, rule: ParsedRule, helperStack: readonly string[]): string {
    if (!this.options.inlineHelpers) {
      this.helpersUsed.add(name);
      return '';
    }
    const broken = this.context.brokenHelpers.get(name);
    if (broken) throw new GrokRuleError(broken);
    if (helperStack.includes(name)) {
      throw new GrokRuleError(`helper rule '${name}' refers to itself (${[...helperStack, name].join(' → ')})`);
    }
    return this.expand(rule.parts, [...helperStack, name]);
  }

  private matcher(reference: GrokReference, group: SubGroup): MatcherFragment {
    const { name, args } = reference.call;
    const datadog = Object.hasOwn(datadogMatchers, name) ? datadogMatchers[name] : undefined;
    if (datadog) return datadog(args, group, name);
    const logstash = Object.hasOwn(logstashPatterns, name) ? logstashPatterns[name] : undefined;
    if (logstash) {
      if (args !== undefined) throw new GrokRuleError(`matcher '${name}' takes no arguments`);
      return { pattern: logstash.pattern, value: logstash.value ?? ((text) => text) };
    }
    throw new GrokRuleError(this.unknownName(reference));
  }

  private unknownName(reference: GrokReference): string {
    const { name, args } = reference.call;
    const hint = this.hint(name);
    if (this.context.parsingRuleNames.has(name)) {
      return `'${name}' is a parsing rule; only helper rules (grokHelperRules) can be referenced`;
    }
    // `%{name}` alone reads as a helper reference; arguments, a field or a filter make it a matcher.
    const looksLikeMatcher =
      args !== undefined || unsupportedLogstashPatterns.has(name) || Boolean(reference.extractor) || reference.filters.length > 0;
    return looksLikeMatcher ? `matcher '${name}' is not supported${hint}` : `unknown helper rule '${name}'${hint}`;
  }

  private hint(name: string): string {
    const lower = name.toLowerCase();
    const candidates = [...Object.keys(datadogMatchers), ...Object.keys(logstashPatterns), ...this.context.helpers.keys()];
    const match = candidates.find((candidate) => candidate.toLowerCase() === lower && candidate !== name);
    return match ? ` (did you mean '${match}'?)` : '';
  }
}

/** Where `%{matcher:extractor}` puts its value; undefined when nothing is extracted. */
function captureTarget(extractor: string | undefined, hasFilters: boolean): CaptureTarget | undefined {
  if (extractor === undefined || extractor === '') return hasFilters ? { kind: 'merge' } : undefined;
  if (extractor === 'severity') return { kind: 'severity' };
  if (extractor === 'eventTimestamp') return { kind: 'eventTimestamp' };
  if (extractor === 'tags' || extractor.startsWith('tags.')) {
    const key = extractor.slice('tags.'.length);
    if (extractor === 'tags' || key === '') throw new GrokRuleError(`extract into 'tags.<name>' to set a tag, e.g. %{word:tags.env}`);
    return { kind: 'tag', key };
  }
  const path = extractor.split('.');
  if (!path.every((segment) => FIELD_SEGMENT.test(segment))) {
    throw new GrokRuleError(
      `field name '${extractor}' is not valid: use letters, digits, '_', '-', '@' or '$', with '.' between nested names`,
    );
  }
  return { kind: 'attribute', path };
}

/** Names a rule may use, for editors' completion and docs. */
export const grokVocabulary = {
  datadogMatchers: Object.keys(datadogMatchers),
  logstashPatterns: Object.keys(logstashPatterns),
  filters: filterNames,
};

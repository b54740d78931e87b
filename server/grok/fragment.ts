// What matchers and filters share with the compiler.

/** Returned by a matcher whose text cannot become a value (e.g. 31 February): the rule does not match. */
export const NO_VALUE: unique symbol = Symbol('grok: no value');
export type NoValue = typeof NO_VALUE;

export interface GrokEnv {
  /** The current time, for dates written without a year. */
  now: number;
}

/** Wraps a part of a matcher's pattern: a named group when its text is needed, else a plain group. */
export type SubGroup = (suffix: string, body: string) => string;
/** The text a named part matched, if it took part in the match. */
export type SubValue = (suffix: string) => string | undefined;

export interface MatcherFragment {
  /** Regular-expression text that works on RE2 and in JavaScript alike. */
  pattern: string;
  /** The extracted value of matched text; NO_VALUE fails the rule. */
  value(text: string, sub: SubValue, env: GrokEnv): unknown;
}

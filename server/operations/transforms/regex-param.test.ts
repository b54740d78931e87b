import { describe, expect, it } from 'vitest';
import { compileRegex } from '../../engine/re2-regex';
import { checkRegex, regexParam } from './regex-param';

const problemOf = (pattern: string) => {
  const parsed = regexParam.safeParse(pattern);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
};

describe('regexParam', () => {
  it.each([
    '\\S+@\\S+',
    '[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}',
    '(?i)password=\\w+',
    '(?i:secret)|(?s:a.b)',
    '(?P<user>\\w+)@(?<domain>\\w+)',
    '\\d{4}-\\d{2}-\\d{2}',
    '\\Q(literal)\\E+',
    '[]a]',
    '\\p{L}+|\\pN',
    '\\bword\\b',
    'x{1000}',
    '\\Aanchored\\z',
  ])('accepts %s, which RE2 compiles', (pattern) => {
    expect(problemOf(pattern)).toBeUndefined();
    expect(() => compileRegex(pattern)).not.toThrow();
  });

  it.each([
    ['(a)\\1', 'a backreference (\\1) at character 4 is not supported (user regexes run on RE2)'],
    ['(?<x>a)\\k<x>', 'a named backreference (\\k<name>) at character 8 is not supported (user regexes run on RE2)'],
    ['foo(?=bar)', 'lookahead (?=…) at character 4 is not supported (user regexes run on RE2)'],
    ['foo(?!bar)', 'lookahead (?!…) at character 4 is not supported (user regexes run on RE2)'],
    ['(?<=\\$)\\d+', 'lookbehind (?<=…) at character 1 is not supported (user regexes run on RE2)'],
    ['(?<!-)\\d+', 'lookbehind (?<!…) at character 1 is not supported (user regexes run on RE2)'],
    ['(?>a+)b', 'an atomic group (?>…) at character 1 is not supported (user regexes run on RE2)'],
    ['a++b', 'a possessive quantifier (++) at character 2 is not supported (user regexes run on RE2)'],
    ['a{2}+', 'a possessive quantifier ({2}+) at character 2 is not supported (user regexes run on RE2)'],
    ['x{1001}', "repeat count {1001} at character 2 is above RE2's limit of 1000"],
    ['\\Z', 'the escape \\Z at character 1 is not supported (user regexes run on RE2)'],
    ['(unclosed', 'is not a valid regular expression: unterminated group'],
    ['[z-a]', 'is not a valid regular expression: range out of order in character class'],
    ['abc\\', 'ends with a lone backslash; write \\\\ for a literal backslash'],
    ['\\x4g', 'the escape \\x at character 1 needs two hex digits or braces, e.g. \\x41 or \\x{263a}'],
    ['[[:letter:]]', '[:letter:] at character 2 is not a character class RE2 knows'],
    ['', 'must not be empty'],
  ])('rejects %s: %s', (pattern, message) => {
    expect(problemOf(pattern)).toBe(message);
    if (pattern !== '') expect(() => compileRegex(pattern)).toThrow();
  });

  it('agrees with RE2 on what compiles, across tricky patterns', () => {
    const patterns = [
      '(?i)abc', '(?U)a+', '(?-i)a', '(?i-s:a)', '(a)\\1', '\\k<x>', '(?=a)', '(?<!a)b', '(?>a)', 'a*+', '\\:', '\\-',
      '[\\1]', 'x{1001}', 'x{2,1001}', 'a{,5}', '\\pL', '(?P<n>a)', '(?P=n)', '\\Z', '\\z', '\\A', '\\x41', '\\0',
      '[[:alpha:]]', '\\Q.\\E', '\\Q(\\E', '[^]', 'a{2}{3}', '\\e', '\\h', '\\R', '\\G', '\\N', '\\8', 'a**', '(?#c)',
      '[]a]', '[^]a]', 'a{2,1}', '\\u0041', '\\x{41}', '(?<n>a)(?<n>b)', '\\/', '\\"', '*a', 'a|', '()', '(?:)',
      '(?)', '(?-)', '(?i-)', '\\x', '\\xZ', '\\x{zz}', '\\p{', '\\pZ', '[[:foo:]]', '[[:^alpha:]]', '\\c1', '\\cz', '\\cA',
      '\\é', '[\\é]', '\\ ', '\\<', '\\p{^Greek}',
    ];
    const disagreements = patterns.filter((pattern) => {
      let re2Compiles = true;
      try {
        compileRegex(pattern);
      } catch {
        re2Compiles = false;
      }
      return (checkRegex(pattern) === undefined) !== re2Compiles;
    });
    expect(disagreements).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRegex } from '../engine/re2-regex';
import { checkRegex } from '../operations/transforms/regex-param';
import { BUILTIN_MASKS, DEFAULT_ENABLED_MASKS, builtinMask, type BuiltinMask } from './builtin-masks';
import { LITERAL, MAX_TOKENS, MessageScanner, type ScannerMask } from './scanner';

const DELIMITERS = [...':#[](){}|,;"\' \t\n\r&=?!+*/<>%^~`'];

/** The tokens as text, masked ones as `<name>`. */
function tokensOf(scanner: MessageScanner, text: string): string[] {
  const count = scanner.scan(text);
  const { tokens } = scanner;
  return Array.from({ length: count }, (_, j) =>
    tokens.code[j] === LITERAL ? text.slice(tokens.start[j], tokens.end[j]) : `<${scanner.maskNames[tokens.code[j]]}>`,
  );
}

const builtins = (...names: string[]): ScannerMask[] => names.map((name) => ({ name, builtin: builtinMask(name)! }));
const defaultScanner = () => new MessageScanner({ delimiters: DELIMITERS, masks: builtins(...DEFAULT_ENABLED_MASKS) });

/** What applying the masks' regexes as one alternation, then splitting the rest on delimiters, gives. */
function referenceTokens(masks: readonly BuiltinMask[], delimiters: readonly string[], text: string): string[] {
  const combined = new RegExp(masks.map((mask) => `(${mask.pattern})`).join('|'), 'g');
  const tokens: string[] = [];
  const split = (gap: string) => {
    let token = '';
    for (const char of gap) {
      if (delimiters.includes(char)) {
        if (token) tokens.push(token);
        token = '';
      } else token += char;
    }
    if (token) tokens.push(token);
  };
  let last = 0;
  for (let match = combined.exec(text); match; match = combined.exec(text)) {
    if (match[0] === '') {
      combined.lastIndex++;
      continue;
    }
    split(text.slice(last, match.index));
    const group = match.slice(1).findIndex((value) => value !== undefined);
    tokens.push(`<${masks[group].name}>`);
    last = match.index + match[0].length;
  }
  split(text.slice(last));
  return tokens;
}

/** A deterministic generator of strings rich in the characters masks care about. */
function fuzzStrings(count: number, seed: number): string[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const digits = (n: number) => Array.from({ length: n }, () => pick([...'0123456789'])).join('');
  const hex = (n: number) => Array.from({ length: n }, () => pick([...'0123456789abcdefABCDEF'])).join('');
  const fragments: Array<() => string> = [
    () => digits(1 + Math.floor(random() * 5)),
    () => pick(['.', ':', '-', '/', '+', ' ', ',', 'T', 'Z', 'x', 'e', 'E', '_', 'a', 'M', ' UTC', 'AM', ' PM', 'ms', 'KiB', 'abcd']),
    () => `${digits(4)}-${digits(2)}-${digits(2)}`,
    () => `${digits(2)}:${digits(2)}:${digits(2)}`,
    () => `${digits(pick([1, 2, 3]))}.${digits(pick([1, 2, 3]))}.${digits(pick([1, 3]))}.${digits(pick([1, 3, 4]))}`,
    () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(pick([11, 12, 13]))}`,
    () => hex(pick([8, 32, 33])),
    () => `${digits(2)}/${pick(['Apr', 'apr', 'APR'])}/${digits(4)}`,
    () => `${digits(pick([1, 2, 4]))}/${digits(pick([1, 2, 3]))}/${digits(pick([2, 4, 5]))}`,
    () => pick(['+', '-', '']) + pick(['0x', '']) + hex(pick([1, 3])),
    () => `arn:aws${pick(['', '-cn', '-us-gov', 'X'])}:${pick(['s3', 'iam', 'S3', ''])}:${pick(['', 'us-east-1'])}:${digits(pick([0, 12]))}:${pick(['role/x.y', 'bucket/key', '', 'a:b'])}`,
    () => `IQoJb3JpZ2luX${'AbC+/9'.repeat(Math.floor(random() * 30))}${pick(['', '=', '=='])}`,
  ];
  return Array.from({ length: count }, () => {
    let text = '';
    const parts = 1 + Math.floor(random() * 8);
    for (let k = 0; k < parts; k++) text += pick(fragments)();
    return text;
  });
}

describe('built-in masks', () => {
  it.each(BUILTIN_MASKS.map((mask) => [mask.name, mask]))('%s is a regex RE2 compiles and validation accepts', (_, mask) => {
    expect(checkRegex(mask.pattern)).toBeUndefined();
    expect(() => compileRegex(mask.pattern, 'g')).not.toThrow();
  });

  it.each(BUILTIN_MASKS.map((mask) => [mask.name, mask]))(
    'the %s matcher agrees with its regex on 4,000 generated strings',
    (_, mask) => {
      const scanner = new MessageScanner({ delimiters: DELIMITERS, masks: builtins(mask.name) });
      for (const text of fuzzStrings(4000, mask.name.length)) {
        expect(tokensOf(scanner, text), JSON.stringify(text)).toEqual(referenceTokens([mask], DELIMITERS, text));
      }
    },
  );

  it('all six together agree with their regexes as one alternation, in priority order', () => {
    const order = ['awstoken', 'awsarn', 'ipport', 'timestamp', 'uuid', 'number'];
    const scanner = new MessageScanner({ delimiters: DELIMITERS, masks: builtins(...order) });
    const masks = order.map((name) => builtinMask(name)!);
    for (const text of fuzzStrings(20_000, 7)) {
      expect(tokensOf(scanner, text), JSON.stringify(text)).toEqual(referenceTokens(masks, DELIMITERS, text));
    }
  });

  it.each([
    ['GET /api/v1/users/42 from 10.0.0.12:51234 took 12ms', ['GET', 'api', 'v1', 'users', '<number>', 'from', '<ipport>', 'took', '<number>']],
    ['GC young 123M->45M(1000M) 12.345ms', ['GC', 'young', '<number>', '-', '<number>', '<number>', '<number>']],
    // Units are 1–3 letters: with more, the regex backtracks to where a word boundary holds.
    ['took 12.5secs', ['took', '<number>', '.5secs']],
    ['2024-04-26T15:30:45.123Z INFO started', ['<timestamp>', 'INFO', 'started']],
    ['at 2024-04-26 15:30:45,123 +0200 done', ['at', '<timestamp>', 'done']],
    ['[26/Apr/2024:15:30:45 +0000] "GET /"', ['<timestamp>', 'GET']],
    ['on 4/26/2024, 3:30:45 PM', ['on', '<timestamp>']],
    ['trace 123e4567-e89b-12d3-a456-426614174000 and 0af7651916cd43dd8448eb211c80319c', ['trace', '<uuid>', 'and', '<uuid>']],
    ['retry -3 of +5 at 0x1F or 1.5e-3', ['retry', '<number>', 'of', '<number>', 'at', '<number>', 'or', '<number>']],
    ['user42 v1.2.3 abc123', ['user42', 'v1.', '<number>', 'abc123']],
    // `1.2` is a number; `.3` is not a token start for a number, but `3` after the dot is.
    ['at 15:30:45 version 1.2.3', ['at', '<timestamp>', 'version', '<number>', '.', '<number>']],
  ])('masks and tokenizes %j', (text, expected) => {
    expect(tokensOf(defaultScanner(), text)).toEqual(expected);
  });
});

describe('scanner', () => {
  it('splits on the delimiters only, and never inside a mask match', () => {
    const scanner = new MessageScanner({ delimiters: [' ', ':'], masks: builtins('ipport') });
    expect(tokensOf(scanner, 'a.b@c:d  10.1.2.3:80 e')).toEqual(['a.b@c', 'd', '<ipport>', 'e']);
  });

  it('finds no tokens in an empty message or one made of delimiters', () => {
    expect(tokensOf(defaultScanner(), '')).toEqual([]);
    expect(tokensOf(defaultScanner(), ' ,: ;')).toEqual([]);
  });

  it('runs user masks (RE2) together with built-ins, the first listed winning where both match', () => {
    const order: ScannerMask[] = [{ name: 'orderid', regex: compileRegex('ORD-\\d+', 'g') }, ...builtins('number')];
    const scanner = new MessageScanner({ delimiters: [' '], masks: order });
    expect(tokensOf(scanner, 'ORD-123 has 4 items ORD-9')).toEqual(['<orderid>', 'has', '<number>', 'items', '<orderid>']);
    const digitsFirst = new MessageScanner({
      delimiters: [' '],
      masks: [...builtins('number'), { name: 'code', regex: compileRegex('\\d{3}-\\d{4}', 'g') }],
    });
    expect(tokensOf(digitsFirst, 'call 555-1234 now')).toEqual(['call', '<number>', '-', '<number>', 'now']);
    const codeFirst = new MessageScanner({
      delimiters: [' '],
      masks: [{ name: 'code', regex: compileRegex('\\d{3}-\\d{4}', 'g') }, ...builtins('number')],
    });
    expect(tokensOf(codeFirst, 'call 555-1234 now 7')).toEqual(['call', '<code>', 'now', '<number>']);
  });

  it('looks for a user mask again after a built-in match covered its first match', () => {
    const scanner = new MessageScanner({
      delimiters: [' '],
      masks: [...builtins('ipport'), { name: 'octets', regex: compileRegex('\\d+\\.\\d+', 'g') }],
    });
    expect(tokensOf(scanner, '10.0.0.1 then 3.5')).toEqual(['<ipport>', 'then', '<octets>']);
  });

  it('finds user mask matches at the right places in text beyond ASCII', () => {
    const scanner = new MessageScanner({ delimiters: [' '], masks: [{ name: 'orderid', regex: compileRegex('ORD-\\d+', 'g') }, ...builtins('number')] });
    expect(tokensOf(scanner, 'héllo ORD-12 wörld 5 ORD-7')).toEqual(['héllo', '<orderid>', 'wörld', '<number>', '<orderid>']);
    expect(tokensOf(scanner, '😀😀 ORD-3 x 9')).toEqual(['😀😀', '<orderid>', 'x', '<number>']);
  });

  it('ignores empty matches of a user mask', () => {
    const scanner = new MessageScanner({ delimiters: [' '], masks: [{ name: 'maybe', regex: compileRegex('x*', 'g') }] });
    expect(tokensOf(scanner, 'a xx b')).toEqual(['a', '<maybe>', 'b']);
  });

  it(`keeps the first ${MAX_TOKENS} tokens of a longer message and says it was cut`, () => {
    const scanner = defaultScanner();
    expect(scanner.scan('w '.repeat(MAX_TOKENS))).toBe(MAX_TOKENS);
    expect(scanner.tokens.truncated).toBe(false);
    expect(scanner.scan('w '.repeat(MAX_TOKENS + 1))).toBe(MAX_TOKENS);
    expect(scanner.tokens.truncated).toBe(true);
  });

  it('gives equal tokens equal hashes, wherever they are', () => {
    const scanner = new MessageScanner({ delimiters: [' '], masks: [] });
    scanner.scan('alpha beta alpha');
    expect(scanner.tokens.hash[0]).toBe(scanner.tokens.hash[2]);
    expect(scanner.tokens.hash[0]).not.toBe(scanner.tokens.hash[1]);
  });
});

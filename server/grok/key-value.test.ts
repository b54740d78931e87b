import { describe, expect, it } from 'vitest';
import { DEFAULT_KEY_VALUE_OPTIONS, parseKeyValues } from './key-value';

const withOptions = (options: Partial<typeof DEFAULT_KEY_VALUE_OPTIONS>) => ({ ...DEFAULT_KEY_VALUE_OPTIONS, ...options });

describe('keyvalue', () => {
  it('reads pairs separated by spaces, commas or semicolons', () => {
    expect(parseKeyValues('user=john, email=john@example.com; role=admin')).toEqual({
      user: 'john',
      email: 'john@example.com',
      role: 'admin',
    });
  });

  it('ignores whitespace around the separator', () => {
    expect(parseKeyValues('a = 1 b= 2 c =3')).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('skips empty and null values, and keeps the last of a repeated key', () => {
    expect(parseKeyValues('a= b=null c=1 c=2')).toEqual({ c: '2' });
  });

  it('reads quoted values whole, with the default quotes', () => {
    expect(parseKeyValues('msg="hello world" who=\'the team\' tag=<a b>')).toEqual({
      msg: 'hello world',
      who: 'the team',
      tag: 'a b',
    });
  });

  it('stops unquoted values at characters outside the allow list', () => {
    expect(parseKeyValues('path=/home/user')).toEqual({});
    expect(parseKeyValues('path=/home/user', withOptions({ allowed: '/' }))).toEqual({ path: '/home/user' });
  });

  it('uses a custom separator, quotes and delimiter', () => {
    expect(parseKeyValues('key:={value with spaces}', withOptions({ separator: ':=', quotes: '{}' }))).toEqual({
      key: 'value with spaces',
    });
    expect(parseKeyValues('a=x y|b=z', withOptions({ allowed: ' ', delimiters: '|' }))).toEqual({ a: 'x y', b: 'z' });
  });

  it('passes over words that are not pairs', () => {
    expect(parseKeyValues('GET /index status=200 done')).toEqual({ status: '200' });
  });

  it('stays fast on many unclosed quotes', () => {
    const text = 'a=<'.repeat(100_000);
    const started = performance.now();
    parseKeyValues(text);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

import { describe, expect, it } from 'vitest';
import type { QueryNode, RangeBound, WildcardToken } from './ast';
import { parseQuery } from './parse';

function ast(query: string): QueryNode {
  const result = parseQuery(query);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(query)} to parse, got: ${result.error.message}`);
  return result.ast;
}

function error(query: string): string {
  const result = parseQuery(query);
  if (result.ok) throw new Error(`expected ${JSON.stringify(query)} to fail, got ${JSON.stringify(result.ast)}`);
  expect(result.error.message.endsWith(` at ${result.error.position}`)).toBe(true);
  return result.error.message;
}

const term = (term: string): QueryNode => ({ kind: 'message-term', term });
const phrase = (...terms: string[]): QueryNode => ({ kind: 'message-phrase', terms });
const tag = (key: string, value: string): QueryNode => ({ kind: 'tag', key, value });
const attr = (path: string, value: string): QueryNode => ({
  kind: 'attribute',
  path: path.split('.'),
  value,
  number: Number.isFinite(Number(value)) && value.trim() !== '' ? Number(value) : null,
});
const and = (...children: QueryNode[]): QueryNode => ({ kind: 'and', children });
const or = (...children: QueryNode[]): QueryNode => ({ kind: 'or', children });
const not = (child: QueryNode): QueryNode => ({ kind: 'not', child });
const text = (text: string): WildcardToken => ({ kind: 'text', text });
const STAR: WildcardToken = { kind: 'any-run' };
const ONE: WildcardToken = { kind: 'any-char' };
const bound = (value: string, inclusive: boolean): RangeBound => ({
  value,
  number: Number.isFinite(Number(value)) ? Number(value) : null,
  inclusive,
});

describe('parseQuery: terms and the message', () => {
  it('an empty or blank query matches everything', () => {
    expect(ast('')).toEqual({ kind: 'all' });
    expect(ast('  \t\n ')).toEqual({ kind: 'all' });
  });

  it('a bare word searches the message, as typed', () => {
    expect(ast('Error')).toEqual(term('Error'));
  });

  it('message: is the same as a bare word', () => {
    expect(ast('message:error')).toEqual(ast('error'));
    expect(ast('message:"connection timeout"')).toEqual(phrase('connection', 'timeout'));
  });

  it('a quoted phrase keeps its terms in order, whatever whitespace separates them', () => {
    expect(ast('"connection   timeout"')).toEqual(phrase('connection', 'timeout'));
    expect(ast('" padded "')).toEqual(term('padded'));
  });

  it('without quotes, words are ANDed', () => {
    expect(ast('message:connection timeout')).toEqual(and(term('connection'), term('timeout')));
  });

  it('inside quotes, wildcards and operators are literal', () => {
    expect(ast('"a* OR b?"')).toEqual(phrase('a*', 'OR', 'b?'));
  });

  it('lower-case and, or and not are search terms', () => {
    expect(ast('this and that')).toEqual(and(term('this'), term('and'), term('that')));
    expect(ast('not or')).toEqual(and(term('not'), term('or')));
  });

  it('words that start with an operator are plain words', () => {
    expect(ast('ANDROID ORACLE NOTICE')).toEqual(and(term('ANDROID'), term('ORACLE'), term('NOTICE')));
  });

  it('brackets and comparison signs are text in the message', () => {
    expect(ast('[ERROR] <html>')).toEqual(and(term('[ERROR]'), term('<html>')));
  });

  it('escaped characters are literal, and an escaped space joins a phrase', () => {
    expect(ast('a\\:b')).toEqual(term('a:b'));
    expect(ast('\\-x')).toEqual(term('-x'));
    expect(ast('"say \\"hi\\""')).toEqual(phrase('say', '"hi"'));
    expect(ast('connection\\ timeout')).toEqual(phrase('connection', 'timeout'));
    expect(ast('50\\*')).toEqual(term('50*'));
  });

  it('tildes that are not fuzzy search are text', () => {
    expect(ast('~/.bashrc')).toEqual(term('~/.bashrc'));
  });
});

describe('parseQuery: wildcards', () => {
  it('* and ? in a word make a message wildcard', () => {
    expect(ast('*timeout*')).toEqual({ kind: 'message-wildcard', pattern: [STAR, text('timeout'), STAR] });
    expect(ast('f?o')).toEqual({ kind: 'message-wildcard', pattern: [text('f'), ONE, text('o')] });
  });

  it('consecutive stars collapse, and a lone star matches everything', () => {
    expect(ast('a**b')).toEqual({ kind: 'message-wildcard', pattern: [text('a'), STAR, text('b')] });
    expect(ast('*')).toEqual({ kind: 'all' });
    expect(ast('message:*')).toEqual({ kind: 'all' });
  });

  it('tag and attribute values take wildcards', () => {
    expect(ast('service:web-*')).toEqual({ kind: 'tag-wildcard', key: 'service', pattern: [text('web-'), STAR] });
    expect(ast('@file.name:*.log')).toEqual({
      kind: 'attribute-wildcard',
      path: ['file', 'name'],
      pattern: [STAR, text('.log')],
    });
  });

  it('a lone star as a value means the field exists', () => {
    expect(ast('service:*')).toEqual({ kind: 'tag-exists', key: 'service' });
    expect(ast('@user.id:*')).toEqual({ kind: 'attribute-exists', path: ['user', 'id'] });
  });

  it('an escaped wildcard is literal', () => {
    expect(ast('service:web\\*')).toEqual(tag('service', 'web*'));
    expect(ast('service:"web*"')).toEqual(tag('service', 'web*'));
  });
});

describe('parseQuery: tags and attributes', () => {
  it('key:value is a case-sensitive tag match, dots included in the key', () => {
    expect(ast('service:web-app')).toEqual(tag('service', 'web-app'));
    expect(ast('service.version:1.2.3')).toEqual(tag('service.version', '1.2.3'));
    expect(ast('env:"staging environment"')).toEqual(tag('env', 'staging environment'));
  });

  it('host, service and source are tags', () => {
    expect(ast('host:h1 source:nginx')).toEqual(and(tag('host', 'h1'), tag('source', 'nginx')));
  });

  it('a value keeps colons after the first', () => {
    expect(ast('@url:http://x:80/a')).toEqual(attr('url', 'http://x:80/a'));
  });

  it('@path:value is an attribute match on a nested path', () => {
    expect(ast('@metadata.request.user_id:12345')).toEqual(attr('metadata.request.user_id', '12345'));
    expect(ast('@error.code:"AUTH_001"')).toEqual(attr('error.code', 'AUTH_001'));
    expect(ast('@a\\.b.c:x')).toEqual({ kind: 'attribute', path: ['a.b', 'c'], value: 'x', number: null });
  });

  it('numbers in attribute values are read as numbers too', () => {
    expect(ast('@x:1e3')).toEqual({ kind: 'attribute', path: ['x'], value: '1e3', number: 1000 });
    expect(ast('@x:0x10')).toEqual({ kind: 'attribute', path: ['x'], value: '0x10', number: null });
  });

  it('an empty quoted value is an empty string', () => {
    expect(ast('service:""')).toEqual(tag('service', ''));
  });

  it('tags:key checks that a tag key exists, with wildcards allowed', () => {
    expect(ast('tags:service.version')).toEqual({ kind: 'tag-exists', key: 'service.version' });
    expect(ast('tags:serv*')).toEqual({ kind: 'tag-key-wildcard', pattern: [text('serv'), STAR] });
    expect(ast('tags:*id')).toEqual({ kind: 'tag-key-wildcard', pattern: [STAR, text('id')] });
  });

  it('a field group applies the field to each value inside', () => {
    expect(ast('service:(web OR api)')).toEqual(or(tag('service', 'web'), tag('service', 'api')));
    expect(ast('@code:(500 OR >=503)')).toEqual(
      or(attr('code', '500'), { kind: 'attribute-range', path: ['code'], lower: bound('503', true), upper: null }),
    );
    expect(ast('service:(a -b)')).toEqual(and(tag('service', 'a'), not(tag('service', 'b'))));
    expect(ast('message:(a OR "b c")')).toEqual(or(term('a'), phrase('b', 'c')));
  });

  it('keywords are values after a colon', () => {
    expect(ast('service:AND')).toEqual(tag('service', 'AND'));
    expect(ast('AND:x')).toEqual(tag('AND', 'x'));
  });
});

describe('parseQuery: status maps to severity', () => {
  const sev = (min: number, max: number): QueryNode => ({ kind: 'severity', min, max });

  it('a status is the severities Weir reports as that status, in any case', () => {
    expect(ast('status:error')).toEqual(sev(17, 17));
    expect(ast('status:critical')).toEqual(sev(18, 20));
    expect(ast('status:WARNING')).toEqual(sev(13, 16));
    expect(ast('status:"info"')).toEqual(sev(9, 9));
    expect(ast('status:notice')).toEqual(sev(10, 12));
    expect(ast('status:emerg')).toEqual(sev(22, 24));
    expect(ast('status:ok')).toEqual(sev(9, 9));
  });

  it("fatal is OTel's FATAL range", () => {
    expect(ast('status:fatal')).toEqual(sev(21, 24));
  });

  it("comparisons and ranges follow Datadog's order of statuses", () => {
    expect(ast('status:>=warn')).toEqual(sev(13, 24));
    expect(ast('status:>error')).toEqual(sev(18, 24));
    expect(ast('status:<warn')).toEqual(sev(1, 12));
    expect(ast('status:<=warn')).toEqual(sev(1, 16));
    expect(ast('status:[debug TO warn]')).toEqual(sev(5, 16));
    expect(ast('status:{debug TO error}')).toEqual(sev(9, 16));
    expect(ast('status:[* TO info]')).toEqual(sev(1, 9));
  });

  it('an impossible range matches nothing', () => {
    expect(ast('status:>emergency')).toEqual(not({ kind: 'all' }));
    expect(ast('status:{warn TO info}')).toEqual(not({ kind: 'all' }));
  });

  it('a status that names none is a status tag', () => {
    expect(ast('status:foo')).toEqual(tag('status', 'foo'));
    expect(ast('status:err*')).toEqual({ kind: 'tag-wildcard', key: 'status', pattern: [text('err'), STAR] });
    expect(ast('status:[error TO zzz]')).toEqual({
      kind: 'tag-range',
      key: 'status',
      lower: bound('error', true),
      upper: bound('zzz', true),
    });
  });
});

describe('parseQuery: ranges and comparisons', () => {
  const range = (path: string, lower: RangeBound | null, upper: RangeBound | null): QueryNode => ({
    kind: 'attribute-range',
    path: path.split('.'),
    lower,
    upper,
  });

  it('[a TO b] is inclusive and {a TO b} exclusive, mixable', () => {
    expect(ast('@response.time:[100 TO 500]')).toEqual(range('response.time', bound('100', true), bound('500', true)));
    expect(ast('@response.time:{100 TO 500}')).toEqual(range('response.time', bound('100', false), bound('500', false)));
    expect(ast('@t:[100 TO 500}')).toEqual(range('t', bound('100', true), bound('500', false)));
  });

  it('* opens either end of a range', () => {
    expect(ast('@t:[* TO 300]')).toEqual(range('t', null, bound('300', true)));
    expect(ast('@t:[200 TO *]')).toEqual(range('t', bound('200', true), null));
    expect(ast('@t:[ * TO * ]')).toEqual(range('t', null, null));
  });

  it('comparisons are one-sided ranges', () => {
    expect(ast('@http.status_code:>=500')).toEqual(range('http.status_code', bound('500', true), null));
    expect(ast('@t:>300')).toEqual(range('t', bound('300', false), null));
    expect(ast('@t:<100')).toEqual(range('t', null, bound('100', false)));
    expect(ast('@t:<=-4.5')).toEqual(range('t', null, bound('-4.5', true)));
  });

  it('ranges and comparisons on tags are tag ranges', () => {
    expect(ast('hostname:[jimmy TO tom]')).toEqual({
      kind: 'tag-range',
      key: 'hostname',
      lower: bound('jimmy', true),
      upper: bound('tom', true),
    });
    expect(ast('hostname:<"tom b"')).toEqual({ kind: 'tag-range', key: 'hostname', lower: null, upper: bound('tom b', false) });
  });
});

describe('parseQuery: boolean operators and precedence', () => {
  it('juxtaposition and AND are the same', () => {
    expect(ast('a b')).toEqual(ast('a AND b'));
    expect(ast('a b')).toEqual(and(term('a'), term('b')));
  });

  it('AND binds tighter than OR', () => {
    expect(ast('a OR b AND c')).toEqual(or(term('a'), and(term('b'), term('c'))));
    expect(ast('a AND b OR c')).toEqual(or(and(term('a'), term('b')), term('c')));
    expect(ast('a b OR c d')).toEqual(or(and(term('a'), term('b')), and(term('c'), term('d'))));
  });

  it('NOT binds tighter than AND', () => {
    expect(ast('NOT a b')).toEqual(and(not(term('a')), term('b')));
    expect(ast('NOT a OR b')).toEqual(or(not(term('a')), term('b')));
  });

  it('parentheses override precedence', () => {
    expect(ast('(a OR b) AND c')).toEqual(and(or(term('a'), term('b')), term('c')));
    expect(ast('NOT (a OR b)')).toEqual(not(or(term('a'), term('b'))));
    expect(ast('((service:web OR service:api) AND error) OR @priority:high')).toEqual(
      or(and(or(tag('service', 'web'), tag('service', 'api')), term('error')), attr('priority', 'high')),
    );
  });

  it('-, ! and NOT negate; + is a no-op', () => {
    expect(ast('-a')).toEqual(not(term('a')));
    expect(ast('!a')).toEqual(not(term('a')));
    expect(ast('NOT a')).toEqual(not(term('a')));
    expect(ast('+error +service:auth -@user.type:admin')).toEqual(
      and(term('error'), tag('service', 'auth'), not(attr('user.type', 'admin'))),
    );
    expect(ast('!(service:api)')).toEqual(not(tag('service', 'api')));
  });

  it('a minus inside a word is part of it', () => {
    expect(ast('web-app')).toEqual(term('web-app'));
    expect(ast('service:-x')).toEqual(tag('service', '-x'));
  });

  it('double negation cancels out', () => {
    expect(ast('NOT -a')).toEqual(term('a'));
    expect(ast('--a')).toEqual(term('a'));
  });

  it('nested ANDs and ORs flatten and duplicates drop', () => {
    expect(ast('a AND (b AND c)')).toEqual(and(term('a'), term('b'), term('c')));
    expect(ast('a OR (b OR a)')).toEqual(or(term('a'), term('b')));
    expect(ast('a a')).toEqual(term('a'));
  });

  it('* disappears from an AND and absorbs an OR', () => {
    expect(ast('a *')).toEqual(term('a'));
    expect(ast('a OR *')).toEqual({ kind: 'all' });
  });

  it('operators need no spaces around parentheses and quotes', () => {
    expect(ast('(a)OR(b)')).toEqual(or(term('a'), term('b')));
    expect(ast('NOT"a b"')).toEqual(not(phrase('a', 'b')));
    expect(ast('a(b)')).toEqual(and(term('a'), term('b')));
  });
});

describe('parseQuery: errors say what and where', () => {
  it('an unmatched closing parenthesis', () => {
    expect(error('service:web-app x)')).toBe("unexpected ')' at 17");
    expect(error(')')).toBe("unexpected ')' at 0");
  });

  it('an unclosed or empty group', () => {
    expect(error('a (b OR c')).toBe("unclosed '(' at 2");
    expect(error('a ()')).toBe('empty parentheses at 2');
    expect(error('service:(a')).toBe("unclosed '(' at 8");
  });

  it('an unterminated phrase', () => {
    expect(error('foo "bar')).toBe('unterminated phrase starting at 4');
    expect(error('"bar\\"')).toBe('unterminated phrase starting at 0');
  });

  it('an empty phrase', () => {
    expect(error('a ""')).toBe('empty phrase at 2');
  });

  it('a field without a value', () => {
    expect(error('service:')).toBe("expected a value after 'service:' at 8");
    expect(error('service: web')).toBe("expected a value after 'service:' at 8");
    expect(error('(@a.b:)')).toBe("expected a value after '@a.b:' at 6");
  });

  it('a value without a field, and bad field names', () => {
    expect(error(':x')).toBe("expected a field name before ':' at 0");
    expect(error('@:x')).toBe("expected an attribute name after '@' at 1");
    expect(error('@a..b:x')).toBe('empty attribute path segment at 3');
    expect(error('@a.:x')).toBe('empty attribute path segment at 3');
    expect(error('serv*:x')).toBe('field names cannot contain wildcards (tags:<pattern> matches tag keys) at 4');
  });

  it('an operator without an operand', () => {
    expect(error('a AND')).toBe("expected a search term after 'AND' at 5");
    expect(error('a OR')).toBe("expected a search term after 'OR' at 4");
    expect(error('NOT')).toBe("expected a search term after 'NOT' at 3");
    expect(error('a OR AND b')).toBe("expected a search term after 'OR' at 5");
    expect(error('OR a')).toBe("unexpected 'OR' at 0");
    expect(error('a - b')).toBe("expected a search term after '-' at 3");
    expect(error('(a -)')).toBe("expected a search term after '-' at 4");
  });

  it('broken ranges and comparisons', () => {
    expect(error('@d:[1 TO')).toBe('unterminated range starting at 3');
    expect(error('@d:[1 5]')).toBe("expected 'TO' in range at 6");
    expect(error('@d:[1 TO ]')).toBe('expected a range bound at 9');
    expect(error('@d:[1 TO 5 6]')).toBe("expected ']' or '}' to close the range at 11");
    expect(error('@d:[1* TO 5]')).toBe('wildcards are not allowed in range bounds at 5');
    expect(error('@d:>=')).toBe("expected a value after '@d:>=' at 5");
    expect(error('@d:>5*')).toBe('wildcards are not allowed in comparisons at 5');
  });

  it('an escape with nothing after it', () => {
    expect(error('abc\\')).toBe("expected a character after '\\' at 3");
  });

  it('unsupported fuzzy and proximity searches', () => {
    expect(error('foobar~2')).toBe("fuzzy search ('~') is not supported at 6");
    expect(error('foobar~')).toBe("fuzzy search ('~') is not supported at 6");
    expect(error('"foo bar"~2')).toBe("proximity search ('~') is not supported at 9");
  });

  it('very deep nesting is refused rather than overflowing the stack', () => {
    expect(error('('.repeat(500) + 'a' + ')'.repeat(500))).toBe('more than 100 nested parentheses at 100');
    expect(ast('('.repeat(100) + 'a' + ')'.repeat(100))).toEqual(term('a'));
  });

  it('long NOT chains and flat ANDs are fine', () => {
    expect(ast('NOT '.repeat(10_001) + 'a')).toEqual(not(term('a')));
    expect(ast(Array.from({ length: 5000 }, (_, i) => `t${i}`).join(' '))).toMatchObject({ kind: 'and' });
  });
});

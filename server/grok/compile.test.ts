import { describe, expect, it } from 'vitest';
import { compileRegex } from '../engine/re2-regex';
import { compileGrokRules, grokVocabulary, type GrokProblem } from './compile';
import { createGrokParser, type GrokMatch } from './parse';

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

/** A parser for rules that must compile; it runs on RE2, as the engine does. */
function grok(parsingRules: string[], helperRules: string[] = []) {
  const compiled = compileGrokRules({ grokParsingRules: parsingRules, grokHelperRules: helperRules });
  if (!compiled.ok) throw new Error(`rules do not compile: ${JSON.stringify(compiled.problems)}`);
  const parser = createGrokParser(compiled.program, compileRegex);
  if (!parser.ok) throw new Error(parser.reason);
  return (text: string, now = NOW): GrokMatch | undefined => parser.parse(text, { now });
}

/** What `rule <pattern>` extracts from `text` into attributes, or undefined when it does not match. */
const attributesOf = (pattern: string, text: string) => grok([`rule ${pattern}`])(text)?.attributes;

const problemsOf = (grokParsingRules: string[], grokHelperRules: string[] = []): GrokProblem[] => {
  const compiled = compileGrokRules({ grokParsingRules, grokHelperRules });
  return compiled.ok ? [] : compiled.problems;
};

describe('grok rules', () => {
  it('extracts words, a tag, a date and an IP, as in the connection example', () => {
    const parse = grok(['connection %{word:user} %{word:tags.lastname} connected on %{date("MM/dd/yyyy"):date} from %{ipv4:ip}']);
    expect(parse('alice jones connected on 03/15/2024 from 10.0.0.7')).toEqual({
      rule: 'connection',
      attributes: { user: 'alice', date: Date.UTC(2024, 2, 15), ip: '10.0.0.7' },
      tags: { lastname: ['jones'] },
    });
  });

  it('helper rules give the same result as the rule written out', () => {
    const parse = grok(
      ['connection %{user} %{connected} %{client}'],
      ['user %{word:user} %{word:tags.lastname}', 'connected connected on %{date("MM/dd/yyyy"):date}', 'client from %{ipv4:ip}'],
    );
    expect(parse('alice jones connected on 03/15/2024 from 10.0.0.7')).toEqual({
      rule: 'connection',
      attributes: { user: 'alice', date: Date.UTC(2024, 2, 15), ip: '10.0.0.7' },
      tags: { lastname: ['jones'] },
    });
  });

  it('puts dotted field names into nested objects, through helpers that use helpers', () => {
    const parse = grok(
      ['elb %{_date_access} %{_elb_name} %{_client}'],
      [
        '_elb_name %{notSpace:elb.name}',
        '_client %{_client_ip}:%{_client_port} %{_status_code}',
        '_client_ip %{ipOrHost:network.client.ip}',
        '_client_port %{integer:network.client.port}',
        '_status_code %{integer:http.status_code}',
        '_date_access %{timestampiso8601:timestamp}',
      ],
    );
    expect(parse('2024-03-15T14:30:45.123Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 200')?.attributes).toEqual({
      timestamp: '2024-03-15T14:30:45.123Z',
      elb: { name: 'app/my-lb/50dc6c495c0c9188' },
      network: { client: { ip: '192.168.131.39', port: 2817 } },
      http: { status_code: 200 },
    });
  });

  it('tries rules in order and the first that matches the whole text wins', () => {
    const parse = grok([
      'login %{word:user} logged in from %{ipv4:ip}',
      'logout %{word:user} logged out at %{date("HH:mm:ss"):time}',
      'leveled %{word:level}: %{data:text}',
      'error ERROR: %{data:error_message}',
    ]);
    expect(parse('bob logged in from 10.1.2.3')).toMatchObject({ rule: 'login', attributes: { user: 'bob', ip: '10.1.2.3' } });
    expect(parse('bob logged out at 17:05:09')).toMatchObject({
      rule: 'logout',
      attributes: { user: 'bob', time: Date.UTC(2024, 5, 1, 17, 5, 9) },
    });
    // The broader rule comes first, so the error rule never gets a chance.
    expect(parse('ERROR: disk full')).toEqual({ rule: 'leveled', attributes: { level: 'ERROR', text: 'disk full' }, tags: {} });
  });

  it('a rule must match the whole text, not a part of it', () => {
    const parse = grok(['status status=%{integer:status}']);
    expect(parse('status=200')).toMatchObject({ attributes: { status: 200 } });
    expect(parse('status=200 extra')).toBeUndefined();
    expect(parse('prefix status=200')).toBeUndefined();
  });

  it('text no rule matches gives no match', () => {
    expect(grok(['numbers %{integer:a} %{integer:b}'])('one two')).toBeUndefined();
  });

  it('a value that cannot convert (31 February) fails its rule, and the next rule gets its chance', () => {
    const parse = grok(['dated on %{date("yyyy-MM-dd"):day}', 'fallback on %{notSpace:raw}']);
    expect(parse('on 2024-02-31')).toEqual({ rule: 'fallback', attributes: { raw: '2024-02-31' }, tags: {} });
    expect(parse('on 2024-02-29')).toEqual({ rule: 'dated', attributes: { day: Date.UTC(2024, 1, 29) }, tags: {} });
  });

  it('text between references is a regular expression', () => {
    expect(attributesOf('\\[%{word:level}\\]\\s+(?:pid=%{integer:pid} )?%{data:msg}', '[INFO]   pid=42 started')).toEqual({
      level: 'INFO',
      pid: 42,
      msg: 'started',
    });
    expect(attributesOf('\\[%{word:level}\\]\\s+(?:pid=%{integer:pid} )?%{data:msg}', '[INFO] started')).toEqual({
      level: 'INFO',
      msg: 'started',
    });
  });

  it('references without a field match without extracting', () => {
    const pattern = '%{ipOrHost:client} %{notSpace} %{notSpace} \\[%{HTTPDATE}\\] "%{word:method} %{notSpace:path} %{notSpace}" %{integer:status}';
    expect(attributesOf(pattern, '192.168.1.1 - - [21/Aug/2024:04:21:14 +0000] "GET /api/health HTTP/1.1" 200')).toEqual({
      client: '192.168.1.1',
      method: 'GET',
      path: '/api/health',
      status: 200,
    });
  });

  it('a helper referenced with a field extracts all the text it matched, and its own fields too', () => {
    const parse = grok(['rule %{_endpoint:endpoint}'], ['_endpoint %{ipv4:ip}:%{port:port}']);
    expect(parse('10.0.0.1:8080')?.attributes).toEqual({ endpoint: '10.0.0.1:8080', ip: '10.0.0.1', port: 8080 });
  });

  it('the same field extracted twice keeps the last value', () => {
    expect(attributesOf('%{word:name} %{word:name}', 'first second')).toEqual({ name: 'second' });
  });

  it('sets severity from level words or OTel numbers, and eventTimestamp from a date', () => {
    const parse = grok(['line %{date("yyyy-MM-dd HH:mm:ss"):eventTimestamp} %{word:severity} %{data:msg}']);
    expect(parse('2024-03-15 14:30:45 WARN disk almost full')).toEqual({
      rule: 'line',
      attributes: { msg: 'disk almost full' },
      tags: {},
      severity: 13,
      eventTimestamp: Date.UTC(2024, 2, 15, 14, 30, 45),
    });
    expect(grok(['n %{integer:severity}'])('17')?.severity).toBe(17);
    expect(grok(['n %{word:severity}'])('gibberish')).toEqual({ rule: 'n', attributes: {}, tags: {} });
    expect(grok(['t %{notSpace:eventTimestamp}'])('2024-03-15T14:30:45.5+01:00')?.eventTimestamp).toBe(
      Date.UTC(2024, 2, 15, 13, 30, 45, 500),
    );
    expect(grok(['t %{integer:eventTimestamp}'])('1710513045000')?.eventTimestamp).toBe(1710513045000);
  });

  it('a filter with no field merges an object result into the attributes', () => {
    expect(attributesOf('%{word:action} %{data::keyvalue}', 'login user=john, email=john@example.com; role=admin')).toEqual({
      action: 'login',
      user: 'john',
      email: 'john@example.com',
      role: 'admin',
    });
    expect(attributesOf('payload %{data::json}', 'payload {"a":{"b":1},"c":[true]}')).toEqual({ a: { b: 1 }, c: [true] });
  });

  it('keyvalue and json also work as matchers', () => {
    expect(attributesOf('%{keyvalue(":"):params}', 'a:1 b:2')).toEqual({ params: { a: '1', b: '2' } });
    expect(attributesOf('%{json:payload}', '{"ok":true}')).toEqual({ payload: { ok: true } });
  });

  it('a filter that cannot convert leaves the field out; the rule still matches', () => {
    expect(attributesOf('%{data:payload:json}', 'not json')).toEqual({});
  });

  it('filters chain left to right', () => {
    expect(attributesOf('%{data:payload:lowercase:json}', '{"KEY":"VALUE"}')).toEqual({ payload: { key: 'value' } });
  });

  it('fields named __proto__ stay ordinary data', () => {
    const attributes = attributesOf('%{word:__proto__.polluted} %{data::json}', 'yes {"__proto__":{"also":1}}');
    expect(Object.keys(attributes ?? {})).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).also).toBeUndefined();
  });

  it('runs in linear time on RE2, even for a pattern that backtracks catastrophically elsewhere', () => {
    const parse = grok(['nested %{regex("(a+)+"):as}b']);
    const started = performance.now();
    expect(parse('a'.repeat(50_000) + 'c')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('Datadog-style matchers', () => {
  const cases: Array<[string, string, unknown]> = [
    ['word', 'john_doe123', 'john_doe123'],
    ['notSpace', 'abc-123-def:/x', 'abc-123-def:/x'],
    ['data', 'anything at all\nacross lines', 'anything at all\nacross lines'],
    ['regex("[A-Z]{3}-\\d{4}")', 'ABC-1234', 'ABC-1234'],
    ['doubleQuotedString', '"Hello \\"World\\""', '"Hello \\"World\\""'],
    ['singleQuotedString', "'Hello World'", "'Hello World'"],
    ['quotedString', "'either'", "'either'"],
    ['quotedString', '"either"', '"either"'],
    ['number', '123.45', 123.45],
    ['number', '-7', -7],
    ['numberStr', '99.99', '99.99'],
    ['numberExt', '1.23e5', 123000],
    ['numberExtStr', '1.23e5', '1.23e5'],
    ['integer', '200', 200],
    ['integer', '-15', -15],
    ['integerStr', '12345', '12345'],
    ['integerExt', '1e3', 1000],
    ['integerExtStr', '1e3', '1000'],
    ['boolean', 'TRUE', true],
    ['boolean', 'false', false],
    ['boolean("yes", "no")', 'yes', true],
    ['boolean("yes", "no")', 'no', false],
    ['boolean("1", "0")', '1', true],
    ['ipv4', '192.168.1.1', '192.168.1.1'],
    ['ipv6', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['ipv6', 'fe80::1%eth0', 'fe80::1%eth0'],
    ['ip', '2001:db8:85a3::8a2e:370:7334', '2001:db8:85a3::8a2e:370:7334'],
    ['ip', '::ffff:10.0.0.1', '::ffff:10.0.0.1'],
    ['ip', '10.0.0.1', '10.0.0.1'],
    ['hostname', 'api.example.com', 'api.example.com'],
    ['ipOrHost', 'db-01.internal', 'db-01.internal'],
    ['ipOrHost', '172.16.0.9', '172.16.0.9'],
    ['mac', '00:1B:44:11:3A:B7', '00:1B:44:11:3A:B7'],
    ['mac', '00-1B-44-11-3A-B7', '00-1B-44-11-3A-B7'],
    ['port', '8080', 8080],
    ['uuid', '550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440000'],
    ['timestampiso8601', '2024-03-15 14:30:45+05:30', '2024-03-15 14:30:45+05:30'],
    ['date("yyyy-MM-dd HH:mm:ss")', '2024-03-15 14:30:45', Date.UTC(2024, 2, 15, 14, 30, 45)],
    ['date("MM/dd/yyyy hh:mm:ss a")', '03/15/2024 02:30:45 PM', Date.UTC(2024, 2, 15, 14, 30, 45)],
    ['date("dd-MMM-yyyy")', '15-Mar-2024', Date.UTC(2024, 2, 15)],
  ];

  it.each(cases)('%s reads %j as %j', (matcher, input, expected) => {
    expect(attributesOf(`%{${matcher}:v}`, input)).toEqual({ v: expected });
  });

  const rejected: Array<[string, string]> = [
    ['word', 'two words'],
    ['notSpace', 'has space'],
    ['integer', '1.5'],
    ['number', 'abc'],
    ['boolean', 'yes'],
    ['ipv4', '256.1.1.1'],
    ['ipv4', '1.2.3'],
    ['ipv6', '2001:db8::85a3::1'],
    ['mac', '00:1B:44:11:3A'],
    ['uuid', '550e8400-e29b-41d4-a716-44665544000'],
    ['port', '65536'],
    ['hostname', '-bad.example.com'],
    ['doubleQuotedString', '"unterminated'],
    ['date("MM/dd/yyyy")', '13/01/2024'],
  ];

  it.each(rejected)('%s does not match %j', (matcher, input) => {
    expect(attributesOf(`%{${matcher}:v}`, input)).toBeUndefined();
  });

  it('every matcher compiles on RE2', () => {
    for (const name of grokVocabulary.datadogMatchers) {
      const reference = name === 'regex' ? 'regex("x")' : name === 'date' ? 'date("yyyy")' : name;
      expect(() => grok([`rule %{${reference}:v}`]), name).not.toThrow();
    }
  });
});

describe('Logstash patterns', () => {
  const cases: Array<[string, string, unknown]> = [
    ['USERNAME', 'john.doe-123', 'john.doe-123'],
    ['USER', 'alice_2024', 'alice_2024'],
    ['EMAILLOCALPART', 'john.doe+filter', 'john.doe+filter'],
    ['EMAILADDRESS', 'support+tickets@company.co.uk', 'support+tickets@company.co.uk'],
    ['INT', '-150', '-150'],
    ['BASE10NUM', '-98.6', '-98.6'],
    ['NUMBER', '3.14', '3.14'],
    ['BASE16NUM', '0xFF', '0xFF'],
    ['BASE16FLOAT', '0x1A.3F', '0x1A.3F'],
    ['POSINT', '8080', '8080'],
    ['NONNEGINT', '0', '0'],
    ['WORD', 'hello', 'hello'],
    ['NOTSPACE', 'a/b:c', 'a/b:c'],
    ['GREEDYDATA', 'Connection failed: timeout after 30 seconds', 'Connection failed: timeout after 30 seconds'],
    ['QUOTEDSTRING', '"Hello \\"World\\""', 'Hello \\"World\\"'],
    ['QUOTEDSTRING', '`ls -la`', 'ls -la'],
    ['QS', "'single quoted'", 'single quoted'],
    ['UUID', '550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440000'],
    ['URN', 'urn:isbn:0451450523', 'urn:isbn:0451450523'],
    ['CISCOMAC', '001b.4411.3ab7', '001b.4411.3ab7'],
    ['WINDOWSMAC', '00-1B-44-11-3A-B7', '00-1B-44-11-3A-B7'],
    ['COMMONMAC', '00:1B:44:11:3A:B7', '00:1B:44:11:3A:B7'],
    ['IPV4', '192.168.1.1', '192.168.1.1'],
    ['IPV6', '::1', '::1'],
    ['IP', '10.0.0.1', '10.0.0.1'],
    ['HOSTNAME', 'server01.example.com', 'server01.example.com'],
    ['IPORHOST', 'localhost', 'localhost'],
    ['HOSTPORT', 'api.example.com:8080', 'api.example.com:8080'],
    ['UNIXPATH', '/var/log/application.log', '/var/log/application.log'],
    ['WINPATH', 'C:\\Program Files\\Application', 'C:\\Program Files\\Application'],
    ['PATH', 'D:\\Data\\Files\\', 'D:\\Data\\Files\\'],
    ['TTY', '/dev/pts/0', '/dev/pts/0'],
    ['TTY', '/dev/tty1', '/dev/tty1'],
    ['URIPROTO', 'https', 'https'],
    ['URIHOST', 'api.example.com:8080', 'api.example.com:8080'],
    ['URIPATH', '/api/v1/users', '/api/v1/users'],
    ['URIQUERY', 'page=1&limit=10&sort=desc', 'page=1&limit=10&sort=desc'],
    ['URIPARAM', '?user=john&action=login', '?user=john&action=login'],
    ['URIPATHPARAM', '/api/users?page=1', '/api/users?page=1'],
    ['URI', 'https://api.example.com:443/v1/users?active=true', 'https://api.example.com:443/v1/users?active=true'],
    ['URI', 'http://localhost:8080/health', 'http://localhost:8080/health'],
    ['MONTH', 'January', 'January'],
    ['MONTH', 'Feb', 'Feb'],
    ['MONTHNUM', '3', '3'],
    ['MONTHNUM2', '11', '11'],
    ['MONTHDAY', '25', '25'],
    ['DAY', 'Fri', 'Fri'],
    ['YEAR', '2024', '2024'],
    ['HOUR', '09', '09'],
    ['MINUTE', '05', '05'],
    ['SECOND', '30.123', '30.123'],
    ['TIME', '09:15:30.500', '09:15:30.500'],
    ['DATE_US', '12-31-2023', '12-31-2023'],
    ['DATE_EU', '25.12.2023', '25.12.2023'],
    ['DATE', '15.03.2024', '15.03.2024'],
    ['DATESTAMP', '03/15/2024 14:30:45', '03/15/2024 14:30:45'],
    ['ISO8601_TIMEZONE', '+05:30', '+05:30'],
    ['TIMESTAMP_ISO8601', '2024-03-15T14:30:45Z', '2024-03-15T14:30:45Z'],
    ['TZ', 'PST', 'PST'],
    ['DATESTAMP_RFC822', 'Mon Mar 15 2024 14:30:45 PST', 'Mon Mar 15 2024 14:30:45 PST'],
    ['DATESTAMP_RFC2822', 'Mon, 15 Mar 2024 14:30:45 +0000', 'Mon, 15 Mar 2024 14:30:45 +0000'],
    ['DATESTAMP_OTHER', 'Mon Mar 15 14:30:45 PST 2024', 'Mon Mar 15 14:30:45 PST 2024'],
    ['DATESTAMP_EVENTLOG', '20240315143045', '20240315143045'],
    ['SYSLOGTIMESTAMP', 'Jan  5 09:15:30', 'Jan  5 09:15:30'],
    ['PROG', 'sshd', 'sshd'],
    ['SYSLOGHOST', '192.168.1.100', '192.168.1.100'],
    ['HTTPDATE', '15/Mar/2024:14:30:45 -0700', '15/Mar/2024:14:30:45 -0700'],
    ['LOGLEVEL', 'Warning', 'Warning'],
    ['LOGLEVEL', 'ERROR', 'ERROR'],
  ];

  it.each(cases)('%s reads %j as %j', (pattern, input, expected) => {
    expect(attributesOf(`%{${pattern}:v}`, input)).toEqual({ v: expected });
  });

  it('extract strings, which a filter converts (Logstash spellings int and float too)', () => {
    expect(attributesOf('%{INT:a:int} %{NUMBER:b:float} %{NUMBER:c:integer}', '42 2.5 7')).toEqual({ a: 42, b: 2.5, c: 7 });
  });

  it('SPACE, DATA and GREEDYDATA work together', () => {
    expect(attributesOf('User:%{SPACE}%{WORD:username}%{SPACE}%{DATA:first}/%{GREEDYDATA:rest}', 'User:   john a/b/c')).toEqual({
      username: 'john',
      first: 'a',
      rest: 'b/c',
    });
  });

  it('every pattern compiles on RE2', () => {
    for (const name of grokVocabulary.logstashPatterns) expect(() => grok([`rule %{${name}:v}`]), name).not.toThrow();
  });
});

describe('filters', () => {
  const cases: Array<[string, string, string, unknown]> = [
    ['data', 'number', '123.45', 123.45],
    ['data', 'integer', '42', 42],
    ['data', 'boolean', 'True', true],
    ['data', 'boolean', 'FALSE', false],
    ['word', 'lowercase', 'JohnDoe', 'johndoe'],
    ['word', 'uppercase', 'active', 'ACTIVE'],
    ['data', 'json', '{"key": "value", "count": 42}', { key: 'value', count: 42 }],
    ['word', 'nullIf("none")', 'none', null],
    ['word', 'nullIf("none")', 'active', 'active'],
    ['data', 'nullIf("-")', '-', null],
    ['number', 'scale(0.001)', '1024', 1.024],
    ['number', 'scale(0.001)', '5000', 5],
    ['number', 'scale(0.01)', '75', 0.75],
    ['number', 'scale(0.1)', '3', 0.3],
    ['data', 'isoDateTimeToMillis', '2024-03-15T14:30:45Z', Date.UTC(2024, 2, 15, 14, 30, 45)],
    ['data', 'isoDateTimeToMillis', '2024-03-15T14:30:45.123Z', Date.UTC(2024, 2, 15, 14, 30, 45, 123)],
    ['data', 'isoDateTimeToMillis', '2024-03-15T14:30:45-02:00', Date.UTC(2024, 2, 15, 16, 30, 45)],
    ['data', 'keyvalue', 'user=john email=john@example.com', { user: 'john', email: 'john@example.com' }],
    ['data', 'keyvalue(":")', 'user:john email:john@example.com', { user: 'john', email: 'john@example.com' }],
    ['data', 'keyvalue("=", "/:@")', 'path=/home/user url=http://x', { path: '/home/user', url: 'http://x' }],
    ['data', 'keyvalue("=", "", "", "|")', 'key1=value1|key2=value2', { key1: 'value1', key2: 'value2' }],
    ['data', 'keyvalue(":=", "", "{}")', 'key:={value with spaces}', { key: 'value with spaces' }],
    ['data', 'decodeuricomponent', '%2Fapi%2Fv1%3Fa%3D1', '/api/v1?a=1'],
    ['data', 'querystring', '?productId=super&promo=x%20y', { productId: 'super', promo: 'x y' }],
    [
      'data',
      'url',
      'https://shop.example.com:8443/cart/add?item=42&qty=2',
      { scheme: 'https', host: 'shop.example.com', port: 8443, path: '/cart/add', queryString: { item: '42', qty: '2' } },
    ],
    ['data', 'array("[]", ",")', '[John, Oliver]', ['John', 'Oliver']],
    ['data', 'array("|")', 'a|b|c', ['a', 'b', 'c']],
    ['data', 'array("[]", ",", integer)', '[1, 2, 3]', [1, 2, 3]],
    ['data', 'csv("id,user,status")', '7,"Smith, J",active', { id: '7', user: 'Smith, J', status: 'active' }],
    ['data', 'csv("a;b", ";")', 'x;y', { a: 'x', b: 'y' }],
  ];

  it.each(cases)('%s with filter %s turns %j into %j', (matcher, filter, input, expected) => {
    expect(attributesOf(`%{${matcher}:v:${filter}}`, input)).toEqual({ v: expected });
  });

  const failing: Array<[string, string]> = [
    ['number', 'abc'],
    ['integer', '4x'],
    ['boolean', 'maybe'],
    ['json', '{broken'],
    ['isoDateTimeToMillis', '15/03/2024'],
    ['decodeuricomponent', '%E0%A4%A'],
    ['url', 'not a url'],
  ];

  it.each(failing)('filter %s leaves the field out for %j', (filter, input) => {
    expect(attributesOf(`%{data:v:${filter}}`, input)).toEqual({});
  });
});

describe('rule validation', () => {
  it('a rule is a name then a pattern', () => {
    expect(problemsOf(['%{word:user}', 'ok %{word:user}', ''])).toEqual([
      { path: ['grokParsingRules', 0], message: "rule must look like 'name pattern', e.g. 'access %{ip:client_ip} %{word:method}'" },
      { path: ['grokParsingRules', 2], message: "rule must look like 'name pattern', e.g. 'access %{ip:client_ip} %{word:method}'" },
    ]);
  });

  it('names an unknown helper rule and an unsupported matcher at their rules', () => {
    const helpers = ['_date_access %{timestampiso8601:timestamp}'];
    expect(problemsOf(['elb %{_date_access} %{_client_ip}', 'ok %{word:a}', 'bad %{foo:bar}'], helpers)).toEqual([
      { path: ['grokParsingRules', 0], message: "unknown helper rule '_client_ip'" },
      { path: ['grokParsingRules', 2], message: "matcher 'foo' is not supported" },
    ]);
  });

  it('reports problems in helper rules at the helper, and points rules that use it there', () => {
    expect(problemsOf(['main %{_a}'], ['_a %{_b}', '_b %{nope("x"):y}'])).toEqual([
      { path: ['grokParsingRules', 0], message: "helper rule '_a' has an error (see grokHelperRules[0])" },
      { path: ['grokHelperRules', 0], message: "helper rule '_b' has an error (see grokHelperRules[1])" },
      { path: ['grokHelperRules', 1], message: "matcher 'nope' is not supported" },
    ]);
  });

  it('suggests the right spelling of a matcher or filter', () => {
    expect(problemsOf(['a %{notspace:x}', 'b %{word:x:Lowercase}'])).toEqual([
      { path: ['grokParsingRules', 0], message: "matcher 'notspace' is not supported (did you mean 'notSpace'?)" },
      { path: ['grokParsingRules', 1], message: "filter 'Lowercase' is not supported (did you mean 'lowercase'?)" },
    ]);
  });

  it('names the matchers and filters Weir does not support', () => {
    expect(problemsOf(['a %{SYSLOGBASE}', 'b %{data:ua:useragent}', 'c %{data:x:xml}', 'd %{data:x:rubyhash}'])).toEqual([
      { path: ['grokParsingRules', 0], message: "matcher 'SYSLOGBASE' is not supported" },
      { path: ['grokParsingRules', 1], message: "filter 'useragent' is not supported" },
      { path: ['grokParsingRules', 2], message: "filter 'xml' is not supported" },
      { path: ['grokParsingRules', 3], message: "filter 'rubyhash' is not supported" },
    ]);
  });

  it('rejects duplicate names, cycles and references to parsing rules', () => {
    const helpers = ['_x %{_y}', '_y %{_x}', '_x %{word:c}'];
    expect(problemsOf(['same %{word:a}', 'same %{word:b}', 'uses %{same}'], helpers)).toEqual([
      { path: ['grokParsingRules', 1], message: "rule name 'same' is already used by grokParsingRules[0]" },
      { path: ['grokParsingRules', 2], message: "'same' is a parsing rule; only helper rules (grokHelperRules) can be referenced" },
      { path: ['grokHelperRules', 0], message: "helper rule '_x' refers to itself (_x → _y → _x)" },
      { path: ['grokHelperRules', 1], message: "helper rule '_y' refers to itself (_y → _x → _y)" },
      { path: ['grokHelperRules', 2], message: "helper rule '_x' is already defined at grokHelperRules[0]" },
    ]);
  });

  it('checks matcher and filter arguments', () => {
    expect(
      problemsOf([
        'a %{date:d}',
        'b %{date("yyyy-MM-dd QQ"):d}',
        'c %{date("yyyy", "Mars/Olympus"):d}',
        'd %{word("x"):w}',
        'e %{number:n:scale("big")}',
        'f %{boolean("yes"):b}',
      ]),
    ).toEqual([
      { path: ['grokParsingRules', 0], message: "matcher 'date' takes 1 to 3 quoted arguments" },
      { path: ['grokParsingRules', 1], message: `date format letter 'Q' in "yyyy-MM-dd QQ" is not supported` },
      {
        path: ['grokParsingRules', 2],
        message: 'time zone "Mars/Olympus" is not known: use an offset such as "+05:30" or "-0800", "UTC", or a zone such as "Europe/Paris"',
      },
      { path: ['grokParsingRules', 3], message: "matcher 'word' takes no arguments" },
      { path: ['grokParsingRules', 4], message: "filter 'scale' takes one number, e.g. scale(0.001)" },
      { path: ['grokParsingRules', 5], message: `matcher 'boolean' takes 2 quoted arguments, got ("yes")` },
    ]);
  });

  it('checks field names', () => {
    const FIELD_NAME_RULE = "use letters, digits, '_', '-', '@' or '$', with '.' between nested names";
    expect(problemsOf(['a %{word:tags}', 'b %{word:a..b}', 'c %{word:has space}'])).toEqual([
      { path: ['grokParsingRules', 0], message: "extract into 'tags.<name>' to set a tag, e.g. %{word:tags.env}" },
      { path: ['grokParsingRules', 1], message: `field name 'a..b' is not valid: ${FIELD_NAME_RULE}` },
      { path: ['grokParsingRules', 2], message: `field name 'has space' is not valid: ${FIELD_NAME_RULE}` },
    ]);
  });

  it('reports unclosed references and arguments', () => {
    expect(problemsOf(['a %{word:x', 'b %{regex("abc:x}', 'c %{date("yyyy":x}'])).toEqual([
      { path: ['grokParsingRules', 0], message: "'%{' is never closed in '%{word:x'" },
      { path: ['grokParsingRules', 1], message: `a quoted argument of 'regex' is never closed in '%{regex("abc:x}'` },
      { path: ['grokParsingRules', 2], message: `the arguments of 'date' are never closed with ')' in '%{date("yyyy":'` },
    ]);
  });

  it('rejects regular expressions that are invalid or that RE2 cannot run', () => {
    expect(problemsOf(['a (%{word:x}', 'b %{regex("(?=x)x"):y}', 'c (\\w)\\1', 'd %{regex("[a-"):z}'])).toEqual([
      { path: ['grokParsingRules', 0], message: 'the pattern is not a valid regular expression: unterminated group' },
      { path: ['grokParsingRules', 1], message: 'regex("(?=x)x"): lookahead (?=…) at character 1 is not supported (user regexes run on RE2)' },
      { path: ['grokParsingRules', 2], message: 'the pattern: a backreference (\\1) is not supported (user regexes run on RE2)' },
      { path: ['grokParsingRules', 3], message: 'regex("[a-") is not a valid regular expression: unterminated character class' },
    ]);
  });

  it('accepts RE2 syntax that JavaScript lacks, such as inline flags', () => {
    expect(grok(['ci (?i)error %{data:msg}'])('ERROR boom')?.attributes).toEqual({ msg: 'boom' });
  });

  it('accepts no rules at all', () => {
    expect(compileGrokRules({ grokParsingRules: [] })).toEqual({ ok: true, program: { rules: [] } });
  });
});

import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../model/log-event';
import { compilePredicate } from './index';

type EventShape = Partial<Omit<LogEvent, 'id'>> & { id?: string };

function event(shape: EventShape | string): LogEvent {
  const fields = typeof shape === 'string' ? { message: shape } : shape;
  return {
    id: 'e',
    eventTimestamp: 0,
    receivedTimestamp: 0,
    message: '',
    severity: 9,
    tags: {},
    attributes: {},
    ...fields,
  };
}

/** The names of the events (by message, or by id) that `query` keeps. */
function kept(query: string, events: (EventShape | string)[]): string[] {
  const compiled = compilePredicate({ type: 'datadog-query', query });
  if (!compiled.ok) throw new Error(`${query}: ${compiled.message}`);
  return events
    .map(event)
    .filter(compiled.match)
    .map((e) => (e.id !== 'e' ? e.id : e.message));
}

describe('message terms', () => {
  it('match case-insensitively', () => {
    expect(kept('error', ['Error: disk full', 'an ERROR occurred', 'all good'])).toEqual(['Error: disk full', 'an ERROR occurred']);
    expect(kept('message:ERROR', ['error', 'Error', 'eRRoR'])).toEqual(['error', 'Error', 'eRRoR']);
  });

  it('match whole words only', () => {
    expect(kept('error', ['errors', 'terror', 'error_code', 'error-code', 'io.error', 'error'])).toEqual([
      'error-code',
      'io.error',
      'error',
    ]);
  });

  it('with punctuation at an edge, match where the punctuation is', () => {
    expect(kept('[error]', ['x[ERROR]y', '[error ]'])).toEqual(['x[ERROR]y']);
    expect(kept('user@domain.com', ['mail to User@Domain.com.', 'xuser@domain.com'])).toEqual(['mail to User@Domain.com.']);
  });

  it('several words must all appear, anywhere', () => {
    expect(kept('failed login', ['login failed', 'failed to login', 'failed'])).toEqual(['login failed', 'failed to login']);
  });

  it('match in multi-line messages', () => {
    expect(kept('timeout', ['first line\nTimeout on second'])).toEqual(['first line\nTimeout on second']);
  });
});

describe('message phrases', () => {
  it('need the words in order and adjacent, any whitespace between', () => {
    expect(
      kept('"connection timeout"', [
        'Connection  Timeout after 3s',
        'connection\ttimeout',
        'timeout connection',
        'connection: timeout',
        'connection timeouts',
        'disconnection timeout',
      ]),
    ).toEqual(['Connection  Timeout after 3s', 'connection\ttimeout']);
  });

  it('treat wildcards inside quotes literally', () => {
    expect(kept('"a*b"', ['a*b', 'axxb'])).toEqual(['a*b']);
  });
});

describe('message wildcards', () => {
  const messages = ['authentication failed', 'unauthorized', 'read timeout', 'ReadTimeoutException', 'IOError happened', 'auth then service'];

  it('auth* matches words starting with auth', () => {
    expect(kept('auth*', messages)).toEqual(['authentication failed', 'auth then service']);
  });

  it('*error matches words ending with error', () => {
    expect(kept('*error', messages)).toEqual(['IOError happened']);
  });

  it('*timeout* matches anywhere, inside words too', () => {
    expect(kept('*timeout*', messages)).toEqual(['read timeout', 'ReadTimeoutException']);
  });

  it('* spans words', () => {
    expect(kept('*auth*service*', messages)).toEqual(['auth then service']);
  });

  it('? is exactly one character', () => {
    expect(kept('f?o', ['foo', 'F1O', 'fo', 'fooo', 'x f-o y'])).toEqual(['foo', 'F1O', 'x f-o y']);
    expect(kept('te?t', ['test', 'text', 'tent', 'tet'])).toEqual(['test', 'text', 'tent']);
    expect(kept('?', ['a', 'ab', 'a b'])).toEqual(['a', 'a b']);
  });

  it('? takes a whole emoji', () => {
    expect(kept('a?b', ['a😀b', 'a😀😀b'])).toEqual(['a😀b']);
  });

  it('mixed patterns match case-insensitively', () => {
    expect(kept('*f?OO?', ['afxOOd', '1f-oox', 'fOO', 'afxoodd'])).toEqual(['afxOOd', '1f-oox']);
  });
});

describe('tags', () => {
  const events: EventShape[] = [
    { id: 'web', tags: { service: ['web-app'], env: ['production'] } },
    { id: 'Web', tags: { service: ['Web-App'] } },
    { id: 'multi', tags: { service: ['api', 'web-app'], 'service.version': ['1.2.3'] } },
    { id: 'empty', tags: { service: [] } },
    { id: 'none' },
  ];

  it('match values exactly and case-sensitively, any of several values', () => {
    expect(kept('service:web-app', events)).toEqual(['web', 'multi']);
    expect(kept('service:Web-App', events)).toEqual(['Web']);
    expect(kept('service.version:1.2.3', events)).toEqual(['multi']);
  });

  it('wildcards match the whole value', () => {
    expect(kept('service:web-*', events)).toEqual(['web', 'multi']);
    expect(kept('service:*-app', events)).toEqual(['web', 'multi']);
    expect(kept('service:web', events)).toEqual([]);
    expect(kept('env:*prod*', events)).toEqual(['web']);
    expect(kept('service:?pi', events)).toEqual(['multi']);
  });

  it('existence needs at least one value', () => {
    expect(kept('tags:service', events)).toEqual(['web', 'Web', 'multi']);
    expect(kept('service:*', events)).toEqual(['web', 'Web', 'multi']);
    expect(kept('tags:service.version', events)).toEqual(['multi']);
    expect(kept('-tags:service', events)).toEqual(['empty', 'none']);
  });

  it('tags:<pattern> matches keys', () => {
    expect(kept('tags:serv*', events)).toEqual(['web', 'Web', 'multi']);
    expect(kept('tags:*version', events)).toEqual(['multi']);
    expect(kept('tags:*', events)).toEqual(['web', 'Web', 'multi']);
  });

  it('ranges and comparisons are lexicographical', () => {
    const hosts: EventShape[] = ['adam', 'jimmy', 'kate', 'tom', 'tommy', 'zed', '10', '9'].map((host) => ({
      id: host,
      tags: { hostname: [host] },
    }));
    expect(kept('hostname:[jimmy TO tom]', hosts)).toEqual(['jimmy', 'kate', 'tom']);
    expect(kept('hostname:{jimmy TO tom}', hosts)).toEqual(['kate']);
    expect(kept('hostname:>=jimmy', hosts)).toEqual(['jimmy', 'kate', 'tom', 'tommy', 'zed']);
    expect(kept('hostname:<tom', hosts)).toEqual(['adam', 'jimmy', 'kate', '10', '9']);
    expect(kept('hostname:>5', hosts)).toEqual(['adam', 'jimmy', 'kate', 'tom', 'tommy', 'zed', '9']);
  });

  it('a field group ORs the values', () => {
    expect(kept('service:(api OR Web-App)', events)).toEqual(['Web', 'multi']);
  });

  it('keys named like object properties are just keys', () => {
    expect(kept('constructor:*', [{ id: 'plain' }, { id: 'has', tags: { constructor: ['x'] } }])).toEqual(['has']);
  });
});

describe('attributes', () => {
  it('match nested paths case-sensitively', () => {
    const events: EventShape[] = [
      { id: 'get', attributes: { request: { method: 'GET' } } },
      { id: 'lower', attributes: { request: { method: 'get' } } },
      { id: 'flat', attributes: { 'request.method': 'GET' } },
      { id: 'shallow', attributes: { method: 'GET' } },
    ];
    expect(kept('@request.method:GET', events)).toEqual(['get', 'flat']);
  });

  it('search inside arrays on the way and at the end', () => {
    const events: EventShape[] = [
      { id: 'list', attributes: { tags: [{ environment: 'staging' }, { environment: 'production' }] } },
      { id: 'leaf', attributes: { tags: { environment: ['dev', 'production'] } } },
      { id: 'other', attributes: { tags: [{ environment: 'dev' }] } },
    ];
    expect(kept('@tags.environment:production', events)).toEqual(['list', 'leaf']);
  });

  it('numbers equal numerically, strings exactly, booleans as true/false', () => {
    const events: EventShape[] = [
      { id: 'number', attributes: { user: { id: 12345 } } },
      { id: 'string', attributes: { user: { id: '12345' } } },
      { id: 'padded', attributes: { user: { id: '012345' } } },
      { id: 'bool', attributes: { user: { id: true } } },
    ];
    expect(kept('@user.id:12345', events)).toEqual(['number', 'string']);
    expect(kept('@user.id:12345.0', events)).toEqual(['number']);
    expect(kept('@user.id:true', events)).toEqual(['bool']);
  });

  it('wildcards see strings, booleans and integers', () => {
    const events: EventShape[] = [
      { id: 'path', attributes: { request: { path: '/api/users' } } },
      { id: 'code', attributes: { request: { path: 503 } } },
      { id: 'float', attributes: { request: { path: 5.5 } } },
      { id: 'object', attributes: { request: { path: { api: 1 } } } },
    ];
    expect(kept('@request.path:/api/*', events)).toEqual(['path']);
    expect(kept('@request.path:5*', events)).toEqual(['code']);
    expect(kept('@request.path:*', events)).toEqual(['path', 'code', 'float', 'object']);
  });

  it('existence ignores null', () => {
    const events: EventShape[] = [
      { id: 'null', attributes: { a: null } },
      { id: 'zero', attributes: { a: 0 } },
      { id: 'empty', attributes: { a: '' } },
      { id: 'absent', attributes: {} },
    ];
    expect(kept('@a:*', events)).toEqual(['zero', 'empty']);
  });

  it('comparisons are numeric on numbers and lexicographical on strings', () => {
    const events: EventShape[] = [
      { id: '200', attributes: { http: { status_code: 200 } } },
      { id: '500', attributes: { http: { status_code: 500 } } },
      { id: '1000', attributes: { http: { status_code: 1000 } } },
      { id: '"1000"', attributes: { http: { status_code: '1000' } } },
      { id: '"600"', attributes: { http: { status_code: '600' } } },
    ];
    expect(kept('@http.status_code:>=500', events)).toEqual(['500', '1000', '"600"']);
    expect(kept('@http.status_code:>500', events)).toEqual(['1000', '"600"']);
    expect(kept('@http.status_code:<500', events)).toEqual(['200', '"1000"']);
    expect(kept('@http.status_code:<=500', events)).toEqual(['200', '500', '"1000"']);
  });

  it('ranges are inclusive in [] and exclusive in {}, open with *', () => {
    const events: EventShape[] = [50, 100, 300, 500, 501].map((time) => ({ id: String(time), attributes: { response: { time } } }));
    expect(kept('@response.time:[100 TO 500]', events)).toEqual(['100', '300', '500']);
    expect(kept('@response.time:{100 TO 500}', events)).toEqual(['300']);
    expect(kept('@response.time:[* TO 300]', events)).toEqual(['50', '100', '300']);
    expect(kept('@response.time:[200 TO *]', events)).toEqual(['300', '500', '501']);
    expect(kept('@response.time:[* TO *]', events)).toEqual(['50', '100', '300', '500', '501']);
  });

  it('a range must hold for one value, not across several', () => {
    const events: EventShape[] = [
      { id: 'split', attributes: { t: [50, 900] } },
      { id: 'inside', attributes: { t: [50, 300] } },
    ];
    expect(kept('@t:[100 TO 500]', events)).toEqual(['inside']);
  });

  it('numbers never satisfy a non-numeric bound', () => {
    expect(kept('@t:>abc', [{ id: 'n', attributes: { t: 5 } }, { id: 's', attributes: { t: 'abd' } }])).toEqual(['s']);
  });

  it('an escaped dot is part of the key', () => {
    const events: EventShape[] = [
      { id: 'flat', attributes: { 'a.b': 1 } },
      { id: 'nested', attributes: { a: { b: 1 } } },
    ];
    expect(kept('@a\\.b:1', events)).toEqual(['flat']);
    expect(kept('@a.b:1', events)).toEqual(['flat', 'nested']);
  });
});

describe('status and severity', () => {
  const events: EventShape[] = [2, 6, 9, 11, 13, 17, 18, 20, 21, 23].map((severity) => ({ id: String(severity), severity }));

  it('status:<name> matches the events Weir reports with that status', () => {
    expect(kept('status:error', events)).toEqual(['17']);
    expect(kept('status:critical', events)).toEqual(['18', '20']);
    expect(kept('status:info', events)).toEqual(['9']);
    expect(kept('status:notice', events)).toEqual(['11']);
    expect(kept('status:error OR status:warning', events)).toEqual(['13', '17']);
    expect(kept('status:fatal', events)).toEqual(['21', '23']);
  });

  it("comparisons follow Datadog's order of statuses", () => {
    expect(kept('status:>=warn', events)).toEqual(['13', '17', '18', '20', '21', '23']);
    expect(kept('status:>error', events)).toEqual(['18', '20', '21', '23']);
    expect(kept('status:<info', events)).toEqual(['2', '6']);
    expect(kept('-status:debug', events)).toEqual(['2', '9', '11', '13', '17', '18', '20', '21', '23']);
    expect(kept('status:[debug TO notice]', events)).toEqual(['6', '9', '11']);
  });
});

describe('boolean logic', () => {
  const events: EventShape[] = [
    { id: 'web-error', message: 'error', tags: { service: ['web'] } },
    { id: 'api-error', message: 'error', tags: { service: ['api'] } },
    { id: 'web-ok', message: 'ok', tags: { service: ['web'] } },
    { id: 'auth-warning', message: 'warning', tags: { service: ['auth'] } },
  ];

  it('AND, OR, NOT and parentheses combine as documented', () => {
    expect(kept('(service:web OR service:api) AND error', events)).toEqual(['web-error', 'api-error']);
    expect(kept('service:web OR service:api AND error', events)).toEqual(['web-error', 'api-error', 'web-ok']);
    expect(kept('service:web -error', events)).toEqual(['web-ok']);
    expect(kept('NOT service:web', events)).toEqual(['api-error', 'auth-warning']);
    expect(kept('!(service:api)', events)).toEqual(['web-error', 'web-ok', 'auth-warning']);
    expect(kept('(error OR warning) AND (service:auth OR service:api)', events)).toEqual(['api-error', 'auth-warning']);
    expect(kept('+error +service:web', events)).toEqual(['web-error']);
  });

  it('the empty query keeps everything and NOT * keeps nothing', () => {
    expect(kept('', events)).toHaveLength(4);
    expect(kept('NOT *', events)).toEqual([]);
  });
});

describe('robustness', () => {
  it('events with missing or malformed fields simply do not match', () => {
    const junk = [
      { message: 42, tags: { service: 'web' }, attributes: [1, 2], severity: 'error' },
      { message: null, tags: null, attributes: null, severity: null },
      { tags: { service: [null, 7, { a: 1 }] }, attributes: { a: { b: [[1], null, 'x'] } } },
    ] as unknown as EventShape[];
    for (const query of ['error', '"a b"', 'e*r', 'service:web', 'service:w*', 'tags:s*', 'tags:service', 'service:>a', '@a.b:1', '@a.b:*', '@a.b:>0', 'status:error']) {
      const compiled = compilePredicate({ type: 'datadog-query', query });
      if (!compiled.ok) throw new Error(compiled.message);
      for (const shape of junk) expect(() => compiled.match(event(shape))).not.toThrow();
    }
  });

  it('pathological wildcards stay fast', () => {
    const compiled = compilePredicate({ type: 'datadog-query', query: '*a*a*a*a*a*a*a*a*b' });
    if (!compiled.ok) throw new Error(compiled.message);
    const started = performance.now();
    expect(compiled.match(event('a'.repeat(100_000)))).toBe(false);
    expect(performance.now() - started).toBeLessThan(200);
  });
});

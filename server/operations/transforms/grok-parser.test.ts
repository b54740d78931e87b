import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateJobGraph } from '../../model/validate-graph';
import { discardingSink } from '../sinks/discarding-sink';
import { logsValuesSource } from '../sources/logs-values-source';
import { paramProblems, runOperation, testEvent, TEST_NOW } from '../test-harness';
import { grokParser } from './grok-parser';

const query = (text: string) => ({ type: 'datadog-query' as const, query: text });

describe('grok-parser', () => {
  it('adds the extracted fields to attributes and tags, keeping everything else', async () => {
    const event = testEvent({
      message: 'alice jones connected on 03/15/2024 from 10.0.0.7',
      tags: { service: ['auth'], lastname: ['doe'] },
      attributes: { network: { protocol: 'tcp' } },
    });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: [
          'connection %{word:user.name} %{word:tags.lastname} connected on %{date("MM/dd/yyyy"):connected_at} from %{ipv4:network.client.ip}',
        ],
      },
      [event],
    );
    expect(outputs).toEqual({
      out: [
        {
          ...event,
          tags: { service: ['auth'], lastname: ['doe', 'jones'] },
          attributes: {
            network: { protocol: 'tcp', client: { ip: '10.0.0.7' } },
            user: { name: 'alice' },
            connected_at: Date.UTC(2024, 2, 15),
          },
        },
      ],
    });
  });

  it('parses with helper rules, as in an ELB access log pipeline', async () => {
    const event = testEvent({ message: 'elb 2024-03-15T14:30:45.123456Z my-lb 192.168.131.39:2817 503' });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: ['elb elb %{_date_access} %{_elb_name} %{_client_ip}:%{_client_port} %{_status_code}'],
        grokHelperRules: [
          '_elb_name %{notSpace:elb.name}',
          '_client_ip %{ipOrHost:network.client.ip}',
          '_client_port %{integer:network.client.port}',
          '_status_code %{integer:http.status_code}',
          '_date_access %{timestampiso8601:timestamp}',
        ],
      },
      [event],
    );
    expect(outputs.out).toEqual([
      {
        ...event,
        attributes: {
          timestamp: '2024-03-15T14:30:45.123456Z',
          elb: { name: 'my-lb' },
          network: { client: { ip: '192.168.131.39', port: 2817 } },
          http: { status_code: 503 },
        },
      },
    ]);
  });

  it('uses the first rule that matches, and passes events no rule matches through unchanged', async () => {
    const login = testEvent({ message: 'bob logged in from 10.1.2.3' });
    const logout = testEvent({ message: 'bob logged out after 42 s' });
    const other = testEvent({ message: 'something else entirely' });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: [
          'login %{word:user} logged in from %{ip:client_ip}',
          'logout %{word:user} logged out after %{integer:session_s} s',
          'any_login %{word:who} logged %{data:rest}',
        ],
      },
      [login, logout, other],
    );
    expect(outputs.out).toEqual([
      { ...login, attributes: { user: 'bob', client_ip: '10.1.2.3' } },
      { ...logout, attributes: { user: 'bob', session_s: 42 } },
      other,
    ]);
  });

  it('sets severity and eventTimestamp from the text', async () => {
    const event = testEvent({ message: '2024-03-15 14:30:45,120 ERROR [worker-3] job failed', severity: 9 });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: [
          'log4j %{date("yyyy-MM-dd HH:mm:ss,SSS"):eventTimestamp} %{LOGLEVEL:severity} \\[%{notSpace:logger.thread_name}\\] %{data:msg}',
        ],
      },
      [event],
    );
    expect(outputs.out).toEqual([
      {
        ...event,
        severity: 17,
        eventTimestamp: Date.UTC(2024, 2, 15, 14, 30, 45, 120),
        attributes: { logger: { thread_name: 'worker-3' }, msg: 'job failed' },
      },
    ]);
  });

  it('reads dates without a year in the year of the run', async () => {
    const event = testEvent({ message: 'Nov 14 08:00:01 web-1 sshd[4242]: Accepted publickey for deploy' });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: [
          'syslog %{date("MMM d HH:mm:ss"):eventTimestamp} %{hostname:tags.host} %{PROG:process.name}\\[%{integer:process.pid}\\]: %{data:text}',
        ],
      },
      [event],
    );
    expect(new Date(TEST_NOW).getUTCFullYear()).toBe(2023);
    expect(outputs.out).toEqual([
      {
        ...event,
        eventTimestamp: Date.UTC(2023, 10, 14, 8, 0, 1),
        tags: { host: ['web-1'] },
        attributes: { process: { name: 'sshd', pid: 4242 }, text: 'Accepted publickey for deploy' },
      },
    ]);
  });

  it('parses an attribute instead of the message with extractAttribute', async () => {
    const nested = testEvent({ message: 'request', attributes: { http: { request_line: 'GET /health?probe=1 HTTP/1.1' } } });
    const notText = testEvent({ message: 'GET / HTTP/1.1', attributes: { http: { request_line: 42 } } });
    const missing = testEvent({ message: 'GET / HTTP/1.1' });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: ['request_line %{word:http.method} %{notSpace:http.url} HTTP/%{numberStr:http.version}'],
        extractAttribute: 'http.request_line',
      },
      [nested, notText, missing],
    );
    expect(outputs.out).toEqual([
      {
        ...nested,
        attributes: { http: { request_line: 'GET /health?probe=1 HTTP/1.1', method: 'GET', url: '/health?probe=1', version: '1.1' } },
      },
      notText,
      missing,
    ]);
  });

  it('only parses events that match its predicate', async () => {
    const nginx = testEvent({ message: '10.0.0.1 GET /a 200', tags: { service: ['nginx'] } });
    const api = testEvent({ message: '10.0.0.2 GET /b 500', tags: { service: ['api'] } });
    const { outputs } = await runOperation(
      grokParser,
      {
        grokParsingRules: ['access %{ip:client_ip} %{word:method} %{notSpace:path} %{integer:status}'],
        predicate: query('service:nginx'),
      },
      [nginx, api],
    );
    expect(outputs.out).toEqual([{ ...nginx, attributes: { client_ip: '10.0.0.1', method: 'GET', path: '/a', status: 200 } }, api]);
  });

  it('merges key-value pairs into the attributes', async () => {
    const event = testEvent({ message: 'audit: user=ann action="drop table" ok=true' });
    const { outputs } = await runOperation(grokParser, { grokParsingRules: ['audit audit: %{data::keyvalue}'] }, [event]);
    expect(outputs.out).toEqual([{ ...event, attributes: { user: 'ann', action: 'drop table', ok: 'true' } }]);
  });

  it('with no rules passes everything through', async () => {
    const event = testEvent({ message: 'hello' });
    expect((await runOperation(grokParser, {}, [event])).outputs).toEqual({ out: [event] });
  });

  describe('validation', () => {
    it('reports each rule problem at its rule', () => {
      expect(
        paramProblems(grokParser, {
          grokParsingRules: ['ok %{word:a}', 'elb %{_date_access} %{_client_ip}', 'just-a-name', 'odd %{foo:bar}'],
          grokHelperRules: ['_date_access %{timestampiso8601:timestamp}', '_broken %{date("yyyy", "Atlantis/Deep"):d}'],
        }),
      ).toEqual([
        { path: 'grokParsingRules[1]', message: "unknown helper rule '_client_ip'" },
        { path: 'grokParsingRules[2]', message: "rule must look like 'name pattern', e.g. 'access %{ip:client_ip} %{word:method}'" },
        { path: 'grokParsingRules[3]', message: "matcher 'foo' is not supported" },
        {
          path: 'grokHelperRules[1]',
          message:
            'time zone "Atlantis/Deep" is not known: use an offset such as "+05:30" or "-0800", "UTC", or a zone such as "Europe/Paris"',
        },
      ]);
    });

    it('reports a bad predicate query and unknown params', () => {
      expect(paramProblems(grokParser, { grokParsingRules: ['a %{word:w}'], predicate: query('service:('), sourceField: 'x' })).toEqual([
        { path: 'predicate.query', message: expect.stringContaining("unclosed '('") },
        { path: 'sourceField', message: 'unknown field "sourceField"' },
      ]);
    });

    it('points a bad rule in a job graph at the vertex and the rule', () => {
      const operations = [logsValuesSource, grokParser, discardingSink];
      const result = validateJobGraph(
        {
          vertices: [
            { type: 'logs-values-source', name: 'source' },
            { type: 'grok-parser', name: 'parser', grokParsingRules: ['nginx %{ipOrHost:client_ip} %{regex("(?<=x)y"):z}'] },
            { type: 'discarding-sink', name: 'sink' },
          ],
          edges: ['source -> parser', 'parser -> sink'],
        },
        { lookup: (type) => operations.find((operation) => operation.type === type) as never },
      );
      expect(result.errors).toEqual([
        {
          path: 'jobGraph.vertices[1].grokParsingRules[0]',
          message:
            "vertex 'parser' (grok-parser): param 'grokParsingRules[0]': " +
            'regex("(?<=x)y"): lookbehind (?<=…) at character 1 is not supported (user regexes run on RE2)',
        },
      ]);
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(grokParser.params)).not.toThrow();
    });
  });
});

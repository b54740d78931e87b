import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramProblems, runOperation, testEvent } from '../test-harness';
import { jsonLogProcessor } from './json-log-processor';

const parse = async (message: string, params: z.input<typeof jsonLogProcessor.params> = {}, attributes = {}) => {
  const event = testEvent({ message, attributes });
  const { outputs } = await runOperation(jsonLogProcessor, params, [event]);
  expect(outputs.out).toHaveLength(1);
  const [{ message: parsedMessage, attributes: parsedAttributes }] = outputs.out;
  return { message: parsedMessage, attributes: parsedAttributes };
};

describe('json-log-processor', () => {
  it("moves a JSON message's fields into attributes and clears the message (Grepr's example)", async () => {
    const event = testEvent({
      message: '{"msg": "Example log message", "@timestamp": "2007-12-03T10:15:30.00Z", "log": {"level": "INFO"}}',
      severity: 9,
      tags: { service: ['api'] },
    });
    const { outputs } = await runOperation(jsonLogProcessor, {}, [event]);
    expect(outputs).toEqual({
      out: [
        {
          ...event,
          message: '',
          attributes: { '@timestamp': '2007-12-03T10:15:30.00Z', msg: 'Example log message', log: { level: 'INFO' } },
        },
      ],
    });
  });

  it('keeps the JSON text in the message with preserveJsonMessageField', async () => {
    expect(await parse('{"user":"ada"}', { preserveJsonMessageField: true })).toEqual({
      message: '{"user":"ada"}',
      attributes: { user: 'ada' },
    });
  });

  it('leaves messages that are not JSON objects unchanged', async () => {
    const events = ['plain text', '{"broken": ', '[1, 2, 3]', '"a string"', '42', 'null', '{} trailing'].map((message) =>
      testEvent({ message, attributes: { kept: true } }),
    );
    const { outputs } = await runOperation(jsonLogProcessor, {}, events);
    expect(outputs).toEqual({ out: events });
  });

  it('merges parsed fields over existing attributes, objects recursively', async () => {
    expect(
      await parse('{"http": {"status": 500}, "env": "prod"}', {}, { http: { method: 'GET', status: 200 }, host: 'a' }),
    ).toEqual({ message: '', attributes: { http: { method: 'GET', status: 500 }, host: 'a', env: 'prod' } });
  });

  it('unpacks double-serialized JSON found at resolveNestedJsonFields, replacing the string with its fields', async () => {
    const docker = JSON.stringify({ log: JSON.stringify({ level: 'info', msg: 'started' }) + '\n', stream: 'stdout' });
    expect(await parse(docker)).toEqual({ message: '', attributes: { stream: 'stdout', level: 'info', msg: 'started' } });
  });

  it('keeps unpacking for maxNestedJsonIterations rounds', async () => {
    const thrice = JSON.stringify({ message: JSON.stringify({ message: JSON.stringify({ deep: true }) }) });
    expect(await parse(thrice)).toEqual({ message: '', attributes: { deep: true } });
    expect(await parse(thrice, { maxNestedJsonIterations: 1 })).toEqual({
      message: '',
      attributes: { message: JSON.stringify({ deep: true }) },
    });
  });

  it('unpacks JSON strings in attributes even when the message is not JSON', async () => {
    expect(
      await parse('request body', { resolveNestedJsonFields: [['http', 'request', 'body']] }, {
        http: { request: { body: '{"orderId": 7}', method: 'POST' } },
      }),
    ).toEqual({ message: 'request body', attributes: { http: { request: { method: 'POST' } }, orderId: 7 } });
  });

  it('leaves attributes at resolveNestedJsonFields that hold plain text', async () => {
    expect(await parse('{"msg": "not json", "log": "{oops"}')).toEqual({
      message: '',
      attributes: { msg: 'not json', log: '{oops' },
    });
  });

  it('keeps objects below maxNestedDepthForFields as JSON text', async () => {
    const message = JSON.stringify({ a: { b: { c: { d: 1 } }, list: [{ x: { y: 2 } }] }, top: 1 });
    expect(await parse(message)).toEqual({
      message: '',
      attributes: { a: { b: { c: '{"d":1}' }, list: [{ x: '{"y":2}' }] }, top: 1 },
    });
    expect(await parse(message, { maxNestedDepthForFields: 1 })).toEqual({
      message: '',
      attributes: { a: '{"b":{"c":{"d":1}},"list":[{"x":{"y":2}}]}', top: 1 },
    });
  });

  it('lifts the children of liftFieldNames into the parsed object, recursively, later fields winning', async () => {
    const message = JSON.stringify({
      level: 'debug',
      context: { level: 'info', user: { id: 1 }, payload: { size: 3 } },
      payload: { user: { name: 'ada' }, level: 'warn' },
    });
    expect(await parse(message, { liftFieldNames: ['context', 'payload'] })).toEqual({
      message: '',
      attributes: { level: 'warn', user: { id: 1, name: 'ada' }, size: 3 },
    });
  });

  it('leaves JSON whose escapes spell text the raw store cannot hold (NUL, lone surrogates) as a message', async () => {
    const event = testEvent({ message: '{"a": "nul \\u0000 here"}' });
    const pair = testEvent({ message: '{"emoji": "\\ud83d\\ude00"}' });
    const { outputs } = await runOperation(jsonLogProcessor, {}, [event, pair]);
    expect(outputs).toEqual({ out: [event, { ...pair, message: '', attributes: { emoji: '😀' } }] });
  });

  it('keeps deeply nested arrays as JSON text too', async () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    const { attributes } = await parse(`{"deep": ${deep}}`);
    let innermost: unknown = attributes.deep;
    let arrays = 0;
    for (; Array.isArray(innermost); arrays++) innermost = innermost[0];
    expect(arrays).toBe(31);
    expect(innermost).toBe('[[[[[[[[[]]]]]]]]]');
  });

  it('does not confuse a "__proto__" key with the prototype', async () => {
    const { attributes } = await parse('{"__proto__": {"polluted": true}, "ok": 1}');
    expect(Object.hasOwn(attributes, '__proto__')).toBe(true);
    expect((attributes as { polluted?: boolean }).polluted).toBeUndefined();
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  describe('validation', () => {
    it("fills in Grepr's defaults", () => {
      expect(jsonLogProcessor.params.parse({})).toEqual({
        liftFieldNames: [],
        maxNestedDepthForFields: 3,
        maxNestedJsonIterations: 5,
        preserveJsonMessageField: false,
        resolveNestedJsonFields: [['message'], ['msg'], ['log']],
      });
    });

    it('rejects out-of-range limits, empty paths and unknown params', () => {
      expect(
        paramProblems(jsonLogProcessor, {
          maxNestedDepthForFields: 11,
          maxNestedJsonIterations: 0,
          resolveNestedJsonFields: [[]],
          parseMessage: true,
        }),
      ).toEqual([
        { path: 'maxNestedDepthForFields', message: 'Too big: expected number to be <=10' },
        { path: 'maxNestedJsonIterations', message: 'Too small: expected number to be >=1' },
        { path: 'resolveNestedJsonFields[0]', message: 'must name at least one path segment' },
        { path: 'parseMessage', message: 'unknown field "parseMessage"' },
      ]);
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(jsonLogProcessor.params)).not.toThrow();
    });
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramProblems, runOperation, testEvent } from '../test-harness';
import { maskingOperator } from './masking-operator';

type Params = z.input<typeof maskingOperator.params>;

const maskMessage = async (message: string, params: Params) => {
  const { outputs } = await runOperation(maskingOperator, params, [testEvent({ message })]);
  return outputs.out[0].message;
};

const EMAIL = '[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}';

describe('masking-operator', () => {
  it('replaces each match of a bare-regex mask with its label in brackets', async () => {
    expect(
      await maskMessage('mail ada@example.com and bob@example.org', { messageMasks: { email: EMAIL } }),
    ).toBe('mail [email] and [email]');
  });

  it('uses a replacement when one is given, taken literally', async () => {
    expect(
      await maskMessage('card 4111-1111-1111-1111 ok', {
        messageMasks: { card: { regex: '\\d{4}(-\\d{4}){3}', replacement: '$1 <redacted>' } },
      }),
    ).toBe('card $1 <redacted> ok');
  });

  it('keeps the match up to preserveThrough and rewrites only the rest', async () => {
    const params: Params = { messageMasks: { token: { regex: '[?&]token=\\w+', preserveThrough: '=' } } };
    expect(await maskMessage('GET /cb?token=abc123&x=1', params)).toBe('GET /cb?token=[token]&x=1');
  });

  it('replaces the whole match when preserveThrough does not occur in it', async () => {
    const params: Params = { messageMasks: { secret: { regex: 'secret\\w*', preserveThrough: ':' } } };
    expect(await maskMessage('a secretive b', params)).toBe('a [secret] b');
  });

  it('resolves overlaps leftmost first, then longest, then by declaration order', async () => {
    const params: Params = {
      messageMasks: { number: '\\d+', ip: '\\d+\\.\\d+\\.\\d+\\.\\d+', port: ':\\d+', digits: '\\d+' },
    };
    expect(await maskMessage('from 10.0.0.1:8080 after 3 tries', params)).toBe('from [ip][port] after [number] tries');
  });

  it('finds a match that starts inside text an earlier mask consumed', async () => {
    // `a+b` first matches "aab" at 1, but "xa" wins at 0; scanning resumes at 2 and finds "ab".
    expect(await maskMessage('xaab', { messageMasks: { first: 'xa', second: 'a+b' } })).toBe('[first][second]');
  });

  it('keeps text around astral characters intact', async () => {
    expect(await maskMessage('😀 ada@example.com 😀 1', { messageMasks: { email: EMAIL, n: '\\d' } })).toBe(
      '😀 [email] 😀 [n]',
    );
  });

  it('lets regexes use RE2 inline flags', async () => {
    expect(await maskMessage('Password=hunter2 PASSWORD=x', { messageMasks: { pw: '(?i)password=\\S+' } })).toBe('[pw] [pw]');
  });

  it('ignores empty matches', async () => {
    expect(await maskMessage('abc 123', { messageMasks: { digits: '\\d*' } })).toBe('abc [digits]');
  });

  it('masks strings at exact attribute paths and skips other values and missing paths', async () => {
    const event = testEvent({
      message: 'signup ada@example.com',
      attributes: {
        user: { contact: 'ada@example.com', id: 42 },
        'user.contact': 'flat@example.com',
        list: ['x@example.com'],
        count: 3,
      },
    });
    const { outputs } = await runOperation(
      maskingOperator,
      {
        attributeMasks: [
          { path: ['user', 'contact'], masks: { email: EMAIL } },
          { path: ['user', 'id'], masks: { number: '\\d+' } },
          { path: ['list'], masks: { email: EMAIL } },
          { path: ['missing', 'path'], masks: { email: EMAIL } },
        ],
      },
      [event],
    );
    expect(outputs).toEqual({
      out: [{ ...event, attributes: { ...event.attributes, user: { contact: '[email]', id: 42 } } }],
    });
  });

  it('masks only the events matching the predicate', async () => {
    const audited = testEvent({ message: 'key=abc', tags: { service: ['auth'] } });
    const other = testEvent({ message: 'key=abc', tags: { service: ['web'] } });
    const { outputs } = await runOperation(
      maskingOperator,
      { messageMasks: { key: 'key=\\w+' }, predicate: { type: 'datadog-query', query: 'service:auth' } },
      [audited, other],
    );
    expect(outputs).toEqual({ out: [{ ...audited, message: '[key]' }, other] });
  });

  it('passes events without matches unchanged', async () => {
    const event = testEvent({ message: 'nothing to hide' });
    const { outputs } = await runOperation(maskingOperator, { messageMasks: { email: EMAIL } }, [event]);
    expect(outputs).toEqual({ out: [event] });
  });

  describe('validation', () => {
    it('reports a regex RE2 cannot run at its mask', () => {
      expect(
        paramProblems(maskingOperator, {
          messageMasks: { price: '(?<=\\$)\\d+', ok: '\\d+', bad: { regex: '(a)\\1' } },
          attributeMasks: [{ path: ['user'], masks: { email: 'x{2000}' } }],
        }),
      ).toEqual([
        {
          path: 'messageMasks.price',
          message: 'lookbehind (?<=…) at character 1 is not supported (user regexes run on RE2)',
        },
        {
          path: 'messageMasks.bad.regex',
          message: 'a backreference (\\1) at character 4 is not supported (user regexes run on RE2)',
        },
        { path: 'attributeMasks[0].masks.email', message: "repeat count {2000} at character 2 is above RE2's limit of 1000" },
      ]);
    });

    it('rejects long labels and replacements, repeated paths and unknown fields', () => {
      expect(
        paramProblems(maskingOperator, {
          messageMasks: { short: { regex: 'b', replacement: 'r'.repeat(65), keep: '=' } },
        }),
      ).toEqual([
        { path: 'messageMasks.short.replacement', message: 'Too big: expected string to have <=64 characters' },
        { path: 'messageMasks.short.keep', message: 'unknown field "keep"' },
      ]);
      expect(paramProblems(maskingOperator, { messageMasks: { ['x'.repeat(65)]: 'a', '': 'b' } })).toEqual([
        { path: `messageMasks.${'x'.repeat(65)}`, message: 'a mask label must be 1–64 characters' },
        { path: 'messageMasks.', message: 'a mask label must be 1–64 characters' },
      ]);
      expect(
        paramProblems(maskingOperator, {
          attributeMasks: [
            { path: ['a', 'b'], masks: {} },
            { path: ['a', 'b'], masks: {} },
          ],
        }),
      ).toEqual([{ path: 'attributeMasks[1].path', message: 'repeats the path of attributeMasks[0]; paths must be unique' }]);
    });

    it('reports a predicate that does not parse at predicate.query', () => {
      expect(paramProblems(maskingOperator, { predicate: { type: 'datadog-query', query: '"open' } })).toEqual([
        { path: 'predicate.query', message: 'unterminated phrase starting at 0' },
      ]);
    });

    it('fails to start, naming the mask, when RE2 refuses a pattern validation let through', async () => {
      await expect(
        runOperation(maskingOperator, { messageMasks: { huge: '((((((a{1000}){1000}){1000}){1000}){1000}){1000})' } }, []),
      ).rejects.toThrow(/failed to start: messageMasks\.huge: RE2 cannot compile/);
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(maskingOperator.params)).not.toThrow();
    });
  });
});

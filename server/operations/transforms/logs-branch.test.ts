import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paramProblems, runOperation, testEvent } from '../test-harness';
import { logsBranch } from './logs-branch';

const query = (text: string) => ({ type: 'datadog-query' as const, query: text });

const nginx = testEvent({ message: 'GET / 200', tags: { source: ['nginx'] } });
const app = testEvent({ message: 'order placed', tags: { source: ['java'] } });
const untagged = testEvent({ message: 'hello' });

describe('logs-branch', () => {
  it('sends matching events to default and the others to else, in order', async () => {
    const { outputs } = await runOperation(logsBranch, { predicate: query('source:nginx') }, [app, nginx, untagged]);
    expect(outputs).toEqual({ default: [nginx], else: [app, untagged] });
  });

  it('sends everything to default with an empty query', async () => {
    const { outputs } = await runOperation(logsBranch, { predicate: query('') }, [app, nginx]);
    expect(outputs).toEqual({ default: [app, nginx], else: [] });
  });

  it('handles negation and boolean operators', async () => {
    const { outputs } = await runOperation(
      logsBranch,
      { predicate: query('-source:nginx AND (order OR hello)') },
      [app, nginx, untagged],
    );
    expect(outputs).toEqual({ default: [app, untagged], else: [nginx] });
  });

  it('declares the outputs default and else', () => {
    expect(logsBranch.outputs(logsBranch.params.parse({ predicate: query('') }))).toEqual(['default', 'else']);
  });

  describe('validation', () => {
    it('reports a query that does not parse at predicate.query, with its position', () => {
      expect(paramProblems(logsBranch, { predicate: query('a)') })).toEqual([
        { path: 'predicate.query', message: "unexpected ')' at 1" },
      ]);
    });

    it('rejects unknown params, in the predicate too', () => {
      expect(paramProblems(logsBranch, { predicate: { ...query(''), language: 'dd' }, inverted: true })).toEqual([
        { path: 'predicate.language', message: 'unknown field "language"' },
        { path: 'inverted', message: 'unknown field "inverted"' },
      ]);
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(logsBranch.params)).not.toThrow();
    });
  });
});

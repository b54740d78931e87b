import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { LogEvent } from '../../model/log-event';
import { paramProblems, runOperation, testEvent } from '../test-harness';
import { logTransform } from './log-transform';

type Action = z.input<typeof logTransform.params>['transforms'] extends (infer A)[] | undefined ? A : never;

const transformOne = async (event: LogEvent, ...transforms: Action[]) => {
  const { outputs } = await runOperation(logTransform, { transforms }, [event]);
  return outputs.out[0];
};

const event = testEvent({
  message: 'checkout done',
  tags: { env: ['staging'], team: ['payments', 'core'] },
  attributes: { applications: ['web'], services: { checkout: 'v1' }, 'http.url': '/cart', user: { id: 7, email: 'a@b.c' } },
});

describe('log-transform', () => {
  describe('tag-action', () => {
    it('ADD appends new values, skipping ones already there, and creates the tag', async () => {
      const result = await transformOne(
        event,
        { type: 'tag-action', tagKey: 'team', modification: 'ADD', values: ['core', 'search'] },
        { type: 'tag-action', tagKey: 'region', modification: 'ADD', values: ['eu'] },
      );
      expect(result.tags).toEqual({ env: ['staging'], team: ['payments', 'core', 'search'], region: ['eu'] });
    });

    it('REMOVE drops values, and the tag when none are left', async () => {
      const result = await transformOne(
        event,
        { type: 'tag-action', tagKey: 'team', modification: 'REMOVE', values: ['core'] },
        { type: 'tag-action', tagKey: 'env', modification: 'REMOVE', values: ['staging'] },
      );
      expect(result.tags).toEqual({ team: ['payments'] });
    });

    it('SET replaces the values and DELETE removes the tag', async () => {
      const result = await transformOne(
        event,
        { type: 'tag-action', tagKey: 'env', modification: 'SET', values: ['prod', 'prod'] },
        { type: 'tag-action', tagKey: 'team', modification: 'DELETE' },
      );
      expect(result.tags).toEqual({ env: ['prod'] });
    });
  });

  describe('attribute-add-action', () => {
    it('appends to a list, one item or each item of a list value', async () => {
      const result = await transformOne(
        event,
        { type: 'attribute-add-action', targetPath: 'applications', value: 'mobile' },
        { type: 'attribute-add-action', targetPath: 'applications', value: ['tv', { kind: 'kiosk' }] },
      );
      expect(result.attributes.applications).toEqual(['web', 'mobile', 'tv', { kind: 'kiosk' }]);
    });

    it('creates a missing list, nested objects included', async () => {
      const result = await transformOne(event, { type: 'attribute-add-action', targetPath: 'audit.reviewers', value: 'ada' });
      expect(result.attributes.audit).toEqual({ reviewers: ['ada'] });
    });

    it('does nothing when the target is not a list', async () => {
      const result = await transformOne(
        event,
        { type: 'attribute-add-action', targetPath: 'services', value: 'x' },
        { type: 'attribute-add-action', targetPath: 'user.id.more', value: 'x' },
      );
      expect(result).toEqual(event);
    });
  });

  describe('attribute-remove-action', () => {
    it('removes keys from the object at the path, or from the top level with an empty path', async () => {
      const result = await transformOne(
        event,
        { type: 'attribute-remove-action', targetPath: 'user', values: ['email', 'missing'] },
        { type: 'attribute-remove-action', targetPath: '', values: ['applications'] },
      );
      expect(result.attributes).toEqual({ services: { checkout: 'v1' }, 'http.url': '/cart', user: { id: 7 } });
    });

    it('does nothing when the target is missing or not an object', async () => {
      const result = await transformOne(
        event,
        { type: 'attribute-remove-action', targetPath: 'nowhere', values: ['a'] },
        { type: 'attribute-remove-action', targetPath: 'applications', values: ['0'] },
      );
      expect(result).toEqual(event);
    });
  });

  describe('attribute-merge-action', () => {
    it('sets the keys of the value on the object at the path, replacing existing ones', async () => {
      const result = await transformOne(event, {
        type: 'attribute-merge-action',
        targetPath: 'services',
        value: { checkout: 'v2', cart: 'v1' },
      });
      expect(result.attributes.services).toEqual({ checkout: 'v2', cart: 'v1' });
    });

    it('does nothing when the target is missing or not an object', async () => {
      const result = await transformOne(
        event,
        { type: 'attribute-merge-action', targetPath: 'nowhere', value: { a: 1 } },
        { type: 'attribute-merge-action', targetPath: 'http.url', value: { a: 1 } },
      );
      expect(result).toEqual(event);
    });
  });

  it('prefers a top-level key spelled with dots over a nested path', async () => {
    const flat = testEvent({ attributes: { 'http.tags': ['a'], http: { tags: ['nested'] } } });
    const result = await transformOne(flat, { type: 'attribute-add-action', targetPath: 'http.tags', value: 'b' });
    expect(result.attributes).toEqual({ 'http.tags': ['a', 'b'], http: { tags: ['nested'] } });
  });

  it('applies actions by ascending order, keeping list order for equal orders', async () => {
    const result = await transformOne(
      testEvent(),
      { type: 'tag-action', tagKey: 'step', modification: 'ADD', values: ['third'], order: 2 },
      { type: 'tag-action', tagKey: 'step', modification: 'ADD', values: ['first'] },
      { type: 'tag-action', tagKey: 'step', modification: 'ADD', values: ['second'] },
      { type: 'tag-action', tagKey: 'step', modification: 'SET', values: ['zeroth'], order: -1 },
    );
    expect(result.tags).toEqual({ step: ['zeroth', 'first', 'second', 'third'] });
  });

  it('passes every event, changed or not, in order', async () => {
    const other = testEvent({ message: 'unrelated' });
    const { outputs } = await runOperation(
      logTransform,
      { transforms: [{ type: 'attribute-merge-action', targetPath: 'services', value: { cart: 'v1' } }] },
      [event, other],
    );
    expect(outputs).toEqual({
      out: [{ ...event, attributes: { ...event.attributes, services: { checkout: 'v1', cart: 'v1' } } }, other],
    });
  });

  describe('validation', () => {
    it('reports a bad action at its index and field', () => {
      expect(
        paramProblems(logTransform, {
          transforms: [
            { type: 'tag-action', tagKey: 'env', modification: 'UPSERT', values: [] },
            { type: 'attribute-add-action', targetPath: 'x' },
            { type: 'attribute-rename-action', targetPath: 'x' },
            { type: 'attribute-merge-action', targetPath: 'x', value: {}, strategy: 'deep' },
          ],
        }),
      ).toEqual([
        { path: 'transforms[0].modification', message: 'must be one of "ADD", "REMOVE", "SET", "DELETE"' },
        { path: 'transforms[1].value', message: 'is required (any JSON value)' },
        {
          path: 'transforms[2].type',
          message:
            "Invalid discriminator value. Expected 'tag-action' | 'attribute-remove-action' | 'attribute-merge-action' | 'attribute-add-action'",
        },
        { path: 'transforms[3].strategy', message: 'unknown field "strategy"' },
      ]);
    });

    it('defaults to no actions', () => {
      expect(logTransform.params.parse({})).toEqual({ transforms: [] });
    });

    it('has a params schema the inspector form can render', () => {
      expect(() => z.toJSONSchema(logTransform.params)).not.toThrow();
    });
  });
});

import { expect } from 'vitest';
import { TRPCClientError } from '@trpc/client';

export interface RestResponse {
  status: number;
  body: any;
  headers: Headers;
}

/**
 * Every 4xx answer is JSON with a human `message` and an `errors` array of `{path, message}`.
 * Asserts that, the exact status, and (when given) that the listed paths are among the errors.
 */
export function expectClientError(response: RestResponse, status: number, paths: string[] = []) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expectErrorBody(response);
  const reported = errorPaths(response);
  for (const path of paths) expect(reported, JSON.stringify(response.body)).toContain(path);
}

/** The error body contract, whatever the 4xx status. */
export function expectErrorBody(response: RestResponse) {
  expect(response.headers.get('content-type') ?? '').toMatch(/application\/json/);
  expect(typeof response.body?.message, JSON.stringify(response.body)).toBe('string');
  expect(response.body.message.trim().length).toBeGreaterThan(0);
  expect(Array.isArray(response.body.errors), JSON.stringify(response.body)).toBe(true);
  for (const problem of response.body.errors) {
    expect(typeof problem.path).toBe('string');
    expect(typeof problem.message).toBe('string');
    expect(problem.message.length).toBeGreaterThan(0);
  }
}

/** For inputs where more than one answer is defensible: never a 5xx, and any 4xx keeps the error contract. */
export function expectNoServerError(response: RestResponse) {
  expect(response.status, JSON.stringify(response.body)?.slice(0, 500)).toBeLessThan(500);
  if (response.status >= 400) expectErrorBody(response);
}

export const errorPaths = (response: RestResponse): string[] =>
  (response.body?.errors ?? []).map((problem: { path: string }) => problem.path);

/** Awaits a tRPC call that must fail, and returns its TRPCClientError. */
export async function trpcFailure(call: Promise<unknown>): Promise<TRPCClientError<any>> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(TRPCClientError);
    return error as TRPCClientError<any>;
  }
  throw new Error('expected the tRPC call to fail, but it succeeded');
}

/** Names of the jobs in a `{items}` list answer. */
export const namesOf = (response: RestResponse): string[] => response.body.items.map((job: { name: string }) => job.name);

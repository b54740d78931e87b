import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ValidationProblem } from '../model/job';
import { zodIssuesToProblems } from '../model/problems';
import { findJsonProblem } from '../model/json-safety';
import type { Result, ServiceError, Principal } from '../services/result';
import type { Weir } from '../weir';

export interface TrpcContext {
  weir: Weir;
  principal: Principal;
}

const STATUS_TO_CODE: Record<ServiceError['status'], TRPCError['code']> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

class ServiceFailure extends Error {
  constructor(readonly serviceError: ServiceError) {
    super(serviceError.message);
  }
}

const t = initTRPC.context<TrpcContext>().create({
  errorFormatter({ shape, error }) {
    let problems: ValidationProblem[] = [];
    if (error.cause instanceof ServiceFailure) problems = error.cause.serviceError.errors;
    let message = shape.message;
    if (error.cause instanceof ZodError) {
      problems = zodIssuesToProblems(error.cause.issues);
      message = `The input is not valid: ${problems.map((problem) => `${problem.path || 'input'} ${problem.message}`).join('; ')}`;
    }
    return { ...shape, message, data: { ...shape.data, stack: undefined, errors: problems } };
  },
});

export const router = t.router;
/** Every procedure refuses input Postgres cannot store (NUL, lone surrogates) or absurd nesting, with the path. */
export const publicProcedure = t.procedure.use(async ({ getRawInput, next }) => {
  const problem = findJsonProblem(await getRawInput());
  if (problem) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `The input cannot be accepted: ${problem.path || 'input'} ${problem.message}`,
      cause: new ServiceFailure({ status: 400, message: problem.message, errors: [problem] }),
    });
  }
  return next();
});

/** Unwraps a service result, turning a failure into the matching tRPC error with its per-field problems. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new TRPCError({
    code: STATUS_TO_CODE[result.error.status],
    message: result.error.message,
    cause: new ServiceFailure(result.error),
  });
}

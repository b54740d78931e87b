import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { ValidationProblem } from '../model/job';
import { zodIssuesToProblems } from '../model/problems';
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
    else if (error.cause instanceof ZodError) problems = zodIssuesToProblems(error.cause.issues);
    return { ...shape, data: { ...shape.data, stack: undefined, errors: problems } };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;

/** Unwraps a service result, turning a failure into the matching tRPC error with its per-field problems. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new TRPCError({
    code: STATUS_TO_CODE[result.error.status],
    message: result.error.message,
    cause: new ServiceFailure(result.error),
  });
}

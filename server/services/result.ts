import type { ValidationProblem } from '../model/job';

/** A failure the caller can act on; REST maps `status` to the HTTP status, tRPC to its error code. */
export interface ServiceError {
  status: 400 | 404 | 409 | 422 | 429 | 503;
  message: string;
  errors: ValidationProblem[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ServiceError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const failure = (status: ServiceError['status'], message: string, errors: ValidationProblem[] = []): { ok: false; error: ServiceError } => ({
  ok: false,
  error: { status, message, errors },
});

/** The principal every request carries into the services. Today it is always the local operator. */
export interface Principal {
  kind: 'local-operator';
  organizationId: string;
}
export const LOCAL_OPERATOR: Principal = { kind: 'local-operator', organizationId: 'local' };

import type { z } from 'zod';
import type { Operator, OperatorContext, StartFailure } from '../engine/operator';

export type OperationKind = 'source' | 'transform' | 'sink';

export interface OperationDefinition<Params extends z.ZodObject = z.ZodObject> {
  /** The `type` of a vertex, e.g. `logs-filter`. */
  type: string;
  /** Other spellings accepted for `type` (e.g. the seed's `sync-sink`). */
  aliases?: readonly string[];
  kind: OperationKind;
  title: string;
  description: string;
  /** The vertex's params besides `type` and `name`. Strict: unknown params are errors. */
  params: Params;
  /** Fields from older API revisions that this operation accepts and ignores. */
  legacyFields?: readonly string[];
  inputs: readonly string[];
  outputs: (params: z.output<Params>) => readonly string[];
  /** Returns results to the caller of a SYNCHRONOUS job. */
  syncSink?: boolean;
  create(params: z.output<Params>, ctx: OperatorContext): Operator | StartFailure | Promise<Operator | StartFailure>;
}

export function defineOperation<Params extends z.ZodObject>(definition: OperationDefinition<Params>) {
  return definition;
}

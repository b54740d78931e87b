import { z } from 'zod';
import { operations } from '../operations/registry';
import type { OperationKind } from '../operations/define-operation';

export interface OperationDescription {
  type: string;
  aliases: string[];
  kind: OperationKind;
  title: string;
  description: string;
  inputs: string[];
  outputs: string[];
  syncSink: boolean;
  /** JSON Schema of the vertex params (besides type and name), as accepted on input. */
  paramsSchema: Record<string, unknown>;
}

let catalogue: OperationDescription[] | undefined;

/** The operations catalogue, built once from the registry. */
export function listOperations(): OperationDescription[] {
  catalogue ??= operations.map((operation) => {
    let outputs: string[] = [];
    const defaults = operation.params.safeParse({});
    outputs = [...operation.outputs(defaults.success ? defaults.data : ({} as never))];
    return {
      type: operation.type,
      aliases: [...(operation.aliases ?? [])],
      kind: operation.kind,
      title: operation.title,
      description: operation.description,
      inputs: [...operation.inputs],
      outputs,
      syncSink: operation.syncSink ?? false,
      paramsSchema: z.toJSONSchema(operation.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
    };
  });
  return catalogue;
}

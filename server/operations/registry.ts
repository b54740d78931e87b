import type { OperationDefinition } from './define-operation';
import { logsValuesSource } from './sources/logs-values-source';
import { logsGeneratorSource } from './sources/logs-generator-source';
import { datadogLogAgentSource } from './sources/datadog-log-agent-source';
import { otlpLogAgentSource } from './sources/otlp-log-agent-source';
import { splunkLogHttpSource } from './sources/splunk-log-http-source';
import { logsIcebergTableSource } from './sources/logs-iceberg-table-source';
import { logsFilter } from './transforms/logs-filter';
import { logsBranch } from './transforms/logs-branch';
import { jsonLogProcessor } from './transforms/json-log-processor';
import { grokParser } from './transforms/grok-parser';
import { logTransform } from './transforms/log-transform';
import { maskingOperator } from './transforms/masking-operator';
import { logsEventSampler } from './transforms/logs-event-sampler';
import { logReducer } from './transforms/log-reducer';
import { discardingSink } from './sinks/discarding-sink';
import { datadogLogSink } from './sinks/datadog-log-sink';
import { splunkLogSink } from './sinks/splunk-log-sink';
import { otlpLogSink } from './sinks/otlp-log-sink';
import { logsSyncSink } from './sinks/logs-sync-sink';
import { logsIcebergTableSink } from './sinks/logs-iceberg-table-sink';

/** The one list of operations: validation, the engine, the catalogue API and the palette all read it. */
export const operations: readonly OperationDefinition[] = [
  datadogLogAgentSource,
  otlpLogAgentSource,
  splunkLogHttpSource,
  logsGeneratorSource,
  logsValuesSource,
  logsIcebergTableSource,
  logsFilter,
  logsBranch,
  jsonLogProcessor,
  grokParser,
  logTransform,
  maskingOperator,
  logsEventSampler,
  logReducer,
  logsIcebergTableSink,
  datadogLogSink,
  splunkLogSink,
  otlpLogSink,
  logsSyncSink,
  discardingSink,
] as unknown as readonly OperationDefinition[];

const byType = new Map<string, OperationDefinition>();
for (const operation of operations) {
  byType.set(operation.type, operation);
  for (const alias of operation.aliases ?? []) byType.set(alias, operation);
}

export function getOperation(type: string): OperationDefinition | undefined {
  return byType.get(type);
}

/** Every accepted spelling of an operation type, for suggestions in error messages. */
export const operationTypes: readonly string[] = operations.flatMap((operation) => [operation.type, ...(operation.aliases ?? [])]);

/** Graph validation against the catalogue, as the API and the engine use it. */
export const catalogueLookup = { lookup: getOperation, knownTypes: operationTypes };

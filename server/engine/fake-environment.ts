import type { EngineEnvironment } from './operator';

/** An engine environment for tests: no intake data, no integrations, no datasets, unless a test supplies them. */
export function fakeEngineEnvironment(overrides: Partial<EngineEnvironment> = {}): EngineEnvironment {
  return {
    ingest: {
      read: async () => [],
      latestSeq: async () => 0,
      waitForData: async () => {},
      reportPosition: () => {},
      release: () => {},
    },
    findIntegration: async () => undefined,
    rawStore: {
      findDataset: async () => undefined,
      writeEvents: async () => 0,
      async *readEvents() {},
      countMatching: async () => 0,
    },
    ...overrides,
  };
}

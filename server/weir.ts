import { createReconciler } from './engine/reconciler';
import { createJobsService, type JobsService } from './services/jobs-service';
import { createIntegrationsService, type IntegrationsService } from './services/integrations-service';
import { createIngestService, type IngestService } from './services/ingest-service';
import { createIngestHub } from './engine/ingest-hub';
import { createIntegrationsRepository } from './store/integrations-repository';
import { createIngestLogRepository } from './store/ingest-log-repository';
import { createDatasetsRepository } from './store/datasets-repository';
import { createDatasetsService, type DatasetsService } from './services/datasets-service';
import { createSyncJobsService, type SyncJobsService } from './services/sync-jobs-service';
import { createQueryService, type QueryService } from './services/query-service';
import type { EngineEnvironment } from './engine/operator';
import { openStore, storeConfigFromEnv, type Store, type StoreConfig } from './store/client';
import { createJobsRepository } from './store/jobs-repository';
import { seedDemo } from './services/demo';

/** Everything one Weir server runs: the store, the services on top of it, and the reconciler that drives the engine. */
export interface Weir {
  store: Store;
  services: {
    jobs: JobsService;
    integrations: IntegrationsService;
    ingest: IngestService;
    datasets: DatasetsService;
    syncJobs: SyncJobsService;
    query: QueryService;
  };
  reconciler: ReturnType<typeof createReconciler>;
  close(): Promise<void>;
}

export interface WeirOptions {
  store: StoreConfig;
  /** Start the reconciler loop (tests drive passes by hand instead). */
  runEngine?: boolean;
  /** Create the demo pipeline on an empty store. */
  demo?: boolean;
  log?: (message: string) => void;
}

export async function createWeir(options: WeirOptions): Promise<Weir> {
  const store = await openStore(options.store);
  const jobs = createJobsRepository(store.db);
  const integrations = createIntegrationsService({ integrations: createIntegrationsRepository(store.db), jobs });
  const ingestLogRepository = createIngestLogRepository(store.db);
  const ingestHub = createIngestHub(ingestLogRepository);
  const datasetsRepository = createDatasetsRepository(store);
  const datasets = createDatasetsService({ datasets: datasetsRepository, jobs });
  await datasets.maintain();
  const environment: EngineEnvironment = {
      ingest: ingestHub.reader,
      findIntegration: (id) => integrations.settingsFor(id),
      rawStore: {
        findDataset: (idOrName) => datasetsRepository.find(idOrName),
        writeEvents: (datasetId, events) => datasetsRepository.writeEvents(datasetId, events),
        readEvents: (datasetId, query, signal) => datasetsRepository.readEvents(datasetId, query, signal),
        countMatching: (datasetId, query) => datasetsRepository.countMatching(datasetId, query),
      },
  };
  const reconciler = createReconciler({ jobs, environment, log: options.log });
  const syncJobs = createSyncJobsService({ jobs, environment });
  await syncJobs.cancelOrphans();
  const services = {
    jobs: createJobsService({ jobs, onChange: () => reconciler.requestPass(), liveMetrics: (jobId) => reconciler.metrics(jobId), liveProgress: (jobId) => reconciler.progress(jobId) }),
    integrations,
    ingest: createIngestService({ integrations, hub: ingestHub, ingestLog: ingestLogRepository, jobs }),
    datasets,
    syncJobs,
    query: createQueryService({ datasets: datasetsRepository }),
  };
  if (options.demo) await seedDemo(services, options.log);
  let maintenance: ReturnType<typeof setInterval> | undefined;
  if (options.runEngine) {
    reconciler.start();
    // A partition's search indexes are built in the background once its hour has passed; one build at a time.
    let indexing = false;
    const indexSealedPartitions = () => {
      if (indexing) return;
      indexing = true;
      datasets
        .indexSealedPartitions()
        .then((indexed) => indexed.length > 0 && options.log?.(`raw store: indexed ${indexed.join(', ')}`))
        .catch((error) => options.log?.(`indexing raw store partitions failed: ${error}`))
        .finally(() => (indexing = false));
    };
    indexSealedPartitions();
    // Every minute: the intake is trimmed behind its readers, the coming hours' partitions exist, and
    // partitions whose hour has passed get their indexes.
    maintenance = setInterval(() => {
      services.ingest.trim().catch((error) => options.log?.(`trimming the intake failed: ${error}`));
      datasets
        .maintain()
        .then(indexSealedPartitions)
        .catch((error) => options.log?.(`raw store maintenance failed: ${error}`));
    }, 60_000);
    maintenance.unref?.();
  }
  return {
    store,
    services,
    reconciler,
    async close() {
      if (maintenance) clearInterval(maintenance);
      await reconciler.shutdown();
      await store.close();
    },
  };
}

const GLOBAL_KEY = Symbol.for('weir.instance');
type WeirGlobal = typeof globalThis & { [GLOBAL_KEY]?: Promise<Weir> };

/**
 * The server's one Weir, created on first use from the environment. Kept on globalThis so that
 * dev-mode module reloads and every route share it (PGlite allows one process, one instance).
 */
export function getWeir(): Promise<Weir> {
  const holder = globalThis as WeirGlobal;
  holder[GLOBAL_KEY] ??= createWeir({
    store: storeConfigFromEnv(),
    runEngine: true,
    demo: process.env.WEIR_DEMO !== '0' && !process.env.DATABASE_URL,
    log: (message) => console.log(`[weir] ${message}`),
  }).catch((error) => {
    delete holder[GLOBAL_KEY];
    throw error;
  });
  return holder[GLOBAL_KEY];
}

import { createDataset, parseRetentionHours, updateDataset, type ReadDataset } from '../model/dataset';
import { newId } from '../model/ids';
import { zodIssuesToProblems } from '../model/problems';
import type { DatasetRow, DatasetsRepository } from '../store/datasets-repository';
import type { JobsRepository } from '../store/jobs-repository';
import { failure, ok, type Principal, type Result } from './result';

const HOUR_MS = 3_600_000;

export interface DatasetsServiceDeps {
  datasets: DatasetsRepository;
  jobs: JobsRepository;
}

export function createDatasetsService({ datasets, jobs }: DatasetsServiceDeps) {
  const toRead = (row: DatasetRow, principal: Principal, eventCount?: number): ReadDataset => ({
    id: row.id,
    name: row.name,
    retention: row.retention,
    ...(row.integrationId ? { integrationId: row.integrationId } : {}),
    teamIds: row.teamIds,
    organizationId: principal.organizationId,
    ...(eventCount !== undefined ? { eventCount } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  });

  /** Live jobs whose current graph reads or writes the dataset (by id or by name). */
  async function jobIdsUsing(row: DatasetRow): Promise<string[]> {
    const rows = await jobs.listJobs({});
    return rows
      .filter(({ version }) =>
        version.jobGraph.vertices.some((vertex) => vertex.datasetId === row.id || vertex.table === row.name),
      )
      .map(({ job }) => job.id);
  }

  return {
    async create(input: unknown, principal: Principal): Promise<Result<ReadDataset>> {
      const parsed = createDataset.safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The dataset is not valid', zodIssuesToProblems(parsed.error.issues));
      if (await datasets.getByName(parsed.data.name)) {
        return failure(409, `A dataset named "${parsed.data.name}" already exists`, [{ path: 'name', message: 'is already taken' }]);
      }
      const row = await datasets.insert({
        id: newId(),
        name: parsed.data.name,
        retention: parsed.data.retention,
        integrationId: parsed.data.integrationId ?? null,
        teamIds: parsed.data.teamIds,
      });
      return ok(toRead(row, principal, 0));
    },

    async list(principal: Principal): Promise<Result<{ items: ReadDataset[] }>> {
      return ok({ items: (await datasets.list()).map((row) => toRead(row, principal)) });
    },

    async get(id: string, principal: Principal): Promise<Result<ReadDataset>> {
      const row = await datasets.find(id);
      if (!row) return failure(404, `Dataset ${id} not found`);
      return ok(toRead(row, principal, await datasets.countEvents(row.id)));
    },

    async update(id: string, input: unknown, principal: Principal): Promise<Result<ReadDataset>> {
      const row = await datasets.get(id);
      if (!row) return failure(404, `Dataset ${id} not found`);
      const parsed = updateDataset.safeParse(input, { reportInput: true });
      if (!parsed.success) return failure(400, 'The dataset is not valid', zodIssuesToProblems(parsed.error.issues));
      if (parsed.data.name && parsed.data.name !== row.name && (await datasets.getByName(parsed.data.name))) {
        return failure(409, `A dataset named "${parsed.data.name}" already exists`, [{ path: 'name', message: 'is already taken' }]);
      }
      const updated = await datasets.update(id, parsed.data);
      return ok(toRead(updated!, principal));
    },

    async remove(id: string): Promise<Result<{ id: string }>> {
      const row = await datasets.get(id);
      if (!row) return failure(404, `Dataset ${id} not found`);
      const users = await jobIdsUsing(row);
      if (users.length > 0) return failure(409, `Dataset ${id} is used by job(s) ${users.join(', ')}: delete or change them first`);
      await datasets.remove(id);
      return ok({ id });
    },

    /** Creates upcoming partitions and drops what retention no longer keeps. */
    async maintain(now = Date.now()): Promise<void> {
      await datasets.maintainPartitions(now);
      const cutoffs = new Map(
        (await datasets.list()).map((row) => [row.id, new Date(now - parseRetentionHours(row.retention) * HOUR_MS)]),
      );
      await datasets.applyRetention(cutoffs);
    },

    /** Builds the search indexes of partitions whose hour has passed; resolves with the partitions indexed. */
    indexSealedPartitions: (now = Date.now()) => datasets.indexSealedPartitions(now),
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;

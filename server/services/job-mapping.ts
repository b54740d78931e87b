import type { JobStateTransition, JobVersionSummary, ReadJob } from '../model/job';
import type { JobEventRow, JobVersionRow, JobWithVersion } from '../store/jobs-repository';

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : undefined);

export function toReadJob({ job, version }: JobWithVersion, organizationId: string): ReadJob {
  return stripUndefined({
    id: job.id,
    name: job.name,
    version: version.version,
    state: version.state,
    desiredState: version.desiredState,
    execution: job.execution,
    processing: job.processing,
    jobGraph: version.jobGraph,
    tags: job.tags,
    teamIds: job.teamIds,
    organizationId,
    createdAt: job.createdAt.toISOString(),
    updatedAt: (version.updatedAt > job.updatedAt ? version.updatedAt : job.updatedAt).toISOString(),
    startedAt: iso(version.startedAt),
    endedAt: iso(version.endedAt),
    message: version.message ?? undefined,
    failureReason: version.failureReason ?? undefined,
    rollbackOf: version.rollbackOf ?? undefined,
  });
}

export function toVersionSummary(version: JobVersionRow): JobVersionSummary {
  return stripUndefined({
    version: version.version,
    state: version.state,
    desiredState: version.desiredState,
    message: version.message ?? undefined,
    failureReason: version.failureReason ?? undefined,
    rollbackOf: version.rollbackOf ?? undefined,
    createdAt: version.createdAt.toISOString(),
    updatedAt: version.updatedAt.toISOString(),
    startedAt: iso(version.startedAt),
    endedAt: iso(version.endedAt),
  });
}

export function toTransition(event: JobEventRow): JobStateTransition {
  return stripUndefined({
    version: event.version,
    from: event.fromState,
    to: event.toState,
    at: event.at.toISOString(),
    reason: event.reason ?? undefined,
  });
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

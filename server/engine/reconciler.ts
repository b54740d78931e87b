import type { JobsRepository, JobWithVersion } from '../store/jobs-repository';
import { startPipeline, type PipelineRun, type RunOutcome, type VertexMetrics } from './pipeline-run';
import { compileJobGraph } from './compile';
import type { EngineEnvironment } from './operator';

export interface ReconcilerOptions {
  jobs: JobsRepository;
  environment: EngineEnvironment;
  log?: (message: string) => void;
}

interface ActiveRun {
  jobId: string;
  version: number;
  run: PipelineRun;
  /** Set once the run ended by itself (finished or failed); a stop we asked for is handled where we asked. */
  ended?: RunOutcome;
}

const runKey = (jobId: string, version: number) => `${jobId}@${version}`;

/**
 * Drives each job version's current state toward its desired state, one pass at a time.
 * Every change of state goes through the repository, which records the transition.
 */
export function createReconciler(options: ReconcilerOptions) {
  const { jobs } = options;
  const log = options.log ?? (() => {});
  const active = new Map<string, ActiveRun>();
  let pass: Promise<void> | undefined;
  let again = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let shuttingDown = false;

  async function reconcileVersion({ job, version }: JobWithVersion) {
    const key = runKey(job.id, version.version);
    const current = active.get(key);
    const superseded = version.version < job.currentVersion;
    const deleting = version.desiredState === 'DELETED' || job.deletedAt !== null;

    if (deleting) {
      if (current) await stopRun(current);
      await jobs.transition(job.id, version.version, 'DELETED', { reason: 'deleted by request', desiredState: 'DELETED' });
      if (!superseded) await jobs.markDeleted(job.id);
      return;
    }

    if (superseded) {
      if (current) await stopRun(current);
      await jobs.transition(job.id, version.version, 'FINISHED', {
        reason: `replaced by version ${job.currentVersion}`,
        desiredState: 'FINISHED',
      });
      return;
    }

    if (current?.ended) {
      active.delete(key);
      if (current.ended.kind === 'finished') {
        await jobs.transition(job.id, version.version, 'FINISHED', { reason: 'all input processed', desiredState: 'FINISHED' });
      } else if (current.ended.kind === 'failed') {
        await fail({ job, version }, current.ended.reason);
      }
      return;
    }

    if (version.desiredState === 'STOPPED') {
      if (current) {
        await jobs.transition(job.id, version.version, 'STOPPING', { reason: 'stop requested' });
        await stopRun(current);
      }
      await jobs.transition(job.id, version.version, 'STOPPED', { reason: 'stopped by request' });
      return;
    }

    if (version.desiredState === 'RUNNING' && !current) {
      // Older versions of the same job must let go (and checkpoint) before this one starts.
      const olderStillRunning = [...active.values()].some((run) => run.jobId === job.id && run.version < version.version);
      if (olderStillRunning) return;
      if (version.state === 'RUNNING') {
        await jobs.transition(job.id, version.version, 'PENDING', { reason: 'resuming after a restart of Weir' });
      }
      await start({ job, version });
    }
  }

  async function start({ job, version }: JobWithVersion) {
    const compiled = compileJobGraph(version.jobGraph, job.execution, job.processing);
    if (!compiled.ok) return fail({ job, version }, compiled.reason);
    const checkpoint = await jobs.readCheckpoint(job.id);
    const started = await startPipeline(compiled.graph, {
      jobId: job.id,
      version: version.version,
      execution: job.execution,
      processing: job.processing,
      checkpoint,
      saveCheckpoint: (states) => jobs.writeCheckpoint(job.id, states),
      environment: options.environment,
    });
    if (!started.ok) return fail({ job, version }, started.reason);
    const entry: ActiveRun = { jobId: job.id, version: version.version, run: started.run };
    active.set(runKey(job.id, version.version), entry);
    started.run.outcome.then((outcome) => {
      if (outcome.kind === 'stopped') return;
      entry.ended = outcome;
      kick();
    });
    await jobs.transition(job.id, version.version, 'RUNNING', {
      reason: version.state === 'PENDING' ? 'all vertices started' : undefined,
    });
    log(`job ${job.name} (${job.id}) v${version.version} is running`);
  }

  async function fail({ job, version }: JobWithVersion, reason: string) {
    await jobs.transition(job.id, version.version, 'FAILED', { reason, failureReason: reason });
    log(`job ${job.name} (${job.id}) v${version.version} failed: ${reason}`);
    if (!version.rollbackEnabled) return;
    const good = await jobs.lastGoodVersion(job.id, version.version);
    if (!good) return;
    await jobs.addVersion(job.id, version.version, {
      jobGraph: good.jobGraph,
      state: 'PENDING',
      desiredState: 'RUNNING',
      rollbackEnabled: false,
      rollbackOf: good.version,
      message: `Rollback to version ${good.version} after version ${version.version} failed`,
      reason: `rollback of version ${version.version} to version ${good.version}`,
    });
  }

  async function stopRun(entry: ActiveRun) {
    active.delete(runKey(entry.jobId, entry.version));
    await entry.run.stop();
  }

  async function reconcileOnce() {
    const live = await jobs.listLiveVersions();
    for (const item of live) {
      try {
        await reconcileVersion(item);
      } catch (error) {
        log(`reconciling ${item.job.id} v${item.version.version} failed: ${error instanceof Error ? error.stack : error}`);
      }
    }
    // Runs whose version left the live set some other way (e.g. deleted rows) must not keep going.
    const liveKeys = new Set(live.map((item) => runKey(item.job.id, item.version.version)));
    for (const [key, entry] of active) if (!liveKeys.has(key)) await stopRun(entry);
  }

  /** Runs a pass now, or right after the pass in progress; resolves when the store reflects every change so far. */
  function reconcile(): Promise<void> {
    if (shuttingDown) return Promise.resolve();
    if (pass) {
      again = true;
      return pass;
    }
    pass = (async () => {
      try {
        do {
          again = false;
          await reconcileOnce();
        } while (again);
      } finally {
        pass = undefined;
      }
    })();
    return pass;
  }

  function kick() {
    reconcile().catch((error) => log(`reconcile failed: ${error}`));
  }

  return {
    reconcile,
    /**
     * Asks for a pass soon because a job changed. Only once started: until then (as in tests) changes wait
     * for `reconcile()`, while outcomes of runs already going are still recorded on their own.
     */
    requestPass() {
      if (timer) kick();
    },
    /** Reconciles on an interval too, so that nothing waits on a missed kick. */
    start(intervalMs = 1000) {
      timer ??= setInterval(kick, intervalMs);
      timer.unref?.();
      kick();
    },
    /** Stops every run with a checkpoint, leaving desired states alone so that a restart resumes them. */
    async shutdown() {
      shuttingDown = true;
      if (timer) clearInterval(timer);
      await pass?.catch(() => {});
      await Promise.all([...active.values()].map((entry) => stopRun(entry)));
    },
    metrics(jobId: string): VertexMetrics[] {
      const runs = [...active.values()].filter((entry) => entry.jobId === jobId);
      return runs.at(-1)?.run.metrics() ?? [];
    },
    isActive: (jobId: string, version: number) => active.has(runKey(jobId, version)),
    progress(jobId: string) {
      const runs = [...active.values()].filter((entry) => entry.jobId === jobId);
      return runs.at(-1)?.run.progress();
    },
  };
}

export type Reconciler = ReturnType<typeof createReconciler>;

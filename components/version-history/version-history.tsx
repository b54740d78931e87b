'use client';

import '@xyflow/react/dist/style.css';
import './version-history.css';

import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { JobGraph, JobState, JobStateTransition, JobVersionSummary } from '@/server/model/job';
import { JobStateBadge } from '@/components/pipelines/job-state-badge';
import { useTRPC } from '@/components/providers/trpc-provider';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { ChangesPanel } from './changes-panel';
import { DiffCanvas } from './diff-canvas';
import { STATUS_LABELS } from './diff-layout';
import { describeSummary, diffJobGraphs, hasChanges, sameJobGraph, summarizeDiff, type DiffStatus, type GraphDiff } from './graph-diff';
import { RollbackDialog, type RollbackFailure } from './rollback-dialog';
import { VersionList, type GraphChange } from './version-list';

/** States a version passes through on its way somewhere: while one is in them, the page polls fast. */
const SETTLING_STATES: readonly JobState[] = ['CREATED', 'PENDING', 'STARTING', 'STOPPING', 'UPDATING', 'ROLLING_BACK'];
const FAST_POLL_MS = 1_500;
const SLOW_POLL_MS = 5_000;
/** Graphs are loaded for this many of the newest versions, to say what each changed; older ones load when selected. */
const GRAPHS_LOADED = 40;

interface Selection {
  /** The version being looked at; undefined follows the current version. */
  selected?: number;
  /** What it is compared with; undefined means its predecessor, null nothing. */
  base?: number | null;
}

interface Watch {
  version: number;
  target: number;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}

function describeFailure(error: unknown): RollbackFailure {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; errors?: Array<{ path: string; message: string }> } | undefined;
    if (data?.code === 'CONFLICT') {
      return {
        message:
          'Someone created a new version while this dialog was open, so this rollback would have replaced a version you have not seen. ' +
          'The summary above now compares with it: check it, then roll back again.',
        problems: [],
      };
    }
    return { message: error.message, problems: data?.errors ?? [] };
  }
  return { message: error instanceof Error ? error.message : String(error), problems: [] };
}

function parseVersionParam(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

const graphsOf = (results: Array<{ data?: { version: number; jobGraph: JobGraph } }>) => results.map((result) => result.data);

/** How each version's graph relates to its predecessor's, for the versions whose graphs are loaded. */
function graphChangesOf(versions: JobVersionSummary[], graphs: Map<number, JobGraph>): Map<number, GraphChange> {
  const changes = new Map<number, GraphChange>();
  versions.forEach((version, index) => {
    const graph = graphs.get(version.version);
    const previous = versions[index + 1];
    if (!previous) {
      changes.set(version.version, { kind: 'first' });
      return;
    }
    const previousGraph = graphs.get(previous.version);
    if (!graph || !previousGraph) return;
    const diff = diffJobGraphs(previousGraph, graph);
    if (!hasChanges(diff)) {
      changes.set(version.version, { kind: 'same' });
      return;
    }
    const description = describeSummary(summarizeDiff(diff));
    const restored = versions.slice(index + 2).find((older) => {
      const olderGraph = graphs.get(older.version);
      return olderGraph !== undefined && sameJobGraph(olderGraph, graph);
    });
    changes.set(
      version.version,
      restored ? { kind: 'restores', version: restored.version, description } : { kind: 'changed', description },
    );
  });
  return changes;
}

function DiffLegend({ diff }: { diff: GraphDiff }) {
  const counts: Record<DiffStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const vertex of diff.vertices) counts[vertex.status]++;
  const statuses: DiffStatus[] = ['added', 'removed', 'changed', 'unchanged'];
  return (
    <ul className="diff-legend" aria-label="Legend">
      {statuses.map((status) => (
        <li key={status}>
          <span className={`diff-swatch diff-swatch-${status}`} aria-hidden="true" />
          {STATUS_LABELS[status]} <span className="muted">({counts[status]})</span>
        </li>
      ))}
    </ul>
  );
}

export function VersionHistory({ jobId }: { jobId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const searchParams = useSearchParams();
  const [selection, setSelection] = useState<Selection>(() => {
    const base = searchParams.get('base');
    return {
      selected: parseVersionParam(searchParams.get('version')),
      base: base === 'none' ? null : parseVersionParam(base),
    };
  });
  const [selectedVertex, setSelectedVertex] = useState<string>();
  const [rollbackTarget, setRollbackTarget] = useState<number>();
  const [rollbackFailure, setRollbackFailure] = useState<RollbackFailure>();
  const [watch, setWatch] = useState<Watch>();

  const versionsQuery = useQuery(
    trpc.jobs.versions.queryOptions(
      { id: jobId },
      {
        refetchInterval: (query) =>
          query.state.data?.items.some((version) => SETTLING_STATES.includes(version.state)) ? FAST_POLL_MS : SLOW_POLL_MS,
      },
    ),
  );
  const versions = versionsQuery.data?.items;
  const settling = versions?.some((version) => SETTLING_STATES.includes(version.state)) ?? false;
  const pollInterval = settling || watch ? FAST_POLL_MS : SLOW_POLL_MS;
  const jobQuery = useQuery(trpc.jobs.get.queryOptions({ id: jobId }, { refetchInterval: pollInterval }));
  const transitionsQuery = useQuery(trpc.jobs.transitions.queryOptions({ id: jobId }, { refetchInterval: pollInterval }));

  const currentVersion = versions?.[0]?.version ?? jobQuery.data?.version;
  const selected = versions?.some((version) => version.version === selection.selected) ? selection.selected : currentVersion;
  const selectedIndex = versions?.findIndex((version) => version.version === selected) ?? -1;
  const predecessor = selectedIndex >= 0 ? versions?.[selectedIndex + 1]?.version : undefined;
  const base =
    selection.base === null
      ? undefined
      : selection.base !== undefined && selection.base !== selected && versions?.some((version) => version.version === selection.base)
        ? selection.base
        : predecessor;

  // Graphs never change once stored, so each version's is fetched once.
  const wanted = useMemo(() => {
    const set = new Set((versions ?? []).slice(0, GRAPHS_LOADED).map((version) => version.version));
    for (const version of [selected, base, rollbackTarget, currentVersion]) if (version !== undefined) set.add(version);
    return [...set].sort((a, b) => b - a);
  }, [versions, selected, base, rollbackTarget, currentVersion]);
  const loadedGraphs = useQueries({
    queries: wanted.map((version) => trpc.jobs.get.queryOptions({ id: jobId, version }, { staleTime: Infinity, refetchOnWindowFocus: false })),
    combine: graphsOf,
  });
  const graphs = useMemo(() => {
    const map = new Map<number, JobGraph>();
    for (const job of loadedGraphs) if (job) map.set(job.version, job.jobGraph);
    return map;
  }, [loadedGraphs]);
  const graphKey = [...graphs.keys()].join(',');

  const transitionsByVersion = useMemo(() => {
    const map = new Map<number, JobStateTransition[]>();
    for (const transition of transitionsQuery.data?.items ?? []) {
      (map.get(transition.version) ?? map.set(transition.version, []).get(transition.version)!).push(transition);
    }
    return map;
  }, [transitionsQuery.data]);

  // graphKey stands for the loaded graphs: a stored version's graph never changes.
  const graphChanges = useMemo(() => graphChangesOf(versions ?? [], graphs), [versions, graphKey]); 

  const selectedGraph = selected !== undefined ? graphs.get(selected) : undefined;
  const baseGraph = base !== undefined ? graphs.get(base) : undefined;
  const diff = useMemo(() => {
    if (!selectedGraph) return undefined;
    if (base === undefined) return diffJobGraphs(selectedGraph, selectedGraph);
    return baseGraph ? diffJobGraphs(baseGraph, selectedGraph) : undefined;
  }, [selectedGraph, baseGraph, base]);

  const currentGraph = currentVersion !== undefined ? graphs.get(currentVersion) : undefined;
  const targetGraph = rollbackTarget !== undefined ? graphs.get(rollbackTarget) : undefined;
  const rollbackDiff = useMemo(
    () => (currentGraph && targetGraph ? diffJobGraphs(currentGraph, targetGraph) : undefined),
    [currentGraph, targetGraph],
  );

  // Keep the URL in step, so a link reproduces the comparison.
  useEffect(() => {
    if (selection.selected === undefined && selection.base === undefined) return;
    const params = new URLSearchParams();
    if (selection.selected !== undefined) params.set('version', String(selection.selected));
    if (selection.base !== undefined) params.set('base', selection.base === null ? 'none' : String(selection.base));
    window.history.replaceState(null, '', `?${params}`);
  }, [selection]);

  const refreshHistory = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.versions.queryKey({ id: jobId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.transitions.queryKey({ id: jobId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.get.queryKey({ id: jobId }), exact: true });
    void queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() });
  }, [queryClient, trpc, jobId]);

  const rollback = useMutation(
    trpc.jobs.update.mutationOptions({
      onSuccess: (job, variables) => {
        queryClient.setQueryData(trpc.jobs.get.queryKey({ id: jobId, version: job.version }), job);
        const target = rollbackTarget ?? job.version;
        setRollbackTarget(undefined);
        setRollbackFailure(undefined);
        setSelection({ selected: job.version, base: variables.fromVersion });
        setSelectedVertex(undefined);
        setWatch({ version: job.version, target });
      },
      onError: (error) => setRollbackFailure(describeFailure(error)),
      onSettled: refreshHistory,
    }),
  );

  const job = jobQuery.data;
  const canRollBack =
    job !== undefined && job.execution === 'ASYNCHRONOUS' && job.processing === 'STREAMING' && job.state !== 'DELETED' && job.desiredState !== 'DELETED';

  const notFound = errorCode(jobQuery.error) === 'NOT_FOUND' || errorCode(versionsQuery.error) === 'NOT_FOUND';
  if (notFound) {
    return (
      <div className="version-history">
        <Breadcrumb jobId={jobId} />
        <header className="page-header">
          <div className="page-header-text">
            <h1>Pipeline not found</h1>
          </div>
        </header>
        <Alert
          title="This pipeline does not exist."
          actions={
            <Link href="/pipelines" className="btn btn-secondary btn-md">
              Back to pipelines
            </Link>
          }
        >
          <p>
            No pipeline has the id <code>{jobId}</code>, so it has no history. It may have been deleted, or the link may be mistyped.
          </p>
        </Alert>
      </div>
    );
  }

  const loadError = jobQuery.error ?? versionsQuery.error;
  if (loadError && (!job || !versions)) {
    return (
      <div className="version-history">
        <Breadcrumb jobId={jobId} />
        <header className="page-header">
          <div className="page-header-text">
            <h1>Version history</h1>
          </div>
        </header>
        <Alert
          title="Couldn't load the history."
          actions={
            <Button
              onClick={() => {
                void jobQuery.refetch();
                void versionsQuery.refetch();
              }}
            >
              Retry
            </Button>
          }
        >
          <p>{loadError.message}</p>
        </Alert>
      </div>
    );
  }

  if (!job || !versions || currentVersion === undefined || selected === undefined) {
    return (
      <div className="version-history">
        <Breadcrumb jobId={jobId} />
        <div className="panel panel-centered">
          <Spinner label="Loading the history…" />
        </div>
      </div>
    );
  }

  const single = versions.length === 1;
  const baseLabel = base !== undefined ? `v${base}` : `v${selected}`;
  const targetLabel = `v${selected}`;
  const watched = watch ? versions.find((version) => version.version === watch.version) : undefined;

  return (
    <div className="version-history">
      <Breadcrumb jobId={jobId} name={job.name} />
      <header className="page-header">
        <div className="page-header-text">
          <h1>Version history</h1>
          <p className="page-header-description">
            <strong className="history-job-name">{job.name}</strong> · {versions.length === 1 ? '1 version' : `${versions.length} versions`} ·
            current v{currentVersion} <JobStateBadge state={versions[0].state} failureReason={versions[0].failureReason} />
          </p>
        </div>
        <div className="page-header-actions">
          <Link href={`/pipelines/${encodeURIComponent(jobId)}`} className="btn btn-secondary btn-md">
            Open in editor
          </Link>
        </div>
      </header>

      <div className="history-live" aria-live="polite">
        {watch && watched ? (
          <div className={`alert ${watched.state === 'FAILED' ? 'alert-danger' : 'alert-info'} history-watch`}>
            <div className="alert-text">
              <p className="alert-title">
                {watched.state === 'RUNNING'
                  ? `Rolled back: v${watch.version} runs the graph of v${watch.target}.`
                  : watched.state === 'FAILED'
                    ? `v${watch.version} failed to start.`
                    : `Rolling back to v${watch.target}: v${watch.version} is ${watched.state.toLowerCase().replace('_', ' ')}…`}
              </p>
              <div className="alert-body">
                {watched.state === 'FAILED' ? (
                  <p>{watched.failureReason ?? 'See its state changes below.'}</p>
                ) : watched.state === 'RUNNING' ? (
                  <p>The previous version stopped when v{watch.version} took over.</p>
                ) : (
                  <p>The engine stops the previous version, then starts v{watch.version}. This takes a few seconds.</p>
                )}
              </div>
            </div>
            <div className="alert-actions">
              <Button size="sm" onClick={() => setWatch(undefined)}>
                Dismiss
              </Button>
            </div>
          </div>
        ) : null}
      </div>

      <div className="history-layout">
        <section className="history-versions" aria-labelledby="history-versions-title">
          <h2 id="history-versions-title" className="history-section-title">
            Versions <span className="muted">newest first</span>
          </h2>
          <VersionList
            versions={versions}
            transitionsByVersion={transitionsByVersion}
            graphChanges={graphChanges}
            currentVersion={currentVersion}
            selected={selected}
            base={base}
            onSelect={(version) => {
              setSelection({ selected: version, base: undefined });
              setSelectedVertex(undefined);
            }}
            onRollback={
              canRollBack
                ? (version) => {
                    setRollbackFailure(undefined);
                    setRollbackTarget(version);
                  }
                : undefined
            }
            rollbackPending={rollback.isPending}
          />
        </section>

        <section className="history-diff" aria-labelledby="history-diff-title">
          <div className="diff-toolbar">
            <h2 id="history-diff-title" className="history-section-title">
              {base !== undefined ? `Changes from v${base} to v${selected}` : `Job graph of v${selected}`}
            </h2>
            {!single ? (
              <div className="compare-picker">
                <label htmlFor="compare-with">Compare v{selected} with</label>
                <select
                  id="compare-with"
                  className="history-select"
                  value={base === undefined ? 'none' : String(base)}
                  onChange={(event) => {
                    const value = event.target.value;
                    setSelection({ selected, base: value === 'none' ? null : Number(value) });
                  }}
                >
                  {versions
                    .filter((version) => version.version !== selected)
                    .map((version) => (
                      <option key={version.version} value={version.version}>
                        v{version.version}
                        {version.version === predecessor ? ' (the version before)' : ''}
                        {version.version === currentVersion ? ' (current)' : ''}
                      </option>
                    ))}
                  <option value="none">nothing (show v{selected} alone)</option>
                </select>
              </div>
            ) : null}
          </div>

          {single ? (
            <div className="history-note">
              <p className="history-note-title">Nothing to compare yet.</p>
              <p>
                This pipeline has a single version, v{selected}, drawn below. Each deploy from the{' '}
                <Link href={`/pipelines/${encodeURIComponent(jobId)}`}>editor</Link> or <code>PUT /api/v1/jobs/{'{id}'}</code> adds a
                version here; then you can see what each one changed, and roll back.
              </p>
            </div>
          ) : base === undefined && predecessor === undefined ? (
            <p className="history-summary muted">v{selected} is the first version: pick a version to compare it with.</p>
          ) : diff && base !== undefined ? (
            <p className="history-summary">
              {base > selected ? `Going back from v${base} to v${selected}: ` : `v${selected} against v${base}: `}
              {describeSummary(summarizeDiff(diff))}.
            </p>
          ) : null}

          {diff && base !== undefined ? <DiffLegend diff={diff} /> : null}

          <div className="diff-body">
            {diff ? (
              <DiffCanvas
                diff={diff}
                label={base !== undefined ? `Changes from v${base} to v${selected}` : `Job graph of v${selected}`}
                selectedVertex={selectedVertex}
                onSelectVertex={setSelectedVertex}
              />
            ) : (
              <div className="diff-canvas diff-canvas-loading">
                <Spinner label="Loading the job graphs…" />
              </div>
            )}
            {diff && base !== undefined ? (
              <ChangesPanel
                diff={diff}
                baseLabel={baseLabel}
                targetLabel={targetLabel}
                selectedVertex={selectedVertex}
                onSelectVertex={setSelectedVertex}
              />
            ) : null}
          </div>
        </section>
      </div>

      <RollbackDialog
        target={rollbackTarget}
        currentVersion={currentVersion}
        diff={rollbackDiff}
        pending={rollback.isPending}
        failure={rollbackFailure}
        onClose={() => {
          setRollbackTarget(undefined);
          setRollbackFailure(undefined);
        }}
        onConfirm={(message) => {
          if (rollbackTarget === undefined || !targetGraph) return;
          rollback.mutate({
            id: jobId,
            fromVersion: currentVersion,
            jobGraph: targetGraph,
            desiredState: 'RUNNING',
            message,
            rollbackOf: rollbackTarget,
          });
        }}
      />
    </div>
  );
}

function Breadcrumb({ jobId, name }: { jobId: string; name?: string }) {
  return (
    <nav className="history-breadcrumb" aria-label="Breadcrumb">
      <ol>
        <li>
          <Link href="/pipelines">Pipelines</Link>
        </li>
        {name ? (
          <li>
            <Link href={`/pipelines/${encodeURIComponent(jobId)}`}>{name}</Link>
          </li>
        ) : null}
        <li>
          <span aria-current="page">History</span>
        </li>
      </ol>
    </nav>
  );
}

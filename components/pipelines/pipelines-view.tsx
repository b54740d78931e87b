'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc-provider';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Spinner } from '@/components/ui/spinner';
import { PipelinesEmptyState } from './pipelines-empty-state';
import { PipelinesTable } from './pipelines-table';
import './pipelines-list.css';

const REFRESH_MS = 2_000;

// Pipelines are the long-running streaming jobs; queries and backfills are listed elsewhere.
const PIPELINE_FILTER = { execution: 'ASYNCHRONOUS', processing: 'STREAMING' } as const;

/** The browser's network errors say little ("Failed to fetch"); name the likely cause instead. */
function describeLoadError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/failed to fetch|networkerror|load failed|network request failed/i.test(message)) {
    return 'The browser could not reach the Weir server: it may be stopped or restarting, or the network is down.';
  }
  return message;
}

export function PipelinesView() {
  const trpc = useTRPC();
  const jobs = useQuery({
    ...trpc.jobs.list.queryOptions(PIPELINE_FILTER),
    refetchInterval: REFRESH_MS,
  });
  // Throughput is decoration: when it fails, the list's own error already tells the story.
  const throughput = useQuery({ ...trpc.jobs.throughput.queryOptions(), refetchInterval: REFRESH_MS });
  const [actionError, setActionError] = useState<string>();

  const items = jobs.data?.items;
  const count = items?.length ?? 0;

  return (
    <>
      <PageHeader
        title="Pipelines"
        description="Streaming jobs that read your logs, reduce and route them, and deliver them to sinks."
        actions={
          <>
            {jobs.isSuccess ? (
              <p className="live-indicator">
                <span className={jobs.isError ? 'live-dot live-dot-stale' : 'live-dot'} aria-hidden="true" />
                <span>
                  {count} {count === 1 ? 'pipeline' : 'pipelines'} · updated{' '}
                  <RelativeTime iso={new Date(jobs.dataUpdatedAt).toISOString()} />
                </span>
              </p>
            ) : null}
            <Link href="/pipelines/new" className="btn btn-primary btn-md">
              New pipeline
            </Link>
          </>
        }
      />

      {actionError ? (
        <Alert
          title={actionError}
          actions={
            <Button size="sm" onClick={() => setActionError(undefined)}>
              Dismiss
            </Button>
          }
        />
      ) : null}

      {jobs.isPending ? (
        <div className="panel panel-centered">
          <Spinner label="Loading pipelines…" />
        </div>
      ) : jobs.isError && !items ? (
        <Alert
          title="Couldn't load the pipelines."
          actions={
            <Button variant="primary" onClick={() => jobs.refetch()} disabled={jobs.isFetching}>
              {jobs.isFetching ? 'Retrying…' : 'Retry'}
            </Button>
          }
        >
          <p>{describeLoadError(jobs.error)}</p>
          <p className="muted">
            Check that the Weir server is running and reachable; <code>GET /api/health</code> should answer{' '}
            <code>{'{"status":"ok"}'}</code>.
          </p>
        </Alert>
      ) : (
        <>
          {jobs.isError ? (
            <Alert
              tone="warning"
              title="Lost contact with the server: showing the last list received."
              actions={
                <Button size="sm" onClick={() => jobs.refetch()} disabled={jobs.isFetching}>
                  Retry now
                </Button>
              }
            >
              <p>
                {describeLoadError(jobs.error)} This page keeps retrying every {REFRESH_MS / 1000} s.
              </p>
            </Alert>
          ) : null}
          {count === 0 ? (
            <PipelinesEmptyState />
          ) : (
            <PipelinesTable
              jobs={items ?? []}
              eventsPerSecond={throughput.data}
              onActionError={setActionError}
            />
          )}
        </>
      )}
    </>
  );
}

'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import type { ReadJob } from '@/server/model/job';
import { useTRPC } from '@/components/providers/trpc-provider';
import { Button } from '@/components/ui/button';
import { VisuallyHidden } from '@/components/ui/visually-hidden';

export type JobAction = 'start' | 'stop';

/** Which lifecycle action a row offers, if any. Backfills and queries cannot be started or stopped. */
export function availableAction(job: ReadJob): JobAction | 'starting' | 'stopping' | undefined {
  if (job.execution !== 'ASYNCHRONOUS' || job.processing !== 'STREAMING') return undefined;
  if (job.state === 'RUNNING') return job.desiredState === 'STOPPED' ? 'stopping' : 'stop';
  if (job.state === 'STOPPED') return job.desiredState === 'RUNNING' ? 'starting' : 'start';
  if (job.state === 'FAILED') return 'start';
  return undefined;
}

export function describeActionError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: string } | undefined)?.code;
    if (code === 'CONFLICT') {
      return 'The pipeline changed since this page loaded. The list is refreshed; check its state and try again.';
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export interface JobActionsProps {
  job: ReadJob;
  onError: (message: string) => void;
}

export function JobActions({ job, onError }: JobActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(
    trpc.jobs.update.mutationOptions({
      onError: (error, variables) => {
        const verb = variables.desiredState === 'STOPPED' ? 'stop' : 'start';
        onError(`Couldn't ${verb} ${job.name}. ${describeActionError(error)}`);
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.jobs.list.queryKey() }),
    }),
  );

  const action = availableAction(job);
  if (action === undefined) {
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <VisuallyHidden>No actions</VisuallyHidden>
      </span>
    );
  }
  if (action === 'starting' || action === 'stopping') {
    return <span className="muted">{action === 'starting' ? 'Starting…' : 'Stopping…'}</span>;
  }

  const desiredState: 'RUNNING' | 'STOPPED' = action === 'stop' ? 'STOPPED' : 'RUNNING';
  const pending = update.isPending;
  const verb = action === 'stop' ? (pending ? 'Stopping' : 'Stop') : pending ? 'Starting' : 'Start';
  return (
    <Button
      size="sm"
      variant={action === 'stop' ? 'secondary' : 'primary'}
      disabled={pending}
      onClick={() =>
        update.mutate({ id: job.id, fromVersion: job.version, jobGraph: job.jobGraph, desiredState })
      }
    >
      {verb}
      {pending ? '…' : ''}
      <VisuallyHidden> {job.name}</VisuallyHidden>
    </Button>
  );
}

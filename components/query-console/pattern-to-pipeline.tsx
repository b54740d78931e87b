'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { writeDraft, readLayout } from '@/components/graph-editor/drafts';
import { useTRPC } from '@/components/providers/trpc-provider';
import { Button } from '@/components/ui/button';
import type { JobGraph } from '@/server/model/job';
import type { PatternGroup } from './patterns-panel';
import { reducerNames, withPattern, type PatternUse } from './pipeline-draft';
import { patternQuery } from './query-edit';

/** "Use in pipeline…": turns a pattern into a draft filter or reducer exception in a chosen pipeline. */
export function PatternToPipeline({ pattern }: { pattern: PatternGroup }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-label={`Use the pattern ${pattern.pattern} in a pipeline`}>
        Use in pipeline…
      </Button>
      {open ? <PatternDialog pattern={pattern} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function PatternDialog({ pattern, onClose }: { pattern: PatternGroup; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const selectId = useId();
  const trpc = useTRPC();
  const router = useRouter();
  const jobs = useQuery(trpc.jobs.list.queryOptions({ execution: 'ASYNCHRONOUS', processing: 'STREAMING' }));
  const [use, setUse] = useState<PatternUse>('drop');
  const [jobId, setJobId] = useState('');
  const query = patternQuery(pattern.pattern);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const pipelines = (jobs.data?.items ?? []).filter((job) => job.state !== 'DELETED');
  const chosen = pipelines.find((job) => job.id === jobId) ?? pipelines[0];
  const graph = chosen?.jobGraph as JobGraph | undefined;
  const updated = graph ? withPattern(graph, query, use) : undefined;
  const problem = !chosen
    ? undefined
    : !updated
      ? use === 'exception'
        ? `${chosen.name} has no log reducer; choose "Drop these events" or another pipeline.`
        : `${chosen.name} has no source to filter after.`
      : undefined;

  const openDraft = () => {
    if (!chosen || !updated) return;
    writeDraft(chosen.id, {
      savedAt: new Date().toISOString(),
      baseVersion: chosen.version,
      baseGraph: chosen.jobGraph,
      job: { name: chosen.name, execution: chosen.execution, processing: chosen.processing, ...(Object.keys(chosen.tags ?? {}).length ? { tags: chosen.tags } : {}), jobGraph: updated },
      positions: readLayout(chosen.id),
    });
    router.push(`/pipelines/${chosen.id}`);
  };

  return (
    <dialog
      ref={ref}
      className="qc-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="qc-dialog-title">
        Use this pattern in a pipeline
      </h2>
      <div className="qc-dialog-body">
        <p>
          <code className="qc-pattern-template">{pattern.pattern}</code>
        </p>
        <p className="muted">
          Its events match <code>{query}</code>. The pipeline opens in the editor with a draft; nothing changes until you deploy it.
        </p>
        <fieldset className="qc-choices">
          <legend>What should the pipeline do with these events?</legend>
          <label className="qc-choice">
            <input type="radio" name="pattern-use" checked={use === 'drop'} onChange={() => setUse('drop')} />
            <span>
              <strong>Drop them</strong>
              <span className="muted"> — adds an inverted filter right after the sources.</span>
            </span>
          </label>
          <label className="qc-choice">
            <input type="radio" name="pattern-use" checked={use === 'exception'} onChange={() => setUse('exception')} />
            <span>
              <strong>Keep them whole</strong>
              <span className="muted"> — adds a log reducer exception, so they are never summarized.</span>
            </span>
          </label>
        </fieldset>
        <label htmlFor={selectId} className="qc-dialog-label">
          Pipeline
        </label>
        {jobs.isPending ? (
          <p className="muted">Loading pipelines…</p>
        ) : jobs.isError ? (
          <p className="qc-field-problem">Couldn&apos;t load the pipelines: {jobs.error.message}</p>
        ) : pipelines.length === 0 ? (
          <p className="muted">
            There are no pipelines yet. <a href="/pipelines/new">Create one</a>, then come back to this pattern.
          </p>
        ) : (
          <select id={selectId} className="qc-select" value={chosen?.id ?? ''} onChange={(event) => setJobId(event.target.value)}>
            {pipelines.map((job) => (
              <option key={job.id} value={job.id}>
                {job.name}
                {reducerNames(job.jobGraph as JobGraph).length > 0 ? ' (has a log reducer)' : ''}
              </option>
            ))}
          </select>
        )}
        {problem ? (
          <p className="qc-field-problem" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
      <div className="qc-dialog-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="primary" onClick={openDraft} disabled={!updated}>
          Open the draft
        </Button>
      </div>
    </dialog>
  );
}

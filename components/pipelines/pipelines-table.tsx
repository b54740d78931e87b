'use client';

import Link from 'next/link';
import type { ReadJob } from '@/server/model/job';
import { RelativeTime } from '@/components/ui/relative-time';
import { VisuallyHidden } from '@/components/ui/visually-hidden';
import { JobActions } from './job-actions';
import { JobStateBadge } from './job-state-badge';

export interface PipelinesTableProps {
  jobs: ReadJob[];
  /** Events per second leaving each running job's sources, keyed by job id. */
  eventsPerSecond?: Record<string, number>;
  onActionError: (message: string) => void;
}

const rateFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function Throughput({ job, eventsPerSecond }: { job: ReadJob; eventsPerSecond?: Record<string, number> }) {
  const rate = job.state === 'RUNNING' ? eventsPerSecond?.[job.id] : undefined;
  if (rate === undefined) {
    return (
      <span className="muted">
        <span aria-hidden="true">—</span>
        <VisuallyHidden>No throughput</VisuallyHidden>
      </span>
    );
  }
  return (
    <span className="throughput" title="Events per second leaving the pipeline's sources">
      {rateFormat.format(rate)} <span className="muted">events/s</span>
    </span>
  );
}

export function PipelinesTable({ jobs, eventsPerSecond, onActionError }: PipelinesTableProps) {
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Pipelines">
        <thead>
          <tr>
            <th scope="col" className="col-name">Name</th>
            <th scope="col" className="col-state">State</th>
            <th scope="col" className="col-throughput">Throughput</th>
            <th scope="col" className="col-version">Version</th>
            <th scope="col" className="col-updated">Last update</th>
            <th scope="col" className="col-actions">Actions</th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <tr key={job.id}>
              <th scope="row" className="col-name">
                <Link href={`/pipelines/${encodeURIComponent(job.id)}`} className="job-name job-name-link">
                  {job.name}
                </Link>
                <span className="job-id" title="Job id, for the REST API">{job.id}</span>
              </th>
              <td className="col-state">
                <JobStateBadge state={job.state} failureReason={job.failureReason} />
                {job.state === 'FAILED' && job.failureReason ? (
                  <span className="state-reason" title={job.failureReason}>
                    {job.failureReason}
                  </span>
                ) : null}
              </td>
              <td className="col-throughput">
                <Throughput job={job} eventsPerSecond={eventsPerSecond} />
              </td>
              <td className="col-version">
                <span className="version">v{job.version}</span>
              </td>
              <td className="col-updated">
                <RelativeTime iso={job.updatedAt} />
              </td>
              <td className="col-actions">
                <span className="row-actions">
                  <JobActions job={job} onError={onActionError} />
                  <Link href={`/pipelines/${encodeURIComponent(job.id)}`} className="btn btn-secondary btn-sm">
                    Open<VisuallyHidden> {job.name}</VisuallyHidden>
                  </Link>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

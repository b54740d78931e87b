'use client';

import type { JobStateTransition, JobVersionSummary } from '@/server/model/job';
import { JobStateBadge, jobStateLabel } from '@/components/pipelines/job-state-badge';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';

/** How a version's graph relates to the versions before it, once their graphs are loaded. */
export type GraphChange =
  | { kind: 'first' }
  | { kind: 'same' }
  | { kind: 'changed'; description: string }
  | { kind: 'restores'; version: number; description: string };

export interface VersionListProps {
  versions: JobVersionSummary[];
  transitionsByVersion: Map<number, JobStateTransition[]>;
  graphChanges: Map<number, GraphChange>;
  currentVersion: number;
  selected?: number;
  base?: number;
  onSelect: (version: number) => void;
  /** Absent when the job cannot be rolled back (a backfill, or a deleted job). */
  onRollback?: (version: number) => void;
  rollbackPending: boolean;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

function StateTimeline({ version, transitions }: { version: number; transitions: JobStateTransition[] }) {
  if (transitions.length === 0) return null;
  return (
    <ol className="state-timeline" aria-label={`State changes of version ${version}`}>
      {transitions.map((transition, index) => {
        const at = new Date(transition.at);
        const tooltip = [dateTimeFormat.format(at), transition.reason].filter(Boolean).join(': ');
        return (
          <li key={`${transition.at}-${index}`} className={`state-step state-step-${transition.to.toLowerCase()}`} title={tooltip}>
            <span className="state-step-dot" aria-hidden="true" />
            <span className="state-step-state">{jobStateLabel(transition.to)}</span>
            <time className="state-step-time" dateTime={transition.at}>
              {timeFormat.format(at)}
            </time>
          </li>
        );
      })}
    </ol>
  );
}

function GraphChangeNote({ change }: { change: GraphChange | undefined }) {
  if (!change) return null;
  switch (change.kind) {
    case 'first':
      return <span className="graph-change muted">First version</span>;
    case 'same':
      return <span className="graph-change muted">Same graph as the version before</span>;
    case 'changed':
      return <span className="graph-change">Graph: {change.description}</span>;
    case 'restores':
      return <span className="graph-change">Same graph as v{change.version}</span>;
  }
}

export function VersionList({
  versions,
  transitionsByVersion,
  graphChanges,
  currentVersion,
  selected,
  base,
  onSelect,
  onRollback,
  rollbackPending,
}: VersionListProps) {
  return (
    <ul className="version-list" aria-label="Versions">
      {versions.map((version) => {
        const isSelected = version.version === selected;
        const isBase = version.version === base;
        const isCurrent = version.version === currentVersion;
        const className = ['version-card', isSelected ? 'is-selected' : '', isBase ? 'is-base' : ''].filter(Boolean).join(' ');
        return (
          <li key={version.version} className={className} data-version={version.version}>
            <div className="version-card-head">
              <button
                type="button"
                className="version-select"
                aria-pressed={isSelected}
                aria-describedby={`version-${version.version}-state`}
                onClick={() => onSelect(version.version)}
              >
                Version {version.version}
              </button>
              <span id={`version-${version.version}-state`} className="version-card-state">
                <JobStateBadge state={version.state} failureReason={version.failureReason} />
              </span>
              {isCurrent ? <span className="version-tag version-tag-current">Current</span> : null}
              {isBase ? <span className="version-tag version-tag-base">Compared</span> : null}
            </div>
            {version.message ? <p className="version-message">{version.message}</p> : null}
            {version.failureReason ? <p className="version-failure">{version.failureReason}</p> : null}
            <div className="version-card-meta">
              {version.rollbackOf !== undefined ? (
                <span className="version-tag version-tag-rollback" title={`Restores the graph of v${version.rollbackOf}`}>
                  <span aria-hidden="true" className="version-tag-icon">↩</span>Rollback to v{version.rollbackOf}
                </span>
              ) : null}
              <GraphChangeNote
                change={
                  version.rollbackOf !== undefined && graphChanges.get(version.version)?.kind === 'restores'
                    ? undefined
                    : graphChanges.get(version.version)
                }
              />
              <span className="version-card-time">
                Created <RelativeTime iso={version.createdAt} />
              </span>
            </div>
            <StateTimeline version={version.version} transitions={transitionsByVersion.get(version.version) ?? []} />
            {onRollback && !isCurrent ? (
              <div className="version-card-actions">
                <Button size="sm" disabled={rollbackPending} onClick={() => onRollback(version.version)}>
                  Roll back to v{version.version}
                </Button>
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

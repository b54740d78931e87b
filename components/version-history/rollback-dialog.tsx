'use client';

import { useId, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Modal } from '@/components/ui/modal';
import { Spinner } from '@/components/ui/spinner';
import { STATUS_LABELS } from './diff-layout';
import { describeSummary, hasChanges, summarizeDiff, type GraphDiff } from './graph-diff';

export interface RollbackFailure {
  message: string;
  problems: Array<{ path: string; message: string }>;
}

export interface RollbackDialogProps {
  /** The version whose graph comes back; undefined while closed. */
  target?: number;
  currentVersion: number;
  /** From the current graph to the target's: what the rollback changes. Undefined while the graphs load. */
  diff?: GraphDiff;
  pending: boolean;
  failure?: RollbackFailure;
  onConfirm: (message: string) => void;
  onClose: () => void;
}

/** Confirms a rollback: shows what it changes against the running version, and takes the new version's message. */
export function RollbackDialog(props: RollbackDialogProps) {
  const titleId = useId();
  return (
    <Modal
      open={props.target !== undefined}
      onClose={() => {
        if (!props.pending) props.onClose();
      }}
      title={`Roll back to v${props.target}?`}
      titleId={titleId}
      className="history-dialog"
      titleClassName="history-dialog-title"
    >
      {props.target !== undefined ? <RollbackForm {...props} target={props.target} /> : null}
    </Modal>
  );
}

function RollbackForm({ target, currentVersion, diff, pending, failure, onConfirm, onClose }: RollbackDialogProps & { target: number }) {
  const [message, setMessage] = useState(`Rollback to v${target}`);
  const id = useId();
  const next = currentVersion + 1;
  const changes = diff?.vertices.filter((vertex) => vertex.status !== 'unchanged') ?? [];
  const edges = diff?.edges.filter((edge) => edge.status !== 'unchanged') ?? [];
  return (
    <form
      className="history-dialog-body"
      onSubmit={(event) => {
        event.preventDefault();
        if (!pending && diff) onConfirm(message.trim() || `Rollback to v${target}`);
      }}
    >
      <p>
        Weir stores the job graph of v{target} as a new version, v{next}, and runs it. The current version, v{currentVersion}, stops
        when v{next} takes over. Nothing is deleted: you can roll forward again from this page.
      </p>
      <section className="rollback-summary" aria-labelledby={`${id}-summary`}>
        <h3 id={`${id}-summary`}>
          Changes from v{currentVersion} (current) to v{target}
        </h3>
        {!diff ? (
          <Spinner label="Loading both graphs…" />
        ) : !hasChanges(diff) ? (
          <p className="muted">
            The graphs are the same: v{next} runs the pipeline as it is now, as a new version.
          </p>
        ) : (
          <>
            <p>{capitalize(describeSummary(summarizeDiff(diff)))}.</p>
            <ul className="rollback-summary-list">
              {changes.map((vertex) => (
                <li key={vertex.name}>
                  <span className={`diff-status diff-status-${vertex.status}`}>{STATUS_LABELS[vertex.status]}</span>{' '}
                  <code>{vertex.name}</code>
                  {vertex.status === 'changed' ? (
                    <span className="muted"> {vertex.changes.map((change) => change.path || 'type').join(', ')}</span>
                  ) : null}
                </li>
              ))}
              {edges.map((edge) => (
                <li key={edge.key}>
                  <span className={`diff-status diff-status-${edge.status}`}>{STATUS_LABELS[edge.status]}</span>{' '}
                  <code>{edge.text}</code>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <div className="history-field">
        <label htmlFor={`${id}-message`}>Version message</label>
        <input
          id={`${id}-message`}
          className="history-input"
          value={message}
          maxLength={1000}
          onChange={(event) => setMessage(event.target.value)}
          aria-describedby={`${id}-message-hint`}
        />
        <p id={`${id}-message-hint`} className="history-field-hint">
          Shown in this history next to v{next}.
        </p>
      </div>
      {failure ? (
        <div className="alert alert-danger history-dialog-alert" role="alert">
          <div className="alert-text">
            <p className="alert-title">Couldn&apos;t roll back.</p>
            <div className="alert-body">
              <p>{failure.message}</p>
              {failure.problems.length > 0 ? (
                <ul>
                  {failure.problems.map((problem) => (
                    <li key={`${problem.path}:${problem.message}`}>
                      {problem.path ? <code>{problem.path}</code> : null} {problem.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        </div>
      ) : null}
      <div className="history-dialog-actions">
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending || !diff}>
          {pending ? `Rolling back to v${target}…` : `Roll back to v${target}`}
        </Button>
      </div>
    </form>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

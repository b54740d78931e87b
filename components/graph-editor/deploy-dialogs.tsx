'use client';

import { useId, useState } from 'react';
import type { ReadJob } from '@/server/model/job';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import { sentence } from './format';
import { Modal } from '@/components/ui/modal';

export interface DeployOptions {
  message?: string;
  run: boolean;
  rollbackEnabled: boolean;
}

export interface DeployFailure {
  message: string;
  problems: Array<{ path: string; message: string }>;
}

export interface DeployDialogProps {
  open: boolean;
  onClose: () => void;
  isNew: boolean;
  baseVersion?: number;
  name: string;
  onNameChange: (name: string) => void;
  nameError?: string;
  pending: boolean;
  failure?: DeployFailure;
  defaultRun: boolean;
  onDeploy: (options: DeployOptions) => void;
}

export function DeployDialog(props: DeployDialogProps) {
  const titleId = useId();
  return (
    <Modal open={props.open} onClose={props.onClose} title={props.isNew ? 'Deploy the new pipeline' : 'Deploy a new version'} titleId={titleId}>
      {props.open ? <DeployForm {...props} /> : null}
    </Modal>
  );
}

function DeployForm({ onClose, isNew, baseVersion, name, onNameChange, nameError, pending, failure, defaultRun, onDeploy }: DeployDialogProps) {
  const [message, setMessage] = useState('');
  const [run, setRun] = useState(defaultRun);
  const [rollbackEnabled, setRollbackEnabled] = useState(false);
  const id = useId();

  return (
    <form
      className="modal-body"
      onSubmit={(event) => {
        event.preventDefault();
        if (pending || (isNew && nameError)) return;
        onDeploy({ message: message.trim() || undefined, run, rollbackEnabled });
      }}
    >
      <p className="modal-text">
        {isNew
          ? 'Weir checks the job graph again, stores it as version 0 and starts it on the engine.'
          : `This stores your graph as version ${(baseVersion ?? 0) + 1}, the successor of version ${baseVersion}, and the engine switches to it.`}
      </p>
      {isNew ? (
        <div className={`form-field${nameError ? ' has-error' : ''}`}>
          <div className="form-field-head">
            <label className="form-label" htmlFor={`${id}-name`}>
              Pipeline name
            </label>
            <span className="required-mark" title="Required" aria-hidden="true">
              *
            </span>
          </div>
          <input
            id={`${id}-name`}
            className="form-input form-input-code"
            value={name}
            required
            placeholder="checkout_logs"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={`${id}-name-help`}
            spellCheck={false}
            autoComplete="off"
            autoFocus
            onChange={(event) => onNameChange(event.target.value)}
          />
          <p className="form-help" id={`${id}-name-help`}>
            Lowercase letters, digits and underscores; it cannot change later.
          </p>
          {nameError ? <p className="form-error">{sentence(nameError)}</p> : null}
        </div>
      ) : null}
      <div className="form-field">
        <label className="form-label" htmlFor={`${id}-message`}>
          Version message <span className="form-optional">(optional)</span>
        </label>
        <textarea
          id={`${id}-message`}
          className="form-input form-textarea"
          rows={3}
          maxLength={1000}
          value={message}
          placeholder="What changed and why, e.g. Drop debug logs from checkout"
          autoFocus={!isNew}
          onChange={(event) => setMessage(event.target.value)}
        />
        <p className="form-help">Shown in the pipeline's history next to this version.</p>
      </div>
      <div className="form-checkbox-row">
        <input id={`${id}-run`} type="checkbox" checked={run} onChange={(event) => setRun(event.target.checked)} />
        <label htmlFor={`${id}-run`} className="form-label">
          Run it after deploying
        </label>
      </div>
      {!isNew ? (
        <div className="form-checkbox-row">
          <input id={`${id}-rollback`} type="checkbox" checked={rollbackEnabled} onChange={(event) => setRollbackEnabled(event.target.checked)} />
          <label htmlFor={`${id}-rollback`} className="form-label">
            Roll back to version {baseVersion} automatically if this version fails
          </label>
        </div>
      ) : null}
      {failure ? (
        <div className="alert alert-danger modal-alert" role="alert">
          <div className="alert-text">
            <p className="alert-title">The server did not accept it: {failure.message}</p>
            {failure.problems.length > 0 ? (
              <ul className="modal-problems">
                {failure.problems.slice(0, 8).map((problem) => (
                  <li key={`${problem.path}${problem.message}`}>
                    <code>{problem.path || 'job'}</code> {sentence(problem.message)}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : null}
      <div className="modal-actions">
        <Button onClick={onClose} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" disabled={pending || (isNew && Boolean(nameError))}>
          {pending ? 'Deploying…' : 'Deploy'}
        </Button>
      </div>
    </form>
  );
}

export interface ConflictDialogProps {
  open: boolean;
  latest?: ReadJob;
  baseVersion?: number;
  pending: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onCancel: () => void;
}

/** Someone deployed since this editor loaded: never overwrite silently, let the user choose. */
export function ConflictDialog({ open, latest, baseVersion, pending, onReload, onOverwrite, onCancel }: ConflictDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onCancel} title="This pipeline changed while you were editing" titleId={titleId} tone="warning">
      <div className="modal-body">
        <p className="modal-text">
          {latest ? (
            <>
              Version {latest.version} was deployed <RelativeTime iso={latest.updatedAt} />
              {latest.message ? (
                <>
                  {' '}
                  with the message “{latest.message}”
                </>
              ) : null}
              , after the version {baseVersion} your changes started from.
            </>
          ) : (
            <>Someone deployed a newer version after the version {baseVersion} your changes started from.</>
          )}
        </p>
        <ul className="modal-choices">
          <li>
            <strong>Reload</strong> discards your changes and loads version {latest?.version ?? 'the latest'} (you can still undo it
            with Ctrl+Z).
          </li>
          <li>
            <strong>Overwrite</strong> deploys your graph anyway, replacing what was deployed in version {latest?.version ?? 'the latest'}.
          </li>
        </ul>
        <div className="modal-actions">
          <Button onClick={onCancel} disabled={pending}>
            Keep editing
          </Button>
          <Button onClick={onReload} disabled={pending}>
            Reload
          </Button>
          <Button variant="danger" onClick={onOverwrite} disabled={pending || !latest}>
            {pending ? 'Overwriting…' : 'Overwrite'}
          </Button>
        </div>
      </div>
    </Modal>
  );
}

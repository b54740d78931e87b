'use client';

import type { MouseEvent } from 'react';
import { CodeBlock } from '@/components/ui/code-block';
import type { LogEvent } from '@/server/model/log-event';
import { flattenAttributes, isFilterable } from './field-suggestions';
import { severityName, severityToStatus } from './event-format';

export type OnFilter = (field: string, value: string, exclude: boolean) => void;

/** A value that filters the query when clicked: `key:value`, or `-key:value` with Alt/Shift held or its − button. */
export function FilterValue({ field, value, onFilter, display }: { field: string; value: string; onFilter: OnFilter; display?: string }) {
  const clause = `${field}:${value}`;
  const include = (event: MouseEvent) => onFilter(field, value, event.altKey || event.shiftKey);
  return (
    <span className="qc-filter-value">
      <button type="button" className="qc-chip" onClick={include} aria-label={`Filter by ${clause}`} title={`Add ${clause} to the query (Alt-click to exclude)`}>
        {display ?? (value === '' ? '(empty)' : value)}
      </button>
      <button type="button" className="qc-chip-exclude" onClick={() => onFilter(field, value, true)} aria-label={`Exclude ${clause}`} title={`Add -${clause} to the query`}>
        <span aria-hidden="true">−</span>
      </button>
    </span>
  );
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function EventDetails({ event, onFilter }: { event: LogEvent; onFilter: OnFilter }) {
  const status = severityToStatus(event.severity);
  const tags = Object.entries(event.tags).sort(([a], [b]) => a.localeCompare(b));
  const attributes = flattenAttributes(event.attributes).sort(([a], [b]) => a.localeCompare(b));
  const json = JSON.stringify(
    {
      ...event,
      eventTime: new Date(event.eventTimestamp).toISOString(),
      receivedTime: new Date(event.receivedTimestamp).toISOString(),
    },
    null,
    2,
  );
  return (
    <div className="qc-details">
      <pre className="qc-details-message">{event.message === '' ? '(no message)' : event.message}</pre>
      <div className="qc-details-grid">
        <section aria-label="Event fields" className="qc-details-section">
          <h4 className="qc-details-heading">Event</h4>
          <dl className="qc-fields">
            <dt>status</dt>
            <dd>
              <FilterValue field="status" value={status} onFilter={onFilter} />
              <span className="qc-field-note">
                severity {event.severity} ({severityName(event.severity)})
              </span>
            </dd>
            <dt>time</dt>
            <dd className="qc-mono">{new Date(event.eventTimestamp).toISOString()}</dd>
            <dt>received</dt>
            <dd className="qc-mono">{new Date(event.receivedTimestamp).toISOString()}</dd>
            <dt>id</dt>
            <dd className="qc-mono">{event.id}</dd>
          </dl>
        </section>
        <section aria-label="Tags" className="qc-details-section">
          <h4 className="qc-details-heading">Tags</h4>
          {tags.length === 0 ? (
            <p className="muted">No tags.</p>
          ) : (
            <dl className="qc-fields">
              {tags.map(([key, values]) => (
                <div key={key} className="qc-field-row">
                  <dt>{key}</dt>
                  <dd>
                    {values.length === 0 ? (
                      <span className="muted">(no value)</span>
                    ) : (
                      values.map((value) => <FilterValue key={value} field={key} value={value} onFilter={onFilter} />)
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </section>
        <section aria-label="Attributes" className="qc-details-section">
          <h4 className="qc-details-heading">Attributes</h4>
          {attributes.length === 0 ? (
            <p className="muted">No attributes.</p>
          ) : (
            <dl className="qc-fields">
              {attributes.map(([path, value]) => {
                const leaves = Array.isArray(value) ? value : [value];
                return (
                  <div key={path} className="qc-field-row">
                    <dt>@{path}</dt>
                    <dd>
                      {leaves.map((leaf, index) =>
                        isFilterable(leaf) ? (
                          <FilterValue key={index} field={`@${path}`} value={String(leaf)} onFilter={onFilter} />
                        ) : (
                          <span key={index} className="qc-mono">
                            {renderValue(leaf)}
                          </span>
                        ),
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          )}
        </section>
      </div>
      <CodeBlock label="Event JSON" code={json} />
    </div>
  );
}

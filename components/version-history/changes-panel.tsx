'use client';

import { useEffect, useRef } from 'react';
import { operationFor } from '@/components/graph-editor/catalogue';
import { STATUS_LABELS } from './diff-layout';
import { formatParamValue, type GraphDiff, type ParamChange, type VertexDiff } from './graph-diff';

export interface ChangesPanelProps {
  diff: GraphDiff;
  baseLabel: string;
  targetLabel: string;
  selectedVertex?: string;
  onSelectVertex: (name: string | undefined) => void;
}

function ParamValue({ value }: { value: unknown }) {
  const text = formatParamValue(value);
  return (
    <code className={value === undefined ? 'param-value param-value-absent' : 'param-value'} title={text.length > 80 ? text : undefined}>
      {text}
    </code>
  );
}

function paramEntries(vertex: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(vertex).filter(([key, value]) => key !== 'name' && key !== 'type' && value !== undefined);
}

function ChangeTable({ changes, baseLabel, targetLabel }: { changes: ParamChange[]; baseLabel: string; targetLabel: string }) {
  return (
    <table className="param-changes">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">{baseLabel}</th>
          <th scope="col">{targetLabel}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((change) => (
          <tr key={change.path} className={`param-change-${change.kind}`}>
            <th scope="row">
              <code className="param-path">{change.path || '(whole vertex)'}</code>
            </th>
            <td>
              <ParamValue value={change.before} />
            </td>
            <td>
              <ParamValue value={change.after} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VertexChanges({ vertex, baseLabel, targetLabel, selected, onSelect }: {
  vertex: VertexDiff;
  baseLabel: string;
  targetLabel: string;
  selected: boolean;
  onSelect: () => void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [selected]);
  const shown = vertex.after ?? vertex.before!;
  const title = operationFor(shown.type)?.title ?? shown.type;
  const headingId = `vertex-changes-${vertex.name}`;
  return (
    <article ref={ref} className={`vertex-changes${selected ? ' is-selected' : ''}`} aria-labelledby={headingId}>
      <header className="vertex-changes-header">
        <h4 id={headingId}>
          <button type="button" className="vertex-changes-name" onClick={onSelect} aria-pressed={selected}>
            {vertex.name}
          </button>
        </h4>
        <span className="vertex-changes-type">{title}</span>
        <span className={`diff-status diff-status-${vertex.status}`}>{STATUS_LABELS[vertex.status]}</span>
      </header>
      {vertex.status === 'changed' ? (
        <ChangeTable changes={vertex.changes} baseLabel={baseLabel} targetLabel={targetLabel} />
      ) : vertex.status === 'unchanged' ? (
        <>
          <p className="muted vertex-changes-note">Same in both versions{paramEntries(shown).length > 0 ? ':' : ', and it has no params.'}</p>
          <dl className="param-list">
            {paramEntries(shown).map(([key, value]) => (
              <div key={key}>
                <dt>
                  <code className="param-path">{key}</code>
                </dt>
                <dd>
                  <ParamValue value={value} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <>
          <p className="muted vertex-changes-note">
            {vertex.status === 'added' ? `New in ${targetLabel}, with these params:` : `Not in ${targetLabel}. In ${baseLabel} it had:`}
          </p>
          <dl className="param-list">
            {vertex.changes
              .filter((change) => change.path !== 'type')
              .map((change) => (
                <div key={change.path}>
                  <dt>
                    <code className="param-path">{change.path}</code>
                  </dt>
                  <dd>
                    <ParamValue value={vertex.status === 'added' ? change.after : change.before} />
                  </dd>
                </div>
              ))}
          </dl>
        </>
      )}
    </article>
  );
}

/** Beside the canvas: the changed params of each vertex, field by field, and the edges that come and go. */
export function ChangesPanel({ diff, baseLabel, targetLabel, selectedVertex, onSelectVertex }: ChangesPanelProps) {
  const changed = diff.vertices.filter((vertex) => vertex.status !== 'unchanged');
  const selectedUnchanged = diff.vertices.find((vertex) => vertex.name === selectedVertex && vertex.status === 'unchanged');
  const shown = selectedUnchanged ? [...changed, selectedUnchanged] : changed;
  const edges = diff.edges.filter((edge) => edge.status !== 'unchanged');
  return (
    <section className="changes-panel" aria-labelledby="changes-panel-title">
      <h3 id="changes-panel-title" className="changes-panel-title">
        What changed
      </h3>
      {shown.length === 0 && edges.length === 0 ? (
        <p className="muted">
          {baseLabel} and {targetLabel} have the same job graph. A version can differ only in its desired state, for example when the
          pipeline was stopped or started.
        </p>
      ) : null}
      {shown.map((vertex) => (
        <VertexChanges
          key={vertex.name}
          vertex={vertex}
          baseLabel={baseLabel}
          targetLabel={targetLabel}
          selected={vertex.name === selectedVertex}
          onSelect={() => onSelectVertex(vertex.name === selectedVertex ? undefined : vertex.name)}
        />
      ))}
      {edges.length > 0 ? (
        <div className="edge-changes">
          <h4>Edges</h4>
          <ul>
            {edges.map((edge) => (
              <li key={edge.key} className={`edge-change edge-change-${edge.status}`}>
                <span className={`diff-status diff-status-${edge.status}`}>{STATUS_LABELS[edge.status]}</span>{' '}
                <code>{edge.text}</code>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {shown.length > 0 && !selectedVertex ? <p className="changes-panel-hint muted">Click a vertex on the canvas to see it here.</p> : null}
    </section>
  );
}

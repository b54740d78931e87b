'use client';

import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import { KIND_LABELS, operationFor, operations, paramsSchema } from './catalogue';
import { useClipboard } from './clipboard';
import { useEditor, useEditorActions, useEditorShallow } from './editor-context';
import { selectedEdgeIds, selectedVertexIds } from './editor-store';
import { formatCount, formatRate, plural, sentence } from './format';
import { vertexName, vertexType } from './graph-document';
import { Icon, iconFor, ToolIcon } from './icons';
import type { FieldPath } from './json-schema';
import { SchemaForm, knownParamKeys } from './schema-form';
import type { EditorProblem } from './validation';

const NO_PROBLEMS: EditorProblem[] = [];
const UNKNOWN_FIELD = /^unknown field "(.+)"$/;

function ProblemList({ problems, onRemoveField }: { problems: EditorProblem[]; onRemoveField?: (key: string) => void }) {
  if (problems.length === 0) return null;
  return (
    <ul className="inspector-problems">
      {problems.map((problem) => {
        const unknownField = UNKNOWN_FIELD.exec(problem.message)?.[1];
        return (
          <li key={problem.key}>
            <ToolIcon name="error" size={14} />
            <span>
              {problem.field ? <code>{problem.field}</code> : null} {sentence(problem.field ? problem.short : problem.message)}
            </span>
            {unknownField && onRemoveField && problem.field === unknownField ? (
              <button type="button" className="link-button" onClick={() => onRemoveField(unknownField)}>
                Remove field
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

function VertexInspector({ id }: { id: string }) {
  const vertex = useEditor((state) => state.doc.vertices[id]);
  const problems = useEditor((state) => state.validation.byVertex[id] ?? NO_PROBLEMS);
  const focusRequest = useEditor((state) => state.focusRequest);
  const actions = useEditorActions();
  const clipboard = useClipboard();
  const name = vertexName(vertex);
  const live = useEditorShallow((state) => {
    const metrics = state.live.byVertex[name];
    return {
      running: state.live.running,
      metrics,
      failure: name !== '' && state.live.failedVertex === name ? state.live.failure : undefined,
    };
  });
  const rootRef = useRef<HTMLDivElement>(null);
  const idBase = useId().replace(/:/g, '');
  const definition = operationFor(vertex?.type);
  const schema = useMemo(() => (definition ? paramsSchema(definition) : undefined), [definition]);
  const type = vertexType(vertex);

  const onFieldChange = useCallback((path: FieldPath, value: unknown) => actions.setVertexField(id, path, value), [actions, id]);

  useEffect(() => {
    if (!focusRequest || focusRequest.vertexId !== id || !rootRef.current) return;
    const field = focusRequest.field ?? '';
    const container =
      (field && rootRef.current.querySelector<HTMLElement>(`[data-field-path="${CSS.escape(field)}"]`)) ||
      (field && rootRef.current.querySelector<HTMLElement>(`[data-field-path="${CSS.escape(field.split(/[.[]/)[0])}"]`)) ||
      rootRef.current.querySelector<HTMLElement>('.inspector-problems') ||
      rootRef.current;
    container.scrollIntoView({ block: 'nearest' });
    const control = container.querySelector<HTMLElement>('input, select, textarea') ?? container.querySelector<HTMLElement>('button');
    control?.focus({ preventScroll: true });
  }, [focusRequest, id]);

  if (!vertex) return null;
  const params = Object.fromEntries(Object.entries(vertex).filter(([key]) => key !== 'type' && key !== 'name'));
  const known = schema ? knownParamKeys(schema) : new Set<string>();
  const nameProblems = problems.filter((problem) => problem.field === 'name');
  const fieldProblems = problems.filter((problem) => problem.field && problem.field !== 'name' && known.has(problem.field.split(/[.[]/)[0]));
  const otherProblems = problems.filter((problem) => !nameProblems.includes(problem) && !fieldProblems.includes(problem));
  const formProblems = fieldProblems.map((problem) => ({ field: problem.field, message: problem.short }));
  const nameId = `${idBase}-name`;

  return (
    <div className="inspector-body" ref={rootRef}>
      <header className="inspector-header">
        <span className={`inspector-icon inspector-icon-${definition?.kind ?? 'unknown'}`}>
          <Icon name={iconFor(type, definition?.kind)} size={20} />
        </span>
        <div className="inspector-heading">
          <h2>{definition?.title ?? 'Unknown operation'}</h2>
          <p className="inspector-subtitle">
            {definition ? KIND_LABELS[definition.kind].singular : 'Unknown kind'} · <code>{type || 'no type'}</code>
          </p>
        </div>
      </header>
      {definition ? <p className="inspector-description">{definition.description}</p> : null}

      {!definition ? (
        <div className="inspector-callout">
          <p>
            <strong>{type ? `“${type}” is not an operation this server provides.` : 'This vertex has no type.'}</strong> Pick one
            that it does; its settings stay as they are.
          </p>
          <label className="form-label" htmlFor={`${idBase}-type`}>
            Operation type
          </label>
          <select id={`${idBase}-type`} className="form-input" value="" onChange={(event) => event.target.value && actions.setVertexType(id, event.target.value)}>
            <option value="">Choose…</option>
            {operations.map((operation) => (
              <option key={operation.type} value={operation.type}>
                {operation.title} ({operation.type})
              </option>
            ))}
          </select>
        </div>
      ) : null}

      <section className="inspector-section" aria-label="Vertex">
        <div className={`form-field${nameProblems.length > 0 ? ' has-error' : ''}`} data-field-path="name">
          <div className="form-field-head">
            <label htmlFor={nameId} className="form-label">
              Name
              </label>
              <span className="required-mark" title="Required" aria-hidden="true">*</span>
            <code className="form-field-key">name</code>
          </div>
          <input
            id={nameId}
            className="form-input form-input-code"
            type="text"
            value={typeof vertex.name === 'string' ? vertex.name : ''}
            required
            aria-invalid={nameProblems.length > 0 || undefined}
            aria-describedby={`${nameId}-help`}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => actions.renameVertex(id, event.target.value)}
          />
          <p className="form-help" id={`${nameId}-help`}>
            Unique in this pipeline; edges refer to it. Lowercase letters, digits and underscores.
          </p>
          {nameProblems.map((problem) => (
            <p key={problem.key} className="form-error">
              {sentence(problem.message)}
            </p>
          ))}
        </div>
      </section>

      {otherProblems.length > 0 ? (
        <section className="inspector-section" aria-label="Problems with this vertex">
          <h3 className="inspector-section-title">Problems</h3>
          <ProblemList problems={otherProblems} onRemoveField={(key) => actions.setVertexField(id, [key], undefined)} />
        </section>
      ) : null}

      {live.failure || (live.running && live.metrics) ? (
        <section className="inspector-section" aria-label="Live">
          <h3 className="inspector-section-title">Live</h3>
          {live.running && live.metrics ? (
            <dl className="inspector-metrics">
              {definition?.kind !== 'source' ? (
                <>
                  <dt>In</dt>
                  <dd>
                    {formatRate(live.metrics.eventsInPerSecond)}/s · {formatCount(live.metrics.eventsIn)} total
                  </dd>
                </>
              ) : null}
              {definition?.kind !== 'sink' ? (
                <>
                  <dt>Out</dt>
                  <dd>
                    {formatRate(live.metrics.eventsOutPerSecond)}/s · {formatCount(live.metrics.eventsOut)} total
                  </dd>
                </>
              ) : null}
              <dt>Errors</dt>
              <dd>{formatCount(live.metrics.errors)}</dd>
            </dl>
          ) : null}
          {live.failure || live.metrics?.lastError ? (
            <p className="inspector-failure">
              <strong>{live.failure ? 'Failed: ' : 'Last error: '}</strong>
              {live.failure ?? live.metrics?.lastError}
            </p>
          ) : null}
        </section>
      ) : null}

      {schema ? (
        <section className="inspector-section" aria-label="Settings">
          <h3 className="inspector-section-title">Settings</h3>
          <SchemaForm schema={schema} params={params} operationType={definition?.type ?? type} idBase={idBase} onChange={onFieldChange} problems={formProblems} />
        </section>
      ) : null}

      <footer className="inspector-footer">
        <button type="button" className="btn btn-secondary btn-sm" onClick={() => clipboard.duplicate([id])}>
          <ToolIcon name="copy" size={14} /> Duplicate
        </button>
        <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => actions.removeElements([id], [])}>
          <ToolIcon name="trash" size={14} /> Delete vertex
        </button>
      </footer>
    </div>
  );
}

function EdgeInspector({ id }: { id: string }) {
  const entry = useEditor((state) => state.doc.edges[id]);
  const problems = useEditor((state) => state.validation.byEdge[id] ?? NO_PROBLEMS);
  const rate = useEditor((state) => (state.live.running ? state.live.edgeRates[id] : undefined));
  const actions = useEditorActions();
  if (!entry) return null;
  return (
    <div className="inspector-body">
      <header className="inspector-header">
        <div className="inspector-heading">
          <h2>Edge</h2>
          <p className="inspector-subtitle">
            <code>{entry.text}</code>
          </p>
        </div>
      </header>
      <p className="inspector-description">
        Events leaving the output port on the left of the arrow enter the input port on its right. To move it, drag either
        end onto another port.
      </p>
      {rate !== undefined ? <p className="inspector-description">{formatRate(rate)} events per second.</p> : null}
      <ProblemList problems={problems} />
      <footer className="inspector-footer">
        <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => actions.removeElements([], [id])}>
          <ToolIcon name="trash" size={14} /> Delete edge
        </button>
      </footer>
    </div>
  );
}

function SelectionInspector({ vertices, edges }: { vertices: string[]; edges: string[] }) {
  const actions = useEditorActions();
  const clipboard = useClipboard();
  return (
    <div className="inspector-body">
      <header className="inspector-header">
        <div className="inspector-heading">
          <h2>{[vertices.length > 0 ? plural(vertices.length, 'node') : '', edges.length > 0 ? plural(edges.length, 'edge') : ''].filter(Boolean).join(' and ')} selected</h2>
        </div>
      </header>
      <p className="inspector-description">Drag any of them to move them together. Copy them to paste into this or another pipeline.</p>
      <footer className="inspector-footer">
        {vertices.length > 0 ? (
          <>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => void clipboard.copy(vertices)}>
              <ToolIcon name="copy" size={14} /> Copy
            </button>
            <button type="button" className="btn btn-secondary btn-sm" onClick={() => clipboard.duplicate(vertices)}>
              Duplicate
            </button>
          </>
        ) : null}
        <button type="button" className="btn btn-danger-outline btn-sm" onClick={() => actions.removeElements(vertices, edges)}>
          <ToolIcon name="trash" size={14} /> Delete
        </button>
      </footer>
    </div>
  );
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function PipelineInspector() {
  const doc = useEditor((state) => state.doc);
  const locked = useEditor((state) => state.locked);
  const problems = useEditor((state) => state.validation.problems);
  const actions = useEditorActions();
  const nameId = useId();
  const counts = { source: 0, transform: 0, sink: 0, unknown: 0 };
  for (const id of doc.vertexIds) counts[operationFor(doc.vertices[id].type)?.kind ?? 'unknown'] += 1;
  const nameProblems = problems.filter((problem) => problem.path === 'name');
  const mod = isMac() ? '⌘' : 'Ctrl';
  const name = typeof doc.shell.name === 'string' ? doc.shell.name : '';

  return (
    <div className="inspector-body">
      <header className="inspector-header">
        <div className="inspector-heading">
          <h2>Pipeline</h2>
          <p className="inspector-subtitle">Select a node to configure it.</p>
        </div>
      </header>
      <section className="inspector-section" aria-label="Pipeline settings">
        {locked ? (
          <dl className="inspector-facts">
            <dt>Name</dt>
            <dd>
              <code>{locked.name}</code>
            </dd>
            <dt>Kind</dt>
            <dd>
              {locked.execution.toLowerCase()} · {locked.processing.toLowerCase()}
            </dd>
          </dl>
        ) : (
          <div className={`form-field${nameProblems.length > 0 ? ' has-error' : ''}`} data-field-path="pipeline-name">
            <div className="form-field-head">
              <label htmlFor={nameId} className="form-label">
                Pipeline name
                </label>
                <span className="required-mark" title="Required" aria-hidden="true">*</span>
            </div>
            <input
              id={nameId}
              className="form-input form-input-code"
              value={name}
              placeholder="checkout_logs"
              required
              aria-invalid={nameProblems.length > 0 || undefined}
              spellCheck={false}
              autoComplete="off"
              onChange={(event) => actions.setJobField('name', event.target.value)}
            />
            <p className="form-help">Lowercase letters, digits and underscores. It cannot change after the first deploy.</p>
            {nameProblems.map((problem) => (
              <p key={problem.key} className="form-error">
                {sentence(problem.message)}
              </p>
            ))}
          </div>
        )}
        <p className="inspector-description">
          {plural(counts.source, 'source')}, {plural(counts.transform, 'transform')}, {plural(counts.sink, 'sink')}
          {counts.unknown > 0 ? `, ${counts.unknown} of unknown type` : ''}.
        </p>
      </section>
      <section className="inspector-section" aria-label="Keyboard shortcuts">
        <h3 className="inspector-section-title">Shortcuts</h3>
        <dl className="shortcut-list">
          <dt>
            <kbd>{mod}</kbd>+<kbd>Z</kbd>
          </dt>
          <dd>Undo</dd>
          <dt>
            <kbd>{mod}</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd>
          </dt>
          <dd>Redo</dd>
          <dt>
            <kbd>{mod}</kbd>+<kbd>C</kbd> / <kbd>V</kbd>
          </dt>
          <dd>Copy, paste</dd>
          <dt>
            <kbd>{mod}</kbd>+<kbd>D</kbd>
          </dt>
          <dd>Duplicate</dd>
          <dt>
            <kbd>{mod}</kbd>+<kbd>A</kbd>
          </dt>
          <dd>Select all</dd>
          <dt>
            <kbd>Delete</kbd>
          </dt>
          <dd>Delete the selection</dd>
          <dt>
            <kbd>Shift</kbd>+drag
          </dt>
          <dd>Select an area</dd>
          <dt>
            <kbd>Shift</kbd>+click
          </dt>
          <dd>Add to the selection</dd>
        </dl>
      </section>
    </div>
  );
}

export function Inspector() {
  const vertices = useEditorShallow(selectedVertexIds);
  const edges = useEditorShallow(selectedEdgeIds);
  let content;
  if (vertices.length === 1 && edges.length === 0) content = <VertexInspector key={vertices[0]} id={vertices[0]} />;
  else if (vertices.length === 0 && edges.length === 1) content = <EdgeInspector key={edges[0]} id={edges[0]} />;
  else if (vertices.length + edges.length > 1) content = <SelectionInspector vertices={vertices} edges={edges} />;
  else content = <PipelineInspector />;
  return (
    <aside className="inspector" aria-label="Inspector">
      {content}
    </aside>
  );
}

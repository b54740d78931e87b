'use client';

import { useId, useState, type FormEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { formatCount, statusTone } from './event-format';
import { filterState } from './query-edit';

export interface FacetValue {
  value: string;
  count: number;
}

export const DEFAULT_FACETS = ['service', 'host', 'status'] as const;

export interface FacetsPanelProps {
  fields: readonly string[];
  values: ReadonlyMap<string, readonly FacetValue[]>;
  loading: boolean;
  /** Says what the counts cover. */
  note: string | undefined;
  error: string | undefined;
  query: string;
  attributePaths: readonly string[];
  onInclude: (field: string, value: string) => void;
  onExclude: (field: string, value: string) => void;
  onClear: (field: string, value: string) => void;
  onAddFacet: (field: string) => void;
  onRemoveFacet: (field: string) => void;
}

const TITLES: Record<string, string> = { service: 'Service', host: 'Host', status: 'Status' };

function FacetGroup({ field, values, loading, query, removable, onInclude, onExclude, onClear, onRemove }: {
  field: string;
  values: readonly FacetValue[] | undefined;
  loading: boolean;
  query: string;
  removable: boolean;
  onInclude: FacetsPanelProps['onInclude'];
  onExclude: FacetsPanelProps['onExclude'];
  onClear: FacetsPanelProps['onClear'];
  onRemove: () => void;
}) {
  const headingId = useId();
  const title = TITLES[field] ?? field;
  const top = values ? Math.max(1, ...values.map((value) => value.count)) : 1;
  return (
    <section className="qc-facet" aria-labelledby={headingId}>
      <div className="qc-facet-header">
        <h3 id={headingId} className="qc-facet-title">
          {title}
        </h3>
        {removable ? (
          <button type="button" className="qc-icon-button" onClick={onRemove} aria-label={`Remove the ${field} facet`} title="Remove this facet">
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
      {values === undefined ? (
        <p className="qc-facet-empty">{loading ? 'Counting…' : 'Run a query to see values.'}</p>
      ) : values.length === 0 ? (
        <p className="qc-facet-empty">No values in the result.</p>
      ) : (
        <ul className="qc-facet-values">
          {values.map(({ value, count }) => {
            const state = filterState(query, field, value);
            const label = value === '' ? '(empty)' : value;
            return (
              <li key={value} className={`qc-facet-item${state ? ` is-${state}` : ''}`}>
                <button
                  type="button"
                  className="qc-facet-value"
                  aria-pressed={state === 'include'}
                  aria-label={`${field}:${label}, ${formatCount(count)} ${count === 1 ? 'event' : 'events'}`}
                  title={state === 'include' ? `Remove ${field}:${label} from the query` : `Show only ${field}:${label}`}
                  onClick={() => (state === 'include' ? onClear(field, value) : onInclude(field, value))}
                >
                  <span className="qc-facet-bar" style={{ width: `${(count / top) * 100}%` }} aria-hidden="true" />
                  <span className="qc-facet-label">
                    {field === 'status' ? <Badge tone={statusTone(value)}>{label.toUpperCase()}</Badge> : label}
                  </span>
                  <span className="qc-facet-count">{formatCount(count)}</span>
                </button>
                <button
                  type="button"
                  className="qc-facet-exclude"
                  aria-pressed={state === 'exclude'}
                  aria-label={`Exclude ${field}:${label}`}
                  title={state === 'exclude' ? `Remove -${field}:${label} from the query` : `Hide ${field}:${label}`}
                  onClick={() => (state === 'exclude' ? onClear(field, value) : onExclude(field, value))}
                >
                  <span aria-hidden="true">−</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function FacetsPanel(props: FacetsPanelProps) {
  const { fields, values, loading, note, error, query, attributePaths, onAddFacet, onRemoveFacet } = props;
  const [draft, setDraft] = useState('');
  const inputId = useId();
  const listId = useId();
  const [problem, setProblem] = useState<string>();

  const add = (event: FormEvent) => {
    event.preventDefault();
    const path = draft.trim().replace(/^@/, '');
    if (!path) return setProblem('Type an attribute path, e.g. http.status_code');
    if (/[\s,]/.test(path)) return setProblem('An attribute path has no spaces or commas');
    const field = `@${path}`;
    if (fields.includes(field)) return setProblem(`${field} is already shown`);
    setProblem(undefined);
    setDraft('');
    onAddFacet(field);
  };

  return (
    <aside className="qc-facets" aria-label="Facets">
      <div className="qc-facets-header">
        <h2 className="qc-facets-title">Facets</h2>
        {note ? <p className="qc-facets-note">{note}</p> : null}
        {error ? <p className="qc-facets-error">{error}</p> : null}
      </div>
      {fields.map((field) => (
        <FacetGroup
          key={field}
          field={field}
          values={values.get(field)}
          loading={loading}
          query={query}
          removable={!(DEFAULT_FACETS as readonly string[]).includes(field)}
          onInclude={props.onInclude}
          onExclude={props.onExclude}
          onClear={props.onClear}
          onRemove={() => onRemoveFacet(field)}
        />
      ))}
      <form className="qc-add-facet" onSubmit={add}>
        <label htmlFor={inputId} className="qc-add-facet-label">
          Add an attribute facet
        </label>
        <div className="qc-add-facet-row">
          <input
            id={inputId}
            className="qc-input"
            list={listId}
            value={draft}
            placeholder="@http.status_code"
            onChange={(event) => setDraft(event.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${inputId}-problem` : undefined}
            spellCheck={false}
            autoComplete="off"
          />
          <Button size="sm" type="submit">
            Add
          </Button>
        </div>
        <datalist id={listId}>
          {attributePaths.map((path) => (
            <option key={path} value={`@${path}`} />
          ))}
        </datalist>
        {problem ? (
          <p id={`${inputId}-problem`} className="qc-field-problem">
            {problem}
          </p>
        ) : null}
      </form>
    </aside>
  );
}

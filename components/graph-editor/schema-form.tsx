'use client';

import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { compilePredicate } from '@/server/query';
import { useTRPC } from '@/components/providers/trpc-provider';
import { describeDuration, DURATION_PRESETS } from './durations';
import { sentence } from './format';
import { ToolIcon } from './icons';
import {
  describeDefault,
  humanizeKey,
  initialValue,
  isAnyJsonValue,
  isDateTimeSchema,
  isDurationSchema,
  isQueryPredicate,
  matchesVariant,
  pathKey,
  resolveSchema,
  schemaTypes,
  variantLabel,
  type FieldPath,
  type JsonSchema,
} from './json-schema';

interface FormContextValue {
  root: JsonSchema;
  /** The vertex's operation type: integration pickers offer the matching vendor. */
  operationType: string;
  idBase: string;
  onChange(path: FieldPath, value: unknown): void;
  /** Problems reported exactly at a field path (`rate`, `mix.access`). */
  errorsAt(key: string): string[];
  /** Problems at a path or anywhere below it, for editors that show a whole subtree as text. */
  errorsUnder(key: string): string[];
}

const FormContext = createContext<FormContextValue | null>(null);

function useForm(): FormContextValue {
  const context = useContext(FormContext);
  if (!context) throw new Error('schema fields must be inside <SchemaForm>');
  return context;
}

const fieldId = (idBase: string, path: FieldPath) => `${idBase}-${pathKey(path).replace(/[^A-Za-z0-9_-]/g, '_') || 'root'}`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ─── Field chrome ────────────────────────────────────────────────────────────

interface FieldShellProps {
  id: string;
  path: FieldPath;
  label: string;
  propertyKey?: string;
  required: boolean;
  help?: ReactNode;
  errors: string[];
  children: ReactNode;
  /** Checkboxes carry their label beside them. */
  inlineLabel?: boolean;
  action?: ReactNode;
}

function FieldShell({ id, path, label, propertyKey, required, help, errors, children, inlineLabel, action }: FieldShellProps) {
  return (
    <div className={`form-field${errors.length > 0 ? ' has-error' : ''}`} data-field-path={pathKey(path)}>
      {inlineLabel ? null : (
        <div className="form-field-head">
          <label htmlFor={id} className="form-label">
            {label}
          </label>
          {required && typeof path[path.length - 1] !== 'number' ? (
            <span className="required-mark" title="Required" aria-hidden="true">
              *
            </span>
          ) : null}
          {propertyKey ? <code className="form-field-key">{propertyKey}</code> : null}
          {action}
        </div>
      )}
      {children}
      {help ? (
        <p className="form-help" id={`${id}-help`}>
          {help}
        </p>
      ) : null}
      {errors.map((error) => (
        <p key={error} className="form-error" id={`${id}-error`}>
          {sentence(error)}
        </p>
      ))}
    </div>
  );
}

function describedBy(id: string, help: boolean, errors: string[]) {
  const ids = [help ? `${id}-help` : '', errors.length > 0 ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function helpText(schema: JsonSchema, extra?: ReactNode): ReactNode {
  const hasDefault = schema.default !== undefined && !(Array.isArray(schema.default) && schema.default.length === 0) &&
    !(isRecord(schema.default) && Object.keys(schema.default).length === 0);
  if (!schema.description && !hasDefault && !extra) return undefined;
  return (
    <>
      {schema.description}
      {hasDefault ? (
        <span className="form-default">
          {schema.description ? ' · ' : ''}Default: <code>{describeDefault(schema.default)}</code>
        </span>
      ) : null}
      {extra}
    </>
  );
}

function ResetButton({ path, label }: { path: FieldPath; label: string }) {
  const { onChange } = useForm();
  return (
    <button type="button" className="link-button form-reset" onClick={() => onChange(path, undefined)} aria-label={`Reset ${label} to its default`}>
      Reset
    </button>
  );
}

// ─── Dispatch ────────────────────────────────────────────────────────────────

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  path: FieldPath;
  label: string;
  propertyKey?: string;
  required: boolean;
}

/** One param, rendered by its JSON Schema. */
export function SchemaField(props: FieldProps) {
  const { root } = useForm();
  const schema = resolveSchema(props.schema, root);
  const next = { ...props, schema };
  if (isQueryPredicate(schema)) return <QueryField {...next} />;
  if (isAnyJsonValue(schema, root)) return <JsonField {...next} />;
  if (schema.const !== undefined) return <ConstField {...next} />;
  if (schema.enum) return <EnumField {...next} />;
  if (schema.oneOf || schema.anyOf) return <UnionField {...next} />;
  const types = schemaTypes(schema);
  if (types.includes('boolean') && types.length === 1) return <BooleanField {...next} />;
  if ((types.includes('number') || types.includes('integer')) && types.length === 1) return <NumberField {...next} />;
  if (types.includes('string') && types.length === 1) {
    if (isDurationSchema(schema)) return <DurationField {...next} />;
    if (isDateTimeSchema(schema)) return <DateTimeField {...next} />;
    const last = props.path[props.path.length - 1];
    if (last === 'integrationId') return <IntegrationField {...next} />;
    if (last === 'datasetId' || last === 'table') return <DatasetField {...next} byName={last === 'table'} />;
    return <TextField {...next} />;
  }
  if (types.includes('array') && types.length === 1) return <ArrayField {...next} />;
  if (types.includes('object') && types.length === 1) {
    if (schema.properties) return <ObjectField {...next} />;
    if (isRecord(schema.additionalProperties)) return <RecordField {...next} valueSchema={schema.additionalProperties} />;
  }
  return <JsonField {...next} />;
}

// ─── Scalars ─────────────────────────────────────────────────────────────────

function TextField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const errors = errorsAt(pathKey(path));
  const help = helpText(schema);
  const text = typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={errors}>
      <input
        id={id}
        className="form-input"
        type="text"
        value={text}
        placeholder={typeof schema.default === 'string' && schema.default !== '' ? schema.default : undefined}
        required={required}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, Boolean(help), errors)}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(path, event.target.value === '' && !required ? undefined : event.target.value)}
      />
    </FieldShell>
  );
}

/** Keeps the text being typed ("1.", "-") while the stored value is the number it parses to. */
function NumberField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const errors = errorsAt(pathKey(path));
  const external = typeof value === 'number' ? String(value) : value === undefined ? '' : String(value);
  const [text, setText] = useState(external);
  useEffect(() => {
    setText((current) => (current !== '' && Number(current) === value ? current : external));
  }, [external, value]);
  const integer = schemaTypes(schema).includes('integer');
  const bounds: string[] = [];
  const min = schema.minimum ?? schema.exclusiveMinimum;
  const max = schema.maximum ?? schema.exclusiveMaximum;
  if (min !== undefined && Math.abs(min) < 1e15) bounds.push(`${schema.exclusiveMinimum !== undefined ? '>' : '≥'} ${min}`);
  if (max !== undefined && Math.abs(max) < 1e15) bounds.push(`${schema.exclusiveMaximum !== undefined ? '<' : '≤'} ${max}`);
  const help = helpText(schema, bounds.length > 0 ? <span className="form-bounds"> · {integer ? 'Whole number ' : ''}{bounds.join(', ')}</span> : null);
  return (
    <FieldShell
      id={id}
      path={path}
      label={label}
      propertyKey={propertyKey}
      required={required}
      help={help}
      errors={errors}
      action={value !== undefined && schema.default !== undefined ? <ResetButton path={path} label={label} /> : null}
    >
      <input
        id={id}
        className="form-input form-input-number"
        type="number"
        inputMode={integer ? 'numeric' : 'decimal'}
        step={integer ? 1 : 'any'}
        value={text}
        placeholder={schema.default !== undefined ? String(schema.default) : undefined}
        required={required}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, Boolean(help), errors)}
        onChange={(event) => {
          const raw = event.target.value;
          setText(raw);
          if (raw.trim() === '') onChange(path, undefined);
          else if (Number.isFinite(Number(raw))) onChange(path, Number(raw));
        }}
      />
    </FieldShell>
  );
}

function BooleanField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const errors = errorsAt(pathKey(path));
  const checked = typeof value === 'boolean' ? value : schema.default === true;
  const help = helpText(schema);
  return (
    <FieldShell id={id} path={path} label={label} required={required} help={help} errors={errors} inlineLabel>
      <div className="form-checkbox-row">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={describedBy(id, Boolean(help), errors)}
          onChange={(event) => onChange(path, event.target.checked)}
        />
        <label htmlFor={id} className="form-label">
          {label}
        </label>
        {propertyKey ? <code className="form-field-key">{propertyKey}</code> : null}
        {value !== undefined && schema.default !== undefined ? <ResetButton path={path} label={label} /> : null}
      </div>
    </FieldShell>
  );
}

function EnumField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const errors = errorsAt(pathKey(path));
  const options = schema.enum ?? [];
  const index = options.findIndex((option) => option === value);
  const help = helpText(schema);
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={errors}>
      <select
        id={id}
        className="form-input"
        value={index >= 0 ? String(index) : ''}
        required={required}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, Boolean(help), errors)}
        onChange={(event) => onChange(path, event.target.value === '' ? undefined : options[Number(event.target.value)])}
      >
        {schema.default !== undefined ? (
          <option value="">Default ({String(schema.default)})</option>
        ) : (
          <option value="" disabled={required}>
            {required ? 'Choose…' : 'Not set'}
          </option>
        )}
        {options.map((option, optionIndex) => (
          <option key={String(option)} value={String(optionIndex)}>
            {String(option)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

function ConstField({ schema, path, label, propertyKey, required }: FieldProps) {
  const { idBase, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} errors={errorsAt(pathKey(path))}>
      <output id={id} className="form-const">
        {JSON.stringify(schema.const)}
      </output>
    </FieldShell>
  );
}

// ─── Helpful inputs ──────────────────────────────────────────────────────────

/** A Datadog query, checked by the server's own parser on every keystroke. */
function QueryField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsUnder } = useForm();
  const id = fieldId(idBase, path);
  const query = isRecord(value) && typeof value.query === 'string' ? value.query : '';
  const compiled = useMemo(() => compilePredicate({ type: 'datadog-query', query }), [query]);
  const key = pathKey(path);
  const serverErrors = errorsUnder(key);
  const errors = compiled.ok ? serverErrors : [];
  const help = (
    <>
      {schema.description ? `${schema.description} ` : null}
      Datadog search syntax, e.g. <code>service:checkout status:error -env:dev</code>
      {query === '' && value !== undefined ? '. An empty query matches every event.' : ''}
    </>
  );
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={errors}>
      <input
        id={id}
        className={`form-input form-input-code${compiled.ok ? '' : ' is-invalid'}`}
        type="text"
        value={query}
        placeholder={value === undefined && !required ? 'Not set: every event' : 'service:api status:error'}
        required={required}
        aria-invalid={!compiled.ok || errors.length > 0 || undefined}
        aria-describedby={[`${id}-help`, `${id}-query-status`].join(' ')}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => {
          const text = event.target.value;
          if (text === '' && !required) onChange(path, undefined);
          else onChange(path, { ...(isRecord(value) ? value : {}), type: 'datadog-query', query: text });
        }}
      />
      <div id={`${id}-query-status`} className={`query-status ${compiled.ok ? 'query-status-ok' : 'query-status-error'}`} aria-live="polite">
        {compiled.ok ? (
          query.trim() !== '' ? (
            <>
              <ToolIcon name="check" size={14} /> Valid query
            </>
          ) : null
        ) : (
          <>
            <span className="query-error-message">
              <ToolIcon name="error" size={14} /> {sentence(compiled.message)} (at character {compiled.position + 1})
            </span>
            <code className="query-caret" aria-hidden="true">
              {query}
              {'\n'}
              {' '.repeat(Math.min(compiled.position, query.length))}^
            </code>
          </>
        )}
      </div>
    </FieldShell>
  );
}

function DurationField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const errors = errorsAt(pathKey(path));
  const text = typeof value === 'string' ? value : '';
  const described = text ? describeDuration(text) : undefined;
  const help = helpText(
    schema,
    <span className="form-duration-preview">
      {text === '' ? (schema.description ? ' · ' : '') + 'ISO-8601, e.g. PT30S, PT5M, PT1H, P1D' : described ? ` · = ${described}` : ''}
    </span>,
  );
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={errors}>
      <input
        id={id}
        className="form-input form-input-code"
        type="text"
        value={text}
        placeholder={typeof schema.default === 'string' ? schema.default : 'PT5M'}
        required={required}
        aria-invalid={errors.length > 0 || (text !== '' && !described) || undefined}
        aria-describedby={describedBy(id, true, errors)}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(path, event.target.value === '' && !required ? undefined : event.target.value.toUpperCase())}
      />
      <div className="form-presets" role="group" aria-label={`${label} presets`}>
        {DURATION_PRESETS.map((preset) => (
          <button
            key={preset.value}
            type="button"
            className={`chip${preset.value === text ? ' is-active' : ''}`}
            onClick={() => onChange(path, preset.value)}
            aria-pressed={preset.value === text}
          >
            {preset.label}
          </button>
        ))}
      </div>
      {text !== '' && !described && errors.length === 0 ? (
        <p className="form-error">Not an ISO-8601 duration: write it like PT30S, PT5M, PT1H30M or P1D.</p>
      ) : null}
    </FieldShell>
  );
}

function DateTimeField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const errors = errorsAt(pathKey(path));
  const text = typeof value === 'string' ? value : '';
  const help = helpText(schema, <span>{schema.description ? ' · ' : ''}e.g. 2024-08-07T22:00:07Z</span>);
  return (
    <FieldShell
      id={id}
      path={path}
      label={label}
      propertyKey={propertyKey}
      required={required}
      help={help}
      errors={errors}
      action={
        <button type="button" className="link-button" onClick={() => onChange(path, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'))}>
          Now
        </button>
      }
    >
      <input
        id={id}
        className="form-input form-input-code"
        type="text"
        value={text}
        placeholder="2024-08-07T22:00:07Z"
        required={required}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, true, errors)}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => onChange(path, event.target.value === '' && !required ? undefined : event.target.value)}
      />
    </FieldShell>
  );
}

function vendorOf(operationType: string): string | undefined {
  if (/datadog/.test(operationType)) return 'datadog';
  if (/otlp|opentelemetry/.test(operationType)) return 'otlp';
  if (/splunk/.test(operationType)) return 'splunk';
  return undefined;
}

function IntegrationField(props: FieldProps) {
  const { operationType } = useForm();
  const trpc = useTRPC();
  const integrations = useQuery({ ...trpc.integrations.list.queryOptions(), staleTime: 10_000 });
  const vendor = vendorOf(operationType);
  const items = (integrations.data?.items ?? []).filter((item) => !vendor || item.type === vendor);
  const chosen = items.find((item) => item.id === props.value);
  const note = integrations.isSuccess ? (
    items.length === 0 ? (
      <span>
        {' '}
        · No {vendor ?? ''} integration yet: create one with <code>POST /api/v1/integrations</code>.
      </span>
    ) : chosen ? (
      <span>
        {' '}
        · <strong>{chosen.name}</strong> ({chosen.type})
      </span>
    ) : null
  ) : null;
  return <SuggestedTextField {...props} suggestions={items.map((item) => ({ value: item.id, label: `${item.name} (${item.type})` }))} note={note} />;
}

function DatasetField(props: FieldProps & { byName: boolean }) {
  const trpc = useTRPC();
  const datasets = useQuery({ ...trpc.datasets.list.queryOptions(), staleTime: 10_000 });
  const items = datasets.data?.items ?? [];
  const chosen = items.find((item) => (props.byName ? item.name : item.id) === props.value);
  const note = datasets.isSuccess ? (
    items.length === 0 ? (
      <span>
        {' '}
        · No dataset yet: create one with <code>POST /api/v1/datasets</code>.
      </span>
    ) : chosen && !props.byName ? (
      <span>
        {' '}
        · <strong>{chosen.name}</strong>
      </span>
    ) : null
  ) : null;
  return (
    <SuggestedTextField
      {...props}
      suggestions={items.map((item) => (props.byName ? { value: item.name, label: item.id } : { value: item.id, label: item.name }))}
      note={note}
    />
  );
}

function SuggestedTextField({
  schema,
  value,
  path,
  label,
  propertyKey,
  required,
  suggestions,
  note,
}: FieldProps & { suggestions: Array<{ value: string; label: string }>; note: ReactNode }) {
  const { idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const listId = `${id}-options`;
  const errors = errorsAt(pathKey(path));
  const help = helpText(schema, note);
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={errors}>
      <input
        id={id}
        className="form-input form-input-code"
        type="text"
        list={listId}
        value={typeof value === 'string' ? value : ''}
        required={required}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, Boolean(help), errors)}
        spellCheck={false}
        autoComplete="off"
        placeholder={suggestions.length > 0 ? 'Pick or type…' : undefined}
        onChange={(event) => onChange(path, event.target.value === '' && !required ? undefined : event.target.value)}
      />
      <datalist id={listId}>
        {suggestions.map((suggestion) => (
          <option key={suggestion.value} value={suggestion.value}>
            {suggestion.label}
          </option>
        ))}
      </datalist>
    </FieldShell>
  );
}

/** Any JSON value, edited as text and stored once it parses. */
function JsonField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { idBase, onChange, errorsUnder } = useForm();
  const id = fieldId(idBase, path);
  const external = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(external);
  const [parseError, setParseError] = useState<string>();
  useEffect(() => {
    setText((current) => {
      try {
        if (current.trim() !== '' && JSON.stringify(JSON.parse(current)) === JSON.stringify(value)) return current;
      } catch {
        // The user's half-typed text is kept only while it is still what they are typing.
      }
      return external;
    });
  }, [external, value]);
  const errors = parseError ? [parseError] : errorsUnder(pathKey(path));
  const help = helpText(schema, <span>{schema.description ? ' · ' : ''}JSON: a string in quotes, a number, true/false, a list or an object</span>);
  return (
    <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={errors}>
      <textarea
        id={id}
        className="form-input form-input-code form-textarea"
        value={text}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        required={required}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy(id, true, errors)}
        spellCheck={false}
        onChange={(event) => {
          const raw = event.target.value;
          setText(raw);
          if (raw.trim() === '') {
            setParseError(undefined);
            onChange(path, undefined);
            return;
          }
          try {
            const parsed: unknown = JSON.parse(raw);
            setParseError(undefined);
            onChange(path, parsed);
          } catch (error) {
            setParseError(`not valid JSON yet: ${error instanceof Error ? error.message : String(error)}`);
          }
        }}
      />
    </FieldShell>
  );
}

// ─── Structures ──────────────────────────────────────────────────────────────

/** The legend, help and errors every group of fields (object, array, map) opens with. */
function GroupHeader({
  schema,
  path,
  label,
  propertyKey,
  required,
  errors,
  resettable = false,
}: Pick<FieldProps, 'schema' | 'path' | 'label' | 'propertyKey' | 'required'> & { errors: string[]; resettable?: boolean }) {
  return (
    <>
      <legend className="form-group-legend">
        <span className="form-label">
          {label}
          {required && typeof path[path.length - 1] !== 'number' ? (
            <span className="required-mark" title="Required" aria-hidden="true">
              *
            </span>
          ) : null}
        </span>
        {propertyKey ? <code className="form-field-key">{propertyKey}</code> : null}
        {resettable ? <ResetButton path={path} label={label} /> : null}
      </legend>
      {schema.description ? <p className="form-help">{schema.description}</p> : null}
      {errors.map((error) => (
        <p key={error} className="form-error">
          {sentence(error)}
        </p>
      ))}
    </>
  );
}

function ObjectField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { errorsAt } = useForm();
  const record = isRecord(value) ? value : undefined;
  const errors = errorsAt(pathKey(path));
  const properties = Object.entries(schema.properties ?? {});
  return (
    <fieldset className={`form-group${errors.length > 0 ? ' has-error' : ''}`} data-field-path={pathKey(path)}>
      <GroupHeader schema={schema} path={path} label={label} propertyKey={propertyKey} required={required} errors={errors} resettable={record !== undefined && schema.default !== undefined} />
      <ObjectProperties schema={schema} record={record} path={path} defaults={isRecord(schema.default) ? schema.default : undefined} />
      {properties.length === 0 ? <p className="form-help">No settings.</p> : null}
    </fieldset>
  );
}

/** The properties of an object schema, each as its own field; constant discriminators are not editable. */
export function ObjectProperties({
  schema,
  record,
  path,
  defaults,
}: {
  schema: JsonSchema;
  record: Record<string, unknown> | undefined;
  path: FieldPath;
  defaults?: Record<string, unknown>;
}) {
  const { root } = useForm();
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {}).map(([key, property]) => {
        const resolved = resolveSchema(property, root);
        if (resolved.const !== undefined) return null;
        // A parent's default fills in for children that have none of their own.
        const withDefault = resolved.default === undefined && defaults && key in defaults ? { ...resolved, default: defaults[key] } : resolved;
        return (
          <SchemaField
            key={key}
            schema={withDefault}
            value={record?.[key]}
            path={[...path, key]}
            label={humanizeKey(key)}
            propertyKey={key}
            required={required.has(key)}
          />
        );
      })}
    </>
  );
}

function ArrayField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { root, onChange, errorsAt } = useForm();
  const items = Array.isArray(value) ? value : undefined;
  const errors = errorsAt(pathKey(path));
  const itemSchema = resolveSchema(schema.items ?? {}, root);
  const simple = ['string', 'number', 'integer'].includes(schemaTypes(itemSchema)[0] ?? '') && !itemSchema.enum && schemaTypes(itemSchema).length === 1;
  const itemNoun = simple ? 'value' : 'item';
  const usingDefault = items === undefined && Array.isArray(schema.default) && schema.default.length > 0;

  const update = (next: unknown[]) => onChange(path, next);
  const move = (from: number, to: number) => {
    if (!items || to < 0 || to >= items.length) return;
    const next = [...items];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item);
    update(next);
  };

  return (
    <fieldset className={`form-group${errors.length > 0 ? ' has-error' : ''}`} data-field-path={pathKey(path)}>
      <GroupHeader schema={schema} path={path} label={label} propertyKey={propertyKey} required={required} errors={errors} resettable={items !== undefined && schema.default !== undefined} />
      {usingDefault ? (
        <div className="form-default-box">
          <span>
            Using the default: <code>{JSON.stringify(schema.default)}</code>
          </span>
          <button type="button" className="link-button" onClick={() => update(structuredClone(schema.default as unknown[]))}>
            Customize
          </button>
        </div>
      ) : null}
      {items && items.length > 0 ? (
        <ol className={`form-array${simple ? ' form-array-simple' : ''}`}>
          {items.map((item, index) => {
            const itemLabel = simple ? `${label} ${index + 1}` : `${variantTitle(itemSchema, item, root) ?? humanizeKey(itemNoun)} ${index + 1}`;
            return (
              <li key={index} className="form-array-item">
                <div className="form-array-item-body">
                  <SchemaField schema={itemSchema} value={item} path={[...path, index]} label={itemLabel} required />
                </div>
                <div className="form-array-item-actions">
                  {!simple ? (
                    <>
                      <button type="button" className="icon-button" aria-label={`Move ${itemLabel} up`} disabled={index === 0} onClick={() => move(index, index - 1)}>
                        <ToolIcon name="arrowUp" size={14} />
                      </button>
                      <button
                        type="button"
                        className="icon-button"
                        aria-label={`Move ${itemLabel} down`}
                        disabled={index === items.length - 1}
                        onClick={() => move(index, index + 1)}
                      >
                        <ToolIcon name="arrowDown" size={14} />
                      </button>
                    </>
                  ) : null}
                  <button type="button" className="icon-button" aria-label={`Remove ${itemLabel}`} onClick={() => update(items.filter((_, at) => at !== index))}>
                    <ToolIcon name="close" size={14} />
                  </button>
                </div>
              </li>
            );
          })}
        </ol>
      ) : !usingDefault ? (
        <p className="form-help form-empty-list">None yet.</p>
      ) : null}
      <button
        type="button"
        className="btn btn-secondary btn-sm form-add"
        onClick={() => update([...(items ?? (Array.isArray(schema.default) ? structuredClone(schema.default) : [])), initialValue(itemSchema, root)])}
      >
        <ToolIcon name="plus" size={14} /> Add {itemNoun}
        <span className="visually-hidden"> to {label}</span>
      </button>
    </fieldset>
  );
}

function variantTitle(schema: JsonSchema, item: unknown, root: JsonSchema): string | undefined {
  const variants = schema.oneOf ?? schema.anyOf;
  if (!variants) return undefined;
  const index = variants.findIndex((variant) => matchesVariant(item, variant, root));
  return index >= 0 ? variantLabel(variants[index], root, index) : undefined;
}

/** A map with free keys (`{"email": "\\S+@\\S+"}`): rows of key and value. */
function RecordField({ schema, value, path, label, propertyKey, required, valueSchema }: FieldProps & { valueSchema: JsonSchema }) {
  const { root, onChange, errorsAt } = useForm();
  const record = isRecord(value) ? value : undefined;
  const entries = Object.entries(record ?? {});
  const errors = errorsAt(pathKey(path));

  const renameKey = (from: string, to: string) => {
    if (!record || from === to || to === '' || to in record) return false;
    const next: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(record)) next[key === from ? to : key] = field;
    onChange(path, next);
    return true;
  };
  const addEntry = () => {
    const existing = record ?? {};
    let key = 'key';
    for (let suffix = 2; key in existing; suffix++) key = `key_${suffix}`;
    onChange(path, { ...existing, [key]: initialValue(valueSchema, root) });
  };

  return (
    <fieldset className={`form-group${errors.length > 0 ? ' has-error' : ''}`} data-field-path={pathKey(path)}>
      <GroupHeader schema={schema} path={path} label={label} propertyKey={propertyKey} required={required} errors={errors} />
      {entries.length > 0 ? (
        <ul className="form-record">
          {entries.map(([key, field], index) => (
            <li key={index} className="form-record-entry">
              <RecordKeyInput
                value={key}
                label={`Key ${index + 1} of ${label}`}
                onCommit={(next) => renameKey(key, next)}
              />
              <div className="form-record-value">
                <SchemaField schema={valueSchema} value={field} path={[...path, key]} label={`Value of ${key}`} required />
              </div>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove ${key} from ${label}`}
                onClick={() => {
                  const next = { ...record };
                  delete next[key];
                  onChange(path, next);
                }}
              >
                <ToolIcon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="form-help form-empty-list">None yet.</p>
      )}
      <button type="button" className="btn btn-secondary btn-sm form-add" onClick={addEntry}>
        <ToolIcon name="plus" size={14} /> Add entry
        <span className="visually-hidden"> to {label}</span>
      </button>
    </fieldset>
  );
}

/** Keys are committed on blur or Enter, so typing through a name that already exists does not merge entries. */
function RecordKeyInput({ value, label, onCommit }: { value: string; label: string; onCommit: (next: string) => boolean }) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string>();
  const id = useId();
  useEffect(() => setText(value), [value]);
  const commit = () => {
    if (text === value) return setError(undefined);
    if (text === '') return setError('A key cannot be empty.');
    if (!onCommit(text)) setError(`“${text}” is already a key.`);
    else setError(undefined);
  };
  return (
    <div className="form-record-key">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        className="form-input form-input-code"
        value={text}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setText(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            commit();
          }
        }}
        spellCheck={false}
      />
      {error ? <p className="form-error">{error}</p> : null}
    </div>
  );
}

/** `oneOf`/`anyOf`: pick the kind, then edit it. */
function UnionField({ schema, value, path, label, propertyKey, required }: FieldProps) {
  const { root, idBase, onChange, errorsAt } = useForm();
  const id = fieldId(idBase, path);
  const variants = schema.oneOf ?? schema.anyOf ?? [];
  const current = value === undefined ? -1 : variants.findIndex((variant) => matchesVariant(value, variant, root));
  const errors = errorsAt(pathKey(path));
  const help = helpText(schema);
  const selected = current >= 0 ? resolveSchema(variants[current], root) : undefined;
  const selectedIsObject = selected && schemaTypes(selected).includes('object') && selected.properties;
  // A scalar variant is edited below at the same path and shows its own errors; don't say them twice.
  const ownErrors = selected && !selectedIsObject ? [] : errors;
  return (
    <div className={`form-union${errors.length > 0 ? ' has-error' : ''}`} data-field-path={pathKey(path)}>
      <FieldShell id={id} path={path} label={label} propertyKey={propertyKey} required={required} help={help} errors={ownErrors}>
        <select
          id={id}
          className="form-input"
          value={current >= 0 ? String(current) : ''}
          aria-describedby={describedBy(id, Boolean(help), ownErrors)}
          onChange={(event) => {
            if (event.target.value === '') onChange(path, undefined);
            else onChange(path, initialValue(variants[Number(event.target.value)], root));
          }}
        >
          <option value="" disabled={required}>
            {required ? 'Choose…' : 'Not set'}
          </option>
          {variants.map((variant, index) => (
            <option key={index} value={String(index)}>
              {variantLabel(variant, root, index)}
            </option>
          ))}
        </select>
      </FieldShell>
      {selected ? (
        selectedIsObject ? (
          <div className="form-union-body">
            <ObjectProperties schema={selected} record={isRecord(value) ? value : undefined} path={path} />
          </div>
        ) : (
          <div className="form-union-body">
            <SchemaField schema={selected} value={value} path={path} label={`${label} (${variantLabel(variants[current], root, current)})`} required={required} />
          </div>
        )
      ) : null}
    </div>
  );
}

// ─── The form ────────────────────────────────────────────────────────────────

export interface SchemaFormProps {
  schema: JsonSchema;
  /** The vertex without `type` and `name`. */
  params: Record<string, unknown>;
  operationType: string;
  idBase: string;
  onChange(path: FieldPath, value: unknown): void;
  problems: ReadonlyArray<{ field?: string; message: string }>;
}

export function SchemaForm({ schema, params, operationType, idBase, onChange, problems }: SchemaFormProps) {
  const context = useMemo<FormContextValue>(() => {
    const at = new Map<string, string[]>();
    for (const problem of problems) {
      const key = problem.field ?? '';
      at.set(key, [...(at.get(key) ?? []), problem.message]);
    }
    return {
      root: schema,
      operationType,
      idBase,
      onChange,
      errorsAt: (key) => at.get(key) ?? [],
      errorsUnder: (key) =>
        problems
          .filter((problem) => {
            const field = problem.field ?? '';
            return field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`);
          })
          .map((problem) => problem.message),
    };
  }, [schema, operationType, idBase, onChange, problems]);

  const hasProperties = Object.keys(schema.properties ?? {}).length > 0;
  return (
    <FormContext.Provider value={context}>
      {hasProperties ? (
        <ObjectProperties schema={schema} record={params} path={[]} />
      ) : schema.type === 'object' ? (
        <p className="form-help">This operation has no settings.</p>
      ) : (
        <JsonField schema={{}} value={params} path={[]} label="Params" required={false} />
      )}
    </FormContext.Provider>
  );
}

/** The top-level param keys a schema knows: problems at other keys are unknown fields. */
export function knownParamKeys(schema: JsonSchema): Set<string> {
  return new Set(Object.keys(schema.properties ?? {}));
}

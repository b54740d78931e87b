'use client';

import { useQuery } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTRPC, useTRPCClient } from '@/components/providers/trpc-provider';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { Spinner } from '@/components/ui/spinner';
import type { LogEvent } from '@/server/model/log-event';
import type { ReadDataset } from '@/server/model/dataset';
import { parseQuery } from '@/server/query';
import { formatCount, formatDuration, isToday, severityToStatus as severityStatus } from './event-format';
import { DEFAULT_FACETS, FacetsPanel, type FacetValue } from './facets-panel';
import { NO_SUGGESTIONS, mergeSuggestions, suggestionsFromEvents, type FieldSuggestions } from './field-suggestions';
import { Histogram, bucketsFromRows } from './histogram';
import { NoDatasets } from './no-datasets';
import { PatternsPanel } from './patterns-panel';
import { QueryEditor, type QueryEditorHandle } from './query-editor';
import { addFilter, patternQuery, removeFilter } from './query-edit';
import { ResultsTable } from './results-table';
import { TimeRangePicker } from './time-range-picker';
import { WIDEST_RANGE, describeRange, isRelative, resolveRange, type TimeRange } from './time-range';
import { readView, viewSearch, type ConsoleTab, type ConsoleView } from './url-state';
import { useSyncQuery, type RunSpec } from './use-sync-query';
import './query-console.css';

/** Rows per run; "Load more" fetches the next page of the same result. */
export const ROW_LIMIT = 5_000;
const DEFAULT_TIMEOUT_SECONDS = 30;
const LONG_TIMEOUT_SECONDS = 120;

/** The server has no such procedure (an older Weir): the console works without it and says so. */
function isMissingProcedure(error: unknown): boolean {
  return error instanceof TRPCClientError && (error.data as { code?: string } | undefined)?.code === 'NOT_FOUND' && /no procedure/i.test(error.message);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface ActiveRun extends RunSpec {
  /** Increments on every run, so aggregates refresh even when the inputs are the same. */
  runId: number;
}

export function QueryConsole() {
  const trpc = useTRPC();
  const datasets = useQuery({
    ...trpc.datasets.list.queryOptions(),
    // Without datasets, the page watches for the first one to appear; later ones show up within half a minute.
    refetchInterval: (query) => (query.state.data && query.state.data.items.length > 0 ? 30_000 : 5_000),
  });

  const header = (
    <PageHeader
      title="Query"
      description="Search the raw logs kept in a dataset with Datadog search syntax. Results stream in as they are found."
    />
  );

  if (datasets.isPending) {
    return (
      <>
        {header}
        <div className="panel panel-centered">
          <Spinner label="Loading datasets…" />
        </div>
      </>
    );
  }
  if (datasets.isError) {
    return (
      <>
        {header}
        <Alert
          title="Couldn't load the datasets."
          actions={
            <Button size="sm" onClick={() => void datasets.refetch()}>
              Retry
            </Button>
          }
        >
          <p>{datasets.error.message}</p>
          <p>Check that the Weir server is running, then retry.</p>
        </Alert>
      </>
    );
  }
  if (datasets.data.items.length === 0) {
    return (
      <>
        {header}
        <NoDatasets />
      </>
    );
  }
  return <Console header={header} datasets={datasets.data.items} />;
}

function Console({ header, datasets }: { header: ReactNode; datasets: ReadDataset[] }) {
  const searchParams = useSearchParams();
  const view = useMemo(() => readView(new URLSearchParams(searchParams.toString())), [searchParams]);
  const viewRef = useRef(view);
  viewRef.current = view;
  const trpc = useTRPC();
  const trpcClient = useTRPCClient();
  const editorRef = useRef<QueryEditorHandle>(null);
  const ids = { dataset: useId(), queryHelp: useId(), queryError: useId(), logsTab: useId(), patternsTab: useId(), panel: useId() };

  const dataset = view.dataset ? datasets.find((candidate) => candidate.name === view.dataset) : datasets[0];

  /** The URL is the view's state: pushing a new one records a step in the history, so Back undoes it. */
  const navigate = useCallback((changes: Partial<ConsoleView>, mode: 'push' | 'replace' = 'push') => {
    const next = { ...viewRef.current, ...changes };
    const url = `${window.location.pathname}${viewSearch(next)}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, []);

  // A link without a dataset opens the first one; say so in the URL, so the link can be shared as is.
  useEffect(() => {
    if (!view.dataset && datasets[0]) navigate({ dataset: datasets[0].name }, 'replace');
  }, [view.dataset, datasets, navigate]);

  const [draft, setDraft] = useState(view.query);
  useEffect(() => setDraft(view.query), [view.query]);
  const parsedDraft = useMemo(() => parseQuery(draft), [draft]);
  const [showSyntax, setShowSyntax] = useState(false);
  // While typing, the error message waits for a pause: half a clause is not a mistake yet.
  const [settledDraft, setSettledDraft] = useState(draft);
  useEffect(() => {
    const timer = setTimeout(() => setSettledDraft(draft), 800);
    return () => clearTimeout(timer);
  }, [draft]);

  // "/" jumps to the query from anywhere on the page, as in most log explorers.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      event.preventDefault();
      editorRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const sync = useSyncQuery();
  const [active, setActive] = useState<ActiveRun>();
  const [nonce, setNonce] = useState(0);
  const timeoutRef = useRef(DEFAULT_TIMEOUT_SECONDS);
  const runIdRef = useRef(0);
  const [announcement, setAnnouncement] = useState('');

  // Every change of dataset, query or range (and every Run) starts a new run.
  useEffect(() => {
    if (!dataset) return;
    if (!parseQuery(view.query).ok) {
      sync.clear();
      setActive(undefined);
      setShowSyntax(true);
      return;
    }
    const { start, end } = resolveRange(view.range);
    const spec: ActiveRun = {
      runId: ++runIdRef.current,
      datasetId: dataset.id,
      query: view.query,
      start,
      end,
      limit: ROW_LIMIT,
      timeoutSeconds: timeoutRef.current,
    };
    timeoutRef.current = DEFAULT_TIMEOUT_SECONDS;
    setActive(spec);
    sync.run(spec);
    // sync's functions are stable; the run depends on these inputs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dataset?.id, view.query, view.range.from, view.range.to, nonce]);

  const running = sync.state.status === 'running';
  const loaded = sync.rows.length;
  const fromServer = loaded - sync.prepended;

  // Announce the outcome once, not every row.
  useEffect(() => {
    const { status, message } = sync.state;
    if (status === 'running') setAnnouncement('Query running');
    else if (status === 'finished') setAnnouncement(`Query finished: ${formatCount(fromServer)} events`);
    else if (status === 'cancelled') setAnnouncement(`Query cancelled after ${formatCount(fromServer)} events`);
    else if (status === 'timed-out') setAnnouncement(`Query stopped at its time cap after ${formatCount(fromServer)} events`);
    else if (status === 'failed') setAnnouncement(`Query failed: ${message ?? ''}`);
    // Only on status changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sync.state.status]);

  const submit = () => {
    if (!parsedDraft.ok) {
      setShowSyntax(true);
      editorRef.current?.focus(parsedDraft.error.position);
      setAnnouncement(`The query has a syntax error: ${parsedDraft.error.message}`);
      return;
    }
    setShowSyntax(false);
    if (draft !== view.query) navigate({ query: draft });
    else setNonce((n) => n + 1);
  };

  const setQuery = useCallback(
    (query: string) => {
      setDraft(query);
      navigate({ query });
    },
    [navigate],
  );

  const draftRef = useRef(draft);
  draftRef.current = draft;
  const onFilter = useCallback(
    (field: string, value: string, exclude: boolean) => setQuery(addFilter(draftRef.current, field, value, exclude)),
    [setQuery],
  );

  // ---- aggregates over the whole result, from the server --------------------------------------------

  const scope = active
    ? { datasetId: active.datasetId, start: new Date(active.start).toISOString(), end: new Date(active.end).toISOString(), query: active.query }
    : undefined;
  const facetFields = useMemo(() => [...DEFAULT_FACETS, ...view.facets], [view.facets]);

  const histogram = useQuery({
    queryKey: ['query-console', 'histogram', active?.runId, scope],
    queryFn: ({ signal }) => trpcClient.query.histogram.query({ ...scope!, buckets: 60 }, { signal }),
    enabled: scope !== undefined,
    staleTime: Infinity,
    retry: false,
  });
  const facets = useQuery({
    queryKey: ['query-console', 'facets', active?.runId, scope, facetFields],
    queryFn: ({ signal }) => trpcClient.query.facets.query({ ...scope!, fields: facetFields }, { signal }),
    enabled: scope !== undefined,
    staleTime: Infinity,
    retry: false,
  });
  const serverSuggestions = useQuery({
    ...trpc.query.fieldSuggestions.queryOptions({ datasetId: dataset?.id ?? '' }),
    enabled: dataset !== undefined,
    staleTime: 60_000,
    retry: false,
  });
  const patternsWanted = view.tab === 'patterns' && scope !== undefined;
  const patterns = useQuery({
    queryKey: ['query-console', 'patterns', active?.runId, scope],
    queryFn: ({ signal }) => trpcClient.query.patterns.query(scope!, { signal }),
    enabled: patternsWanted,
    staleTime: Infinity,
    retry: false,
  });

  // ---- fallbacks over the loaded rows ------------------------------------------------------------------

  const rowsSettled = !running;
  const rowsKey = `${active?.runId}:${rowsSettled ? loaded : Math.floor(loaded / 500)}`;
  const localHistogram = useMemo(
    () => (active && histogram.isError ? bucketsFromRows(sync.rows.map((row) => row.eventTimestamp), active) : undefined),
    // Recomputed as rows arrive, at most every 500 rows while running.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [histogram.isError, rowsKey, active],
  );
  const histogramData = histogram.data ?? localHistogram;

  const localFacets = useMemo(() => {
    if (!facets.isError) return undefined;
    return localFacetCounts(sync.rows, facetFields);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [facets.isError, rowsKey, facetFields]);
  const facetValues = useMemo(() => {
    const map = new Map<string, FacetValue[]>();
    if (facets.data) for (const field of facets.data.fields) map.set(field.field, field.values);
    else if (localFacets) for (const [field, values] of localFacets) map.set(field, values);
    return map;
  }, [facets.data, localFacets]);


  const suggestions: FieldSuggestions = useMemo(() => {
    const fromRows = suggestionsFromEvents(sync.rows);
    return mergeSuggestions(serverSuggestions.data ?? NO_SUGGESTIONS, fromRows);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverSuggestions.data, active?.runId, rowsSettled]);

  // ---- live tail -----------------------------------------------------------------------------------

  const [live, setLive] = useState(false);
  const [paused, setPaused] = useState(false);
  const [liveError, setLiveError] = useState<string>();
  const waitingRef = useRef<LogEvent[]>([]);
  const [waiting, setWaiting] = useState(0);
  const [newAbove, setNewAbove] = useState(0);
  const atTopRef = useRef(true);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;
  const [scrollToTop, setScrollToTop] = useState(0);

  const tailInput = { datasetId: dataset?.id ?? '', query: view.query };
  useSubscription(
    trpc.query.tail.subscriptionOptions(tailInput, {
      enabled: live && dataset !== undefined && parseQuery(view.query).ok,
      onStarted: () => setLiveError(undefined),
      onData: (batch) => {
        if (pausedRef.current) {
          waitingRef.current.push(...batch);
          setWaiting(waitingRef.current.length);
          return;
        }
        const added = sync.prepend(batch);
        if (!atTopRef.current) setNewAbove((n) => n + added);
      },
      onError: (error) => {
        setLiveError(isMissingProcedure(error) ? 'This Weir server has no live tail.' : error.message);
        setLive(false);
      },
    }),
  );

  useEffect(() => {
    if (!live) {
      waitingRef.current = [];
      setWaiting(0);
      setPaused(false);
      setNewAbove(0);
    }
  }, [live]);

  const toggleLive = () => {
    if (live) return setLive(false);
    setLiveError(undefined);
    // The tail follows the newest events: an absolute range that ends in the past would hide them.
    if (!isRelative(view.range)) navigate({ range: { from: 'now-15m', to: 'now' } });
    setLive(true);
  };
  const resume = () => {
    const batch = waitingRef.current;
    waitingRef.current = [];
    setWaiting(0);
    setPaused(false);
    const added = sync.prepend(batch);
    if (!atTopRef.current) setNewAbove((n) => n + added);
  };
  const onAtTopChange = useCallback((atTop: boolean) => {
    atTopRef.current = atTop;
    if (atTop) setNewAbove(0);
  }, []);

  // ---- render -----------------------------------------------------------------------------------------

  const range = active ?? resolveRange(view.range);
  const setRange = (next: TimeRange) => navigate({ range: next });
  const setTab = (tab: ConsoleTab) => navigate({ tab }, 'replace');
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    event.preventDefault();
    const next: ConsoleTab = view.tab === 'logs' ? 'patterns' : 'logs';
    setTab(next);
    document.getElementById(next === 'logs' ? ids.logsTab : ids.patternsTab)?.focus();
  };

  const syntaxError = !parsedDraft.ok && (showSyntax || (draft === settledDraft && draft !== view.query)) ? parsedDraft.error : undefined;
  const elapsed = (sync.state.endedAt ?? 0) - sync.state.startedAt;
  const total = histogram.data?.total;
  const limitReached = sync.state.status === 'finished' && sync.state.received >= ROW_LIMIT;
  /** The next page: events older than the oldest row shown (the same millisecond again, as ids weed out repeats). */
  const loadMore = () => {
    const oldest = sync.rows.at(-1);
    if (!active || !oldest) return;
    sync.run({ ...active, end: Math.min(active.end, oldest.eventTimestamp + 1) }, { append: true });
  };

  return (
    <div className="qc">
      {header}
      <div className="qc-bar" role="search" aria-label="Log search">
        <div className="qc-control qc-control-dataset">
          <label htmlFor={ids.dataset} className="qc-label">
            Dataset
          </label>
          <select
            id={ids.dataset}
            className="qc-select"
            value={dataset?.name ?? ''}
            onChange={(event) => navigate({ dataset: event.target.value })}
          >
            {!dataset ? <option value="">Choose a dataset</option> : null}
            {datasets.map((candidate) => (
              <option key={candidate.id} value={candidate.name}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
        <div className="qc-control qc-control-query">
          <span className="qc-label" aria-hidden="true">
            Query
          </span>
          <QueryEditor
            handle={editorRef}
            value={draft}
            onChange={setDraft}
            onSubmit={submit}
            suggestions={suggestions}
            label="Query"
            invalid={syntaxError !== undefined}
            describedBy={syntaxError ? ids.queryError : ids.queryHelp}
          />
        </div>
        <div className="qc-control qc-control-range">
          <span className="qc-label" aria-hidden="true">
            Time range
          </span>
          <TimeRangePicker range={view.range} onChange={setRange} />
        </div>
        <div className="qc-control qc-control-run">
          {running ? (
            <Button variant="danger" onClick={sync.cancel}>
              Cancel
            </Button>
          ) : (
            <Button variant="primary" onClick={() => submit()}>
              Run
            </Button>
          )}
        </div>
      </div>
      {syntaxError ? (
        <div id={ids.queryError} className="qc-syntax-error">
          <p>
            <strong>Syntax error at column {syntaxError.position + 1}:</strong> {syntaxError.message.replace(/ at \d+$/, '')}
          </p>
          <pre className="qc-syntax-pointer" aria-hidden="true">
            {draft}
            {'\n'}
            {' '.repeat(syntaxError.position)}^
          </pre>
        </div>
      ) : (
        <p id={ids.queryHelp} className="qc-help">
          <kbd>/</kbd> jumps here · <kbd>Enter</kbd> runs the query · <kbd>Ctrl</kbd>+<kbd>Space</kbd> suggests fields and values · e.g.{' '}
          <code>service:checkout -status:info</code>
        </p>
      )}

      {view.dataset && !dataset ? (
        <Alert title={`There is no dataset named "${view.dataset}".`}>
          <p>It may have been renamed or deleted. Choose another dataset above.</p>
        </Alert>
      ) : null}

      <div className="qc-layout">
        <FacetsPanel
          fields={facetFields}
          values={facetValues}
          loading={facets.isFetching}
          note={
            facets.data
              ? total !== undefined
                ? `Counts over all ${formatCount(total)} matching events`
                : 'Counts over all matching events'
              : localFacets
                ? `Counts over the ${formatCount(loaded)} loaded events`
                : undefined
          }
          error={facets.isError && !isMissingProcedure(facets.error) ? `The server couldn't count facets (${errorText(facets.error)}); showing the loaded events.` : undefined}
          query={view.query}
          attributePaths={suggestions.attributePaths}
          onInclude={(field, value) => onFilter(field, value, false)}
          onExclude={(field, value) => onFilter(field, value, true)}
          onClear={(field, value) => setQuery(removeFilter(draftRef.current, field, value))}
          onAddFacet={(field) => navigate({ facets: [...view.facets, field] }, 'replace')}
          onRemoveFacet={(field) => navigate({ facets: view.facets.filter((facet) => facet !== field) }, 'replace')}
        />
        <div className="qc-results">
          {histogramData ? (
            <Histogram
              buckets={histogramData.buckets}
              bucketMs={histogramData.bucketMs}
              range={range}
              total={histogramData.total}
              loading={histogram.isFetching}
              note={histogram.data ? undefined : `of the ${formatCount(loaded)} loaded events`}
              onZoom={(start, end) => navigate({ range: { from: new Date(start).toISOString(), to: new Date(end).toISOString() } })}
            />
          ) : (
            <div className="qc-histogram qc-histogram-placeholder" aria-busy={histogram.isFetching || undefined}>
              {histogram.isFetching ? <Spinner label="Counting events over time…" /> : <span className="muted">The histogram appears when a query runs.</span>}
            </div>
          )}

          <div className="qc-results-bar">
            <div role="tablist" aria-label="Results" className="qc-tabs">
              <button
                id={ids.logsTab}
                type="button"
                role="tab"
                aria-selected={view.tab === 'logs'}
                aria-controls={ids.panel}
                tabIndex={view.tab === 'logs' ? 0 : -1}
                className="qc-tab"
                onClick={() => setTab('logs')}
                onKeyDown={onTabKey}
              >
                Logs
              </button>
              <button
                id={ids.patternsTab}
                type="button"
                role="tab"
                aria-selected={view.tab === 'patterns'}
                aria-controls={ids.panel}
                tabIndex={view.tab === 'patterns' ? 0 : -1}
                className="qc-tab"
                onClick={() => setTab('patterns')}
                onKeyDown={onTabKey}
              >
                Patterns
              </button>
            </div>
            <RunStatus
              status={sync.state.status}
              count={fromServer}
              elapsed={elapsed}
              startedAt={sync.state.startedAt}
              total={total}
              limit={ROW_LIMIT}
            />
            <div className="qc-live">
              {live && newAbove > 0 ? (
                <Button size="sm" onClick={() => setScrollToTop((n) => n + 1)}>
                  ↑ {formatCount(newAbove)} new
                </Button>
              ) : null}
              {live ? (
                paused ? (
                  <Button size="sm" onClick={resume}>
                    Resume{waiting > 0 ? ` (${formatCount(waiting)} new)` : ''}
                  </Button>
                ) : (
                  <Button size="sm" onClick={() => setPaused(true)}>
                    Pause
                  </Button>
                )
              ) : null}
              <button type="button" className={`qc-live-toggle${live ? ' is-on' : ''}`} aria-pressed={live} onClick={toggleLive} disabled={!dataset}>
                <span className={`qc-live-dot${live && !paused ? ' is-live' : ''}`} aria-hidden="true" />
                Live tail
              </button>
            </div>
          </div>

          {liveError ? (
            <Alert tone="warning" title="Live tail stopped.">
              <p>{liveError}</p>
            </Alert>
          ) : null}
          <RunAlerts
            state={sync.state}
            count={fromServer}
            onRunLonger={() => {
              timeoutRef.current = LONG_TIMEOUT_SECONDS;
              setNonce((n) => n + 1);
            }}
            onFocusQuery={(position) => editorRef.current?.focus(position)}
          />

          <div
            id={ids.panel}
            role="tabpanel"
            aria-labelledby={view.tab === 'logs' ? ids.logsTab : ids.patternsTab}
            className="qc-panel"
          >
            {view.tab === 'logs' ? (
              <ResultsTable
                rows={sync.rows}
                version={sync.version}
                withDate={!isToday(range.start) || !isToday(range.end - 1)}
                prepended={sync.prepended}
                onFilter={onFilter}
                onAtTopChange={onAtTopChange}
                scrollToTopSignal={scrollToTop}
                empty={
                  running ? (
                    <Spinner label="Searching…" />
                  ) : sync.state.status === 'idle' ? (
                    <p className="muted">{parsedDraft.ok ? 'Run a query to see events.' : 'Fix the query, then run it.'}</p>
                  ) : sync.state.status === 'failed' ? (
                    <p className="muted">No events: the query failed.</p>
                  ) : sync.state.status === 'cancelled' ? (
                    <div className="qc-no-results">
                      <p>The query was cancelled before any events arrived.</p>
                      <Button size="sm" onClick={() => submit()}>
                        Run it again
                      </Button>
                    </div>
                  ) : (
                    <NoResults
                      datasetName={dataset?.name ?? ''}
                      query={view.query}
                      range={view.range}
                      onWiden={() => navigate({ range: WIDEST_RANGE })}
                      onClear={() => setQuery('')}
                    />
                  )
                }
                footer={
                  limitReached ? (
                    <div className="qc-more">
                      <span>
                        Showing the newest {formatCount(fromServer)}
                        {total !== undefined && total > fromServer ? ` of ${formatCount(total)}` : ''} matching events.
                      </span>
                      {total === undefined || total > fromServer ? (
                        <Button size="sm" onClick={loadMore}>
                          Load {formatCount(ROW_LIMIT)} more
                        </Button>
                      ) : null}
                    </div>
                  ) : undefined
                }
              />
            ) : (
              <PatternsPanel
                patterns={patterns.data?.patterns}
                loading={patterns.isFetching}
                error={
                  patterns.isError
                    ? isMissingProcedure(patterns.error)
                      ? 'This Weir server cannot group results into patterns yet.'
                      : errorText(patterns.error)
                    : undefined
                }
                note={
                  patterns.data
                    ? total !== undefined && patterns.data.scanned < total
                      ? `The newest ${formatCount(patterns.data.scanned)} of ${formatCount(total)} matching events, grouped the way a log reducer with default settings would group them.`
                      : `All ${formatCount(patterns.data.scanned)} matching events, grouped the way a log reducer with default settings would group them.`
                    : undefined
                }
                onShow={(pattern) => setQuery(appendClause(draftRef.current, patternQuery(pattern.pattern)))}
                onExclude={(pattern) => setQuery(appendClause(draftRef.current, `-${patternQuery(pattern.pattern)}`))}
              />
            )}
          </div>
        </div>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

function appendClause(query: string, clause: string): string {
  const trimmed = query.trim();
  if (trimmed === '' || trimmed === '*') return clause;
  const parsed = parseQuery(trimmed);
  return `${parsed.ok && parsed.ast.kind === 'or' ? `(${trimmed})` : trimmed} ${clause}`;
}

function localFacetCounts(rows: readonly LogEvent[], fields: readonly string[]): Map<string, FacetValue[]> {
  const counts = new Map<string, Map<string, number>>(fields.map((field) => [field, new Map()]));
  const bump = (field: string, value: string) => {
    const map = counts.get(field)!;
    map.set(value, (map.get(value) ?? 0) + 1);
  };
  for (const row of rows) {
    for (const field of fields) {
      if (field === 'status') bump(field, severityStatus(row.severity));
      else if (field.startsWith('@')) {
        const value = attributeAt(row.attributes, field.slice(1));
        if (value !== undefined && value !== null && typeof value !== 'object') bump(field, String(value));
      } else for (const value of new Set(row.tags[field] ?? [])) bump(field, value);
    }
  }
  const result = new Map<string, FacetValue[]>();
  for (const [field, map] of counts) {
    result.set(
      field,
      [...map]
        .map(([value, count]) => ({ value, count }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 10),
    );
  }
  return result;
}


function attributeAt(attributes: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(attributes, path)) return attributes[path];
  let current: unknown = attributes;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function RunStatus({ status, count, elapsed, startedAt, total, limit }: {
  status: string;
  count: number;
  elapsed: number;
  startedAt: number;
  total: number | undefined;
  limit: number;
}) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (status !== 'running') return;
    const timer = setInterval(() => setNow(performance.now()), 200);
    return () => clearInterval(timer);
  }, [status]);
  if (status === 'idle') return <div className="qc-run-status" />;
  const expected = total !== undefined ? Math.min(total, limit) : undefined;
  const events = `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`;
  return (
    <div className="qc-run-status">
      {status === 'running' ? (
        <>
          <progress
            className="qc-progress"
            aria-label="Query progress"
            {...(expected ? { value: Math.min(count, expected), max: expected } : {})}
          />
          <span className="qc-run-text">
            Streaming… <strong className="qc-run-count">{events}</strong> · {formatDuration(Math.max(0, now - startedAt))}
          </span>
        </>
      ) : status === 'finished' ? (
        <span className="qc-run-text">
          {total !== undefined && total > count ? (
            <>
              <strong className="qc-run-count">{formatCount(count)}</strong> of {formatCount(total)} events
            </>
          ) : (
            <strong className="qc-run-count">{events}</strong>
          )}{' '}
          in {formatDuration(elapsed)}
        </span>
      ) : status === 'cancelled' ? (
        <span className="qc-run-text">
          Cancelled after <strong className="qc-run-count">{events}</strong>
        </span>
      ) : status === 'timed-out' ? (
        <span className="qc-run-text">
          Stopped at the time cap after <strong className="qc-run-count">{events}</strong>
        </span>
      ) : (
        <span className="qc-run-text qc-run-failed">Failed</span>
      )}
    </div>
  );
}

const formatCap = (seconds: number) => (seconds < 60 || seconds % 60 !== 0 ? `${seconds} s` : `${seconds / 60} min`);

function RunAlerts({ state, count, onRunLonger, onFocusQuery }: {
  state: ReturnType<typeof useSyncQuery>['state'];
  count: number;
  onRunLonger: () => void;
  onFocusQuery: (position: number) => void;
}) {
  if (state.status === 'timed-out') {
    const cap = state.spec?.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    return (
      <Alert
        tone="warning"
        title={`The query stopped at its ${formatCap(cap)} time cap.`}
        actions={
          cap < LONG_TIMEOUT_SECONDS ? (
            <Button size="sm" onClick={onRunLonger}>
              Run with a {formatCap(LONG_TIMEOUT_SECONDS)} cap
            </Button>
          ) : undefined
        }
      >
        <p>
          These are the {formatCount(count)} newest matching events found in time. To search less data: pick a shorter time
          range (drag across the histogram to zoom in), add a filter such as <code>service:…</code> or <code>status:error</code>, or
          use a more specific search term.
        </p>
      </Alert>
    );
  }
  if (state.status === 'failed') {
    const queryProblem = state.problems.find((problem) => /query/.test(problem.path));
    const position = queryProblem ? /at (\d+)$/.exec(queryProblem.message)?.[1] : undefined;
    return (
      <Alert
        title="The query failed."
        actions={
          position !== undefined ? (
            <Button size="sm" onClick={() => onFocusQuery(Number(position))}>
              Show in the query
            </Button>
          ) : undefined
        }
      >
        <p>{state.message}</p>
        {state.problems.length > 0 ? (
          <ul className="qc-problems">
            {state.problems.map((problem) => (
              <li key={`${problem.path}:${problem.message}`}>
                <code>{problem.path}</code> {problem.message}
              </li>
            ))}
          </ul>
        ) : null}
      </Alert>
    );
  }
  return null;
}

function NoResults({ datasetName, query, range, onWiden, onClear }: {
  datasetName: string;
  query: string;
  range: TimeRange;
  onWiden: () => void;
  onClear: () => void;
}) {
  const widest = range.from === WIDEST_RANGE.from && range.to === WIDEST_RANGE.to;
  return (
    <div className="qc-no-results">
      <h3 className="qc-no-results-title">No matching events</h3>
      <p>
        Nothing in <strong>{datasetName}</strong> matches <code>{query.trim() === '' ? '*' : query}</code>{' '}
        {isRelative(range) ? `in the ${describeRange(range).replace(/^Last/, 'last')}` : `from ${describeRange(range)}`}.
      </p>
      <p className="muted">
        {widest ? 'Try a broader query' : 'Try a wider time range'}
        {query && !widest ? ' or a broader query' : ''}. If you expected events here, check that a running pipeline writes into{' '}
        {datasetName} with a <code>logs-iceberg-table-sink</code>.
      </p>
      <div className="qc-no-results-actions">
        {!widest ? (
          <Button size="sm" onClick={onWiden}>
            Search the last 7 days
          </Button>
        ) : null}
        {query ? (
          <Button size="sm" onClick={onClear}>
            Clear the query
          </Button>
        ) : null}
      </div>
    </div>
  );
}

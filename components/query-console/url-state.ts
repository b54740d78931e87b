import { DEFAULT_RANGE, isValidRange, type TimeRange } from './time-range';

export type ConsoleTab = 'logs' | 'patterns';

/** Everything a shared link reproduces: `/query?dataset=raw_logs&query=service:web&from=now-1h&to=now&tab=logs`. */
export interface ConsoleView {
  /** Dataset name; unset means "the first dataset". */
  dataset: string | undefined;
  query: string;
  range: TimeRange;
  tab: ConsoleTab;
  /** Attribute facets the user added to the sidebar, as `@path`. */
  facets: string[];
}

const MAX_EXTRA_FACETS = 12;

export function readView(params: URLSearchParams): ConsoleView {
  const from = params.get('from');
  const to = params.get('to');
  const range = from && to && isValidRange({ from, to }) ? { from, to } : DEFAULT_RANGE;
  const facets = (params.get('facets') ?? '')
    .split(',')
    .map((facet) => facet.trim())
    .filter((facet) => /^@[^\s,]+$/.test(facet));
  return {
    dataset: params.get('dataset') || undefined,
    query: params.get('query') ?? '',
    range,
    tab: params.get('tab') === 'patterns' ? 'patterns' : 'logs',
    facets: [...new Set(facets)].slice(0, MAX_EXTRA_FACETS),
  };
}

export function viewSearch(view: ConsoleView): string {
  const params = new URLSearchParams();
  if (view.dataset) params.set('dataset', view.dataset);
  if (view.query) params.set('query', view.query);
  params.set('from', view.range.from);
  params.set('to', view.range.to);
  if (view.tab !== 'logs') params.set('tab', view.tab);
  if (view.facets.length > 0) params.set('facets', view.facets.join(','));
  return `?${params.toString()}`;
}

/**
 * Time ranges as the URL spells them: Grafana's `now-15m` … `now` for relative ones, ISO-8601 instants for
 * absolute ones. A relative range is resolved to instants each time a query runs.
 */

export interface TimeRange {
  from: string;
  to: string;
}

export interface ResolvedRange {
  start: number;
  end: number;
}

export interface RangePreset {
  /** `15m`, as in `now-15m`. */
  span: string;
  label: string;
  short: string;
}

export const RANGE_PRESETS: readonly RangePreset[] = [
  { span: '15m', label: 'Last 15 minutes', short: '15m' },
  { span: '1h', label: 'Last 1 hour', short: '1h' },
  { span: '4h', label: 'Last 4 hours', short: '4h' },
  { span: '1d', label: 'Last 1 day', short: '1d' },
  { span: '7d', label: 'Last 7 days', short: '7d' },
];

export const DEFAULT_RANGE: TimeRange = { from: 'now-15m', to: 'now' };
/** The widest preset, offered when a query finds nothing. */
export const WIDEST_RANGE: TimeRange = { from: 'now-7d', to: 'now' };

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const RELATIVE = /^now(?:-(\d{1,6})([smhdw]))?$/;

/** Milliseconds of `now-<n><unit>`, 0 for `now`, or undefined when the text is not relative. */
function relativeOffset(text: string): number | undefined {
  const match = RELATIVE.exec(text);
  if (!match) return undefined;
  return match[1] ? Number(match[1]) * UNIT_MS[match[2]] : 0;
}

function instant(text: string, now: number): number | undefined {
  const offset = relativeOffset(text);
  if (offset !== undefined) return now - offset;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

export function isValidRange(range: TimeRange): boolean {
  const now = Date.now();
  const start = instant(range.from, now);
  const end = instant(range.to, now);
  return start !== undefined && end !== undefined && start < end;
}

export function isRelative(range: TimeRange): boolean {
  return relativeOffset(range.from) !== undefined && range.to === 'now';
}

/** The range in epoch milliseconds at `now`; an unreadable range falls back to the default. */
export function resolveRange(range: TimeRange, now = Date.now()): ResolvedRange {
  const start = instant(range.from, now);
  const end = instant(range.to, now);
  if (start === undefined || end === undefined || start >= end) return resolveRange(DEFAULT_RANGE, now);
  return { start, end };
}

export function absoluteRange(start: number, end: number): TimeRange {
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

const dateTime = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "Last 15 minutes", or "Nov 23, 21:00 – Nov 23, 21:30" for an absolute range. */
export function describeRange(range: TimeRange): string {
  const preset = RANGE_PRESETS.find((candidate) => range.from === `now-${candidate.span}` && range.to === 'now');
  if (preset) return preset.label;
  const offset = relativeOffset(range.from);
  if (offset !== undefined && range.to === 'now') return `Last ${range.from.slice(4)}`;
  const { start, end } = resolveRange(range);
  const format = end - start < 3_600_000 ? dateTimeSeconds : dateTime;
  return `${format.format(start)} – ${format.format(end)}`;
}

/** Shorter text for a span, used in the "no results" suggestion: "15 minutes", "7 days". */
export function describeSpan(ms: number): string {
  const units: Array<[string, number]> = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1_000],
  ];
  for (const [unit, size] of units) {
    if (ms >= size) {
      const n = Math.round(ms / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}

/** Value for `<input type="datetime-local">`, in local time to the second. */
export function toLocalInputValue(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Epoch milliseconds of a `datetime-local` value (local time), or undefined when incomplete. */
export function fromLocalInputValue(value: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : ms;
}

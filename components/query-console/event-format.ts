import { severityName, severityToStatus } from '@/server/ingest/severity';
import type { BadgeTone } from '@/components/ui/badge';
import type { LogEvent } from '@/server/model/log-event';

export { severityName, severityToStatus };

export function statusTone(status: string): BadgeTone {
  switch (status) {
    case 'trace':
    case 'debug':
      return 'neutral';
    case 'info':
    case 'notice':
      return 'info';
    case 'warn':
      return 'warning';
    default:
      return 'danger';
  }
}

export function firstTag(event: LogEvent, key: string): string {
  return event.tags[key]?.[0] ?? '';
}

const rowTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

const rowClock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

/** "21:47:21.020", with the date in front when the rows may span days. */
export function formatRowTime(ms: number, withDate: boolean): string {
  return withDate ? rowTime.format(ms) : rowClock.format(ms);
}

export function isToday(ms: number): boolean {
  const day = new Date(ms);
  const today = new Date();
  return day.getFullYear() === today.getFullYear() && day.getMonth() === today.getMonth() && day.getDate() === today.getDate();
}

export const formatCount = (n: number) => n.toLocaleString();

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

'use client';

import { useNow } from '@/components/ui/use-now';

const absoluteFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatRelative(then: Date, now: number): string {
  const seconds = Math.round((now - then.getTime()) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 30) return `${days} d ago`;
  return then.toLocaleDateString();
}

/** "12 s ago", with the exact time in the tooltip and the machine-readable time in `dateTime`. */
export function RelativeTime({ iso }: { iso: string }) {
  const now = useNow();
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return <span>{iso}</span>;
  return (
    <time dateTime={iso} title={absoluteFormat.format(then)}>
      {formatRelative(then, now)}
    </time>
  );
}

'use client';

import { useEffect, useId, useRef, useState, type PointerEvent } from 'react';
import { formatCount } from './event-format';
import { describeSpan } from './time-range';

export interface HistogramBucket {
  start: number;
  count: number;
}

export interface HistogramProps {
  buckets: readonly HistogramBucket[];
  bucketMs: number;
  range: { start: number; end: number };
  total: number;
  /** What the counts cover, said under the chart: all matching events, or only the rows loaded. */
  note?: string;
  loading?: boolean;
  onZoom: (start: number, end: number) => void;
}

const HEIGHT = 104;
const PAD = { left: 44, right: 8, top: 8, bottom: 20 };
const TICK_STEPS = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);
const MIN_DRAG_PX = 5;

const hhmmss = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const hhmm = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

function tickLabel(ms: number, step: number): string {
  if (step >= 86_400_000) return dayLabel.format(ms);
  const date = new Date(ms);
  if (date.getHours() === 0 && date.getMinutes() === 0 && date.getSeconds() === 0) return dayLabel.format(ms);
  return step < 60_000 ? hhmmss.format(ms) : hhmm.format(ms);
}

function ticksFor(start: number, end: number, width: number): { step: number; ticks: number[] } {
  const wanted = Math.max(2, Math.floor(width / 110));
  const step = TICK_STEPS.find((candidate) => (end - start) / candidate <= wanted) ?? TICK_STEPS[TICK_STEPS.length - 1];
  // Align to local clock time: whole minutes, hours and days where the viewer is.
  const offset = new Date(start).getTimezoneOffset() * 60_000;
  const first = Math.ceil((start - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= end; t += step) ticks.push(t);
  return { step, ticks };
}

function niceMax(max: number): number {
  if (max <= 5) return Math.max(1, max);
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * magnitude >= max) return factor * magnitude;
  return 10 * magnitude;
}

export function Histogram({ buckets, bucketMs, range, total, note, loading, onZoom }: HistogramProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const captionId = useId();
  const summaryId = useId();

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const plotWidth = Math.max(0, width - PAD.left - PAD.right);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  // The axis spans whole buckets, so the first and last bars are as wide as the others.
  const domain = {
    start: Math.min(range.start, buckets[0]?.start ?? range.start),
    end: Math.max(range.end, (buckets.at(-1)?.start ?? range.end) + bucketMs),
  };
  const span = Math.max(1, domain.end - domain.start);
  const x = (ms: number) => PAD.left + ((ms - domain.start) / span) * plotWidth;
  const toTime = (px: number) => domain.start + ((Math.min(Math.max(px, PAD.left), PAD.left + plotWidth) - PAD.left) / Math.max(1, plotWidth)) * span;
  const max = niceMax(buckets.reduce((most, bucket) => Math.max(most, bucket.count), 0));
  const y = (count: number) => PAD.top + plotHeight - (count / max) * plotHeight;
  const { step, ticks } = ticksFor(domain.start, domain.end, plotWidth);

  const localX = (event: PointerEvent<SVGSVGElement>) => event.clientX - event.currentTarget.getBoundingClientRect().left;
  const bucketAt = (px: number) => {
    const time = toTime(px);
    const index = buckets.findIndex((bucket) => time >= bucket.start && time < bucket.start + bucketMs);
    return index >= 0 ? index : null;
  };

  const onPointerDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const at = localX(event);
    setDrag({ from: at, to: at });
  };
  const onPointerMove = (event: PointerEvent<SVGSVGElement>) => {
    const at = localX(event);
    if (drag) setDrag({ ...drag, to: at });
    setHover(bucketAt(at));
  };
  const onPointerUp = (event: PointerEvent<SVGSVGElement>) => {
    if (!drag) return;
    const at = localX(event);
    setDrag(null);
    const left = Math.min(drag.from, at);
    const right = Math.max(drag.from, at);
    if (right - left >= MIN_DRAG_PX) {
      const start = Math.max(range.start, Math.floor(toTime(left)));
      const end = Math.min(range.end, Math.ceil(toTime(right)));
      if (end > start) onZoom(start, end);
    } else {
      // A click on a bar zooms to that bar.
      const index = bucketAt(at);
      if (index !== null && buckets[index].count > 0) onZoom(Math.max(range.start, buckets[index].start), Math.min(buckets[index].start + bucketMs, range.end));
    }
  };

  const hovered = hover !== null ? buckets[hover] : undefined;
  const busiest = buckets.reduce<HistogramBucket | undefined>((best, bucket) => (!best || bucket.count > best.count ? bucket : best), undefined);

  return (
    <figure className="qc-histogram" aria-labelledby={captionId} aria-describedby={summaryId} aria-busy={loading || undefined}>
      <figcaption className="qc-histogram-caption">
        <span id={captionId} className="qc-histogram-title">
          Events over time
        </span>
        <span className="qc-histogram-meta">
          {loading ? 'Counting…' : `${formatCount(total)} ${total === 1 ? 'event' : 'events'}`}
          {bucketMs > 0 ? ` · one bar per ${describeSpan(bucketMs)}` : ''}
          {note ? ` · ${note}` : ''}
        </span>
        <span className="qc-histogram-hint">Drag across the chart to zoom in</span>
      </figcaption>
      <p id={summaryId} className="visually-hidden">
        {`${formatCount(total)} matching events from ${full.format(range.start)} to ${full.format(range.end)}`}
        {busiest && busiest.count > 0 ? `; the busiest ${describeSpan(bucketMs)} starts at ${full.format(busiest.start)} with ${formatCount(busiest.count)}` : ''}
        . Drag across the chart, or use the time range picker, to zoom.
      </p>
      <div ref={containerRef} className="qc-histogram-plot">
        {width > 0 ? (
          <svg
            width={width}
            height={HEIGHT}
            aria-hidden="true"
            className={`qc-histogram-svg${loading ? ' is-loading' : ''}`}
            onPointerDown={onPointerDown}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerLeave={() => setHover(null)}
            onPointerCancel={() => setDrag(null)}
          >
            <line x1={PAD.left} x2={PAD.left + plotWidth} y1={y(0)} y2={y(0)} className="qc-axis" />
            <line x1={PAD.left} x2={PAD.left + plotWidth} y1={y(max)} y2={y(max)} className="qc-gridline" />
            <line x1={PAD.left} x2={PAD.left + plotWidth} y1={y(max / 2)} y2={y(max / 2)} className="qc-gridline" />
            <text x={PAD.left - 6} y={y(max) + 4} className="qc-axis-label" textAnchor="end">
              {formatCount(max)}
            </text>
            <text x={PAD.left - 6} y={y(0) + 4} className="qc-axis-label" textAnchor="end">
              0
            </text>
            {buckets.map((bucket, index) => {
              if (bucket.count === 0) return null;
              const left = Math.max(PAD.left, x(bucket.start));
              const right = Math.min(PAD.left + plotWidth, x(bucket.start + bucketMs));
              const barWidth = Math.max(1, right - left - (right - left > 3 ? 1 : 0));
              return (
                <rect
                  key={bucket.start}
                  className={`qc-bar${hover === index ? ' is-hovered' : ''}`}
                  x={left}
                  y={y(bucket.count)}
                  width={barWidth}
                  height={Math.max(1, y(0) - y(bucket.count))}
                  data-count={bucket.count}
                />
              );
            })}
            {ticks.map((tick) => (
              <g key={tick}>
                <line x1={x(tick)} x2={x(tick)} y1={y(0)} y2={y(0) + 4} className="qc-axis" />
                {/* Labels near either edge are anchored inward, so none is clipped. */}
                <text
                  x={x(tick)}
                  y={HEIGHT - 5}
                  className="qc-axis-label"
                  textAnchor={x(tick) > width - 30 ? 'end' : x(tick) < PAD.left + 20 ? 'start' : 'middle'}
                >
                  {tickLabel(tick, step)}
                </text>
              </g>
            ))}
            {drag && Math.abs(drag.to - drag.from) > 1 ? (
              <rect
                className="qc-brush"
                x={Math.max(PAD.left, Math.min(drag.from, drag.to))}
                y={PAD.top}
                width={Math.min(PAD.left + plotWidth, Math.max(drag.from, drag.to)) - Math.max(PAD.left, Math.min(drag.from, drag.to))}
                height={plotHeight}
              />
            ) : null}
          </svg>
        ) : null}
        {hovered && !drag ? (
          <div className="qc-histogram-tooltip" style={{ left: Math.min(Math.max(x(hovered.start), PAD.left), Math.max(PAD.left, width - 200)) }} aria-hidden="true">
            <strong>{formatCount(hovered.count)}</strong> {hovered.count === 1 ? 'event' : 'events'} · {full.format(hovered.start)}
          </div>
        ) : null}
      </div>
    </figure>
  );
}

/** Buckets over the loaded rows, for when the server cannot count (the note under the chart says so). */
export function bucketsFromRows(times: Iterable<number>, range: { start: number; end: number }, count = 60): { bucketMs: number; buckets: HistogramBucket[]; total: number } {
  const span = Math.max(1, range.end - range.start);
  const nice = [1, 5, 10, 15, 30, 60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400].map((s) => s * 1000);
  const bucketMs = nice.find((width) => width >= span / count) ?? Math.ceil(span / count / 86_400_000) * 86_400_000;
  const first = Math.floor(range.start / bucketMs) * bucketMs;
  const buckets: HistogramBucket[] = [];
  for (let start = first; start < range.end; start += bucketMs) buckets.push({ start, count: 0 });
  let total = 0;
  for (const time of times) {
    const index = Math.floor((time - first) / bucketMs);
    if (index >= 0 && index < buckets.length) {
      buckets[index].count++;
      total++;
    }
  }
  return { bucketMs, buckets, total };
}

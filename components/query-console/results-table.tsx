'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge';
import type { LogEvent } from '@/server/model/log-event';
import { EventDetails, type OnFilter } from './event-details';
import { firstTag, formatRowTime, severityToStatus, statusTone } from './event-format';

export const ROW_HEIGHT = 32;

export interface ResultsTableProps {
  rows: readonly LogEvent[];
  version: number;
  /** Rows the live tail added at the top so far; when it grows, the view keeps the user's place. */
  prepended: number;
  onFilter: OnFilter;
  /** Shown in place of the rows when there are none. */
  empty?: ReactNode;
  /** Shown after the last row (a "load more" button, a limit notice). */
  footer?: ReactNode;
  /** Read by the live tail: whether the user is looking at the newest rows. */
  onAtTopChange?: (atTop: boolean) => void;
  scrollToTopSignal?: number;
  /** Dates in the time column, for ranges that are not all today. */
  withDate: boolean;
}

const LogRow = memo(function LogRow({
  event,
  index,
  expanded,
  onToggle,
  onFilter,
  withDate,
}: {
  event: LogEvent;
  index: number;
  expanded: boolean;
  withDate: boolean;
  onToggle: (id: string) => void;
  onFilter: OnFilter;
}) {
  const status = severityToStatus(event.severity);
  const service = firstTag(event, 'service');
  const host = firstTag(event, 'host');
  const time = formatRowTime(event.eventTimestamp, withDate);
  const toggleFromRow = (clicked: MouseEvent<HTMLDivElement>) => {
    // Selecting text in a row, or using a control inside it, must not toggle it.
    if ((clicked.target as HTMLElement).closest('button, a, input')) return;
    if (window.getSelection()?.toString()) return;
    onToggle(event.id);
  };
  return (
    <>
      <div role="row" aria-rowindex={index + 2} className={`qc-row${expanded ? ' is-expanded' : ''}`} onClick={toggleFromRow}>
        <div role="cell" className="qc-cell qc-cell-toggle">
          <button
            type="button"
            className="qc-toggle"
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Hide' : 'Show'} details of the event at ${time}`}
            onClick={() => onToggle(event.id)}
          >
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          </button>
        </div>
        <div role="cell" className="qc-cell qc-cell-time" title={new Date(event.eventTimestamp).toISOString()}>
          {time}
        </div>
        <div role="cell" className="qc-cell qc-cell-status">
          <Badge tone={statusTone(status)}>{status.toUpperCase()}</Badge>
        </div>
        <div role="cell" className="qc-cell qc-cell-service" title={service}>
          {service}
        </div>
        <div role="cell" className="qc-cell qc-cell-host" title={host}>
          {host}
        </div>
        <div role="cell" className="qc-cell qc-cell-message">
          {event.message}
        </div>
      </div>
      {expanded ? (
        <div role="row" className="qc-row-details">
          <div role="cell" aria-colspan={6} className="qc-cell-details">
            <EventDetails event={event} onFilter={onFilter} />
          </div>
        </div>
      ) : null}
    </>
  );
});

export function ResultsTable({ rows, version, prepended, onFilter, empty, footer, onAtTopChange, scrollToTopSignal, withDate }: ResultsTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const footerRows = footer ? 1 : 0;

  const virtualizer = useVirtualizer({
    count: rows.length + footerRows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    getItemKey: (index) => (index < rows.length ? rows[index].id : '__footer'),
  });

  const toggle = useCallback((id: string) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  // Rows added above the viewport push the content down by their height: scroll by as much, so what the
  // user is reading stays where it is. At the very top, the newest rows simply appear.
  const seenPrepended = useRef(prepended);
  useLayoutEffect(() => {
    const added = prepended - seenPrepended.current;
    seenPrepended.current = prepended;
    const element = scrollRef.current;
    if (added <= 0 || !element || element.scrollTop <= 2) return;
    element.scrollTop += added * ROW_HEIGHT;
  }, [prepended, version]);

  useLayoutEffect(() => {
    if (scrollToTopSignal === undefined) return;
    scrollRef.current?.scrollTo({ top: 0 });
  }, [scrollToTopSignal]);

  const atTopRef = useRef(true);
  const onScroll = () => {
    const atTop = (scrollRef.current?.scrollTop ?? 0) <= 2;
    if (atTop !== atTopRef.current) {
      atTopRef.current = atTop;
      onAtTopChange?.(atTop);
    }
  };

  // Keyboard users move between rows with the arrow keys on the row toggles.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const target = event.target as HTMLElement;
    if (!target.classList.contains('qc-toggle')) return;
    const toggles = [...(scrollRef.current?.querySelectorAll<HTMLButtonElement>('.qc-toggle') ?? [])];
    const at = toggles.indexOf(target as HTMLButtonElement);
    const next = toggles[at + (event.key === 'ArrowDown' ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    }
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div role="table" aria-label="Log events" aria-rowcount={rows.length + 1} className={`qc-table${withDate ? ' with-date' : ''}`}>
      <div role="rowgroup" className="qc-thead">
        <div role="row" aria-rowindex={1} className="qc-row qc-row-head">
          <div role="columnheader" className="qc-cell qc-cell-toggle">
            <span className="visually-hidden">Details</span>
          </div>
          <div role="columnheader" className="qc-cell qc-cell-time">
            Time
          </div>
          <div role="columnheader" className="qc-cell qc-cell-status">
            Status
          </div>
          <div role="columnheader" className="qc-cell qc-cell-service">
            Service
          </div>
          <div role="columnheader" className="qc-cell qc-cell-host">
            Host
          </div>
          <div role="columnheader" className="qc-cell qc-cell-message">
            Message
          </div>
        </div>
      </div>
      <div role="rowgroup" ref={scrollRef} className="qc-tbody" onScroll={onScroll} onKeyDown={onKeyDown} tabIndex={-1} data-version={version}>
        {rows.length === 0 && empty ? (
          <div role="row" className="qc-row-empty">
            <div role="cell" aria-colspan={6} className="qc-cell-empty">
              {empty}
            </div>
          </div>
        ) : (
          <div role="presentation" className="qc-tbody-sizer" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const isFooter = item.index >= rows.length;
              return (
                <div
                  key={item.key}
                  role="presentation"
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  className="qc-virtual-item"
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  {isFooter ? (
                    <div role="row" className="qc-row-footer">
                      <div role="cell" aria-colspan={6} className="qc-cell-footer">
                        {footer}
                      </div>
                    </div>
                  ) : (
                    <LogRow event={rows[item.index]} index={item.index} expanded={expanded.has(rows[item.index].id)} onToggle={toggle} onFilter={onFilter} withDate={withDate} />
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}

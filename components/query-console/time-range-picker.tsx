'use client';

import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import {
  RANGE_PRESETS,
  absoluteRange,
  describeRange,
  fromLocalInputValue,
  resolveRange,
  toLocalInputValue,
  type TimeRange,
} from './time-range';

export interface TimeRangePickerProps {
  range: TimeRange;
  onChange: (range: TimeRange) => void;
}

/** A button naming the range, opening presets and an absolute from/to form. */
export function TimeRangePicker({ range, onChange }: TimeRangePickerProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const dialogId = useId();
  const fromId = useId();
  const toId = useId();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!open) return;
    const resolved = resolveRange(range);
    setFrom(toLocalInputValue(resolved.start));
    setTo(toLocalInputValue(resolved.end));
    setProblem(undefined);
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, range]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const choose = (next: TimeRange) => {
    onChange(next);
    close();
  };

  const applyAbsolute = (event: FormEvent) => {
    event.preventDefault();
    const start = fromLocalInputValue(from);
    const end = fromLocalInputValue(to);
    if (start === undefined || end === undefined) return setProblem('Enter both a start and an end.');
    if (start >= end) return setProblem('The start must be before the end.');
    choose(absoluteRange(start, end));
  };

  const label = describeRange(range);
  return (
    <div className="qc-range" ref={rootRef} onKeyDown={(event) => event.key === 'Escape' && open && (event.stopPropagation(), close())}>
      <button
        ref={buttonRef}
        type="button"
        className="btn btn-secondary btn-md qc-range-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? dialogId : undefined}
        aria-label={`Time range: ${label}`}
        onClick={() => setOpen((value) => !value)}
      >
        <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" className="qc-range-icon">
          <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
          <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <span className="qc-range-label">{label}</span>
        <span aria-hidden="true" className="qc-caret">
          ▾
        </span>
      </button>
      {open ? (
        <div id={dialogId} role="dialog" aria-label="Time range" className="qc-range-popover">
          <div className="qc-range-presets" role="group" aria-label="Relative ranges">
            {RANGE_PRESETS.map((preset) => {
              const current = range.from === `now-${preset.span}` && range.to === 'now';
              return (
                <button
                  key={preset.span}
                  type="button"
                  className={`qc-preset${current ? ' is-current' : ''}`}
                  aria-pressed={current}
                  onClick={() => choose({ from: `now-${preset.span}`, to: 'now' })}
                >
                  {preset.label}
                </button>
              );
            })}
          </div>
          <form className="qc-range-absolute" onSubmit={applyAbsolute}>
            <p className="qc-range-heading">Absolute range (your local time)</p>
            <label htmlFor={fromId}>From</label>
            <input id={fromId} type="datetime-local" step={1} className="qc-input" value={from} onChange={(event) => setFrom(event.target.value)} />
            <label htmlFor={toId}>To</label>
            <input id={toId} type="datetime-local" step={1} className="qc-input" value={to} onChange={(event) => setTo(event.target.value)} />
            {problem ? (
              <p className="qc-field-problem" role="alert">
                {problem}
              </p>
            ) : null}
            <div className="qc-range-actions">
              <Button size="sm" onClick={close}>
                Cancel
              </Button>
              <Button size="sm" variant="primary" type="submit">
                Apply range
              </Button>
            </div>
          </form>
        </div>
      ) : null}
    </div>
  );
}

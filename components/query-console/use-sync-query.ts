'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogEvent } from '@/server/model/log-event';
import { syncQueryJob, type RawStoreSearch } from '@/server/model/sync-query-job';

/**
 * Runs a query as a SYNCHRONOUS BATCH job on `POST /api/v1/jobs/sync` and reads its NDJSON answer as it
 * streams. Rows accumulate in a ref and React hears about them at most once per frame, so 100k rows stream
 * without the page stalling; parsing yields to the browser every few milliseconds for the same reason.
 */

export type RunStatus = 'idle' | 'running' | 'finished' | 'cancelled' | 'timed-out' | 'failed';

export interface RunSpec extends RawStoreSearch {
  timeoutSeconds: number;
}

export interface RunProblem {
  path: string;
  message: string;
}

export interface RunState {
  status: RunStatus;
  spec: RunSpec | undefined;
  /** performance.now() at the start and the end of the run. */
  startedAt: number;
  endedAt: number | undefined;
  message: string | undefined;
  problems: RunProblem[];
  /** Whether the last run appended to earlier rows ("load more"). */
  appended: boolean;
  /** Events the last run returned, duplicates included: when it reaches the limit, there may be more. */
  received: number;
}

const IDLE: RunState = { status: 'idle', spec: undefined, startedAt: 0, endedAt: undefined, message: undefined, problems: [], appended: false, received: 0 };

/** Longest stretch of parsing before the browser gets a frame. */
const SLICE_MS = 8;
const DECODE_BYTES = 256 * 1024;

type EventRecord =
  | { jobState: 'RUNNING'; data: LogEvent & { type?: string } }
  | { jobState: 'HEARTBEAT'; heartbeatToken: string }
  | { jobState: 'FINISHED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT'; message?: string };

const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function sendHeartbeat(token: string) {
  void fetch('/api/v1/jobs/sync/heartbeat', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(token),
  }).catch(() => {
    // A missed heartbeat is retried with the next token; the server waits a minute before giving up.
  });
}

export interface SyncQuery {
  state: RunState;
  /** Newest first. Mutated in place; `version` changes whenever it does. */
  rows: LogEvent[];
  version: number;
  /** Rows added at the top since the start (by the live tail), so the table can keep the user's place. */
  prepended: number;
  run: (spec: RunSpec, options?: { append?: boolean }) => void;
  cancel: () => void;
  /** Adds newer events (oldest first, as the tail sends them) at the top, skipping ones already shown. */
  prepend: (events: readonly LogEvent[]) => number;
  clear: () => void;
}

export function useSyncQuery(): SyncQuery {
  const rowsRef = useRef<LogEvent[]>([]);
  const idsRef = useRef(new Set<string>());
  const [state, setState] = useState<RunState>(IDLE);
  const [version, setVersion] = useState(0);
  const prependedRef = useRef(0);
  const controllerRef = useRef<AbortController | null>(null);
  const frameRef = useRef<number | null>(null);

  const flush = useCallback(() => {
    if (frameRef.current !== null) return;
    frameRef.current = requestAnimationFrame(() => {
      frameRef.current = null;
      setVersion((v) => v + 1);
    });
  }, []);

  const cancel = useCallback(() => {
    controllerRef.current?.abort();
  }, []);

  const clear = useCallback(() => {
    controllerRef.current?.abort();
    controllerRef.current = null;
    rowsRef.current = [];
    idsRef.current = new Set();
    prependedRef.current = 0;
    setState(IDLE);
    setVersion((v) => v + 1);
  }, []);

  const run = useCallback(
    (spec: RunSpec, options: { append?: boolean } = {}) => {
      controllerRef.current?.abort();
      const controller = new AbortController();
      controllerRef.current = controller;
      const isCurrent = () => controllerRef.current === controller;
      if (!options.append) {
        rowsRef.current = [];
        idsRef.current = new Set();
        prependedRef.current = 0;
      }
      const startedAt = performance.now();
      setState({ status: 'running', spec, startedAt, endedAt: undefined, message: undefined, problems: [], appended: Boolean(options.append), received: 0 });
      let received = 0;
      setVersion((v) => v + 1);

      const finish = (status: RunStatus, message?: string, problems: RunProblem[] = []) => {
        if (!isCurrent()) return;
        controllerRef.current = null;
        if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
        frameRef.current = null;
        setVersion((v) => v + 1);
        setState((previous) => ({ ...previous, status, endedAt: performance.now(), message, problems, received }));
      };

      void (async () => {
        let response: Response;
        try {
          response = await fetch(`/api/v1/jobs/sync?timeoutSeconds=${spec.timeoutSeconds}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', accept: 'application/x-ndjson' },
            body: JSON.stringify(syncQueryJob(spec)),
            signal: controller.signal,
          });
        } catch (error) {
          if (controller.signal.aborted) return finish('cancelled');
          return finish('failed', `Weir could not be reached (${(error as Error).message}). Check that the server is running, then run the query again.`);
        }
        if (!response.ok || !response.body) {
          const body = (await response.json().catch(() => undefined)) as { message?: string; errors?: RunProblem[] } | undefined;
          return finish('failed', body?.message ?? `The server answered ${response.status} ${response.statusText}`, body?.errors ?? []);
        }

        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let pending = '';
        let final: Extract<EventRecord, { jobState: 'FINISHED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT' }> | undefined;
        const handle = (line: string) => {
          if (line.trim() === '') return;
          let record: EventRecord;
          try {
            record = JSON.parse(line) as EventRecord;
          } catch {
            return;
          }
          if (record.jobState === 'RUNNING') {
            received++;
            const { type: _type, ...event } = record.data;
            if (idsRef.current.has(event.id)) return;
            idsRef.current.add(event.id);
            rowsRef.current.push(event);
          } else if (record.jobState === 'HEARTBEAT') {
            sendHeartbeat(record.heartbeatToken);
          } else {
            final = record;
          }
        };
        try {
          let sliceStart = performance.now();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            // A big chunk is decoded a piece at a time, so no single step holds the page for long.
            for (let offset = 0; offset < value.length; offset += DECODE_BYTES) {
              pending += decoder.decode(value.subarray(offset, offset + DECODE_BYTES), { stream: true });
              let lineStart = 0;
              for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', lineStart)) {
                handle(pending.slice(lineStart, newline));
                lineStart = newline + 1;
                if (performance.now() - sliceStart > SLICE_MS) {
                  flush();
                  await nextFrame();
                  if (!isCurrent()) return;
                  sliceStart = performance.now();
                }
              }
              pending = pending.slice(lineStart);
            }
            if (!isCurrent()) return;
            flush();
          }
          handle(pending + decoder.decode());
        } catch (error) {
          if (controller.signal.aborted) return finish('cancelled');
          return finish('failed', `The results stopped arriving (${(error as Error).message}). Run the query again.`);
        }
        const ended = final as EventRecord | undefined;
        if (!ended) return finish('failed', 'The connection closed before the query finished. Run it again.');
        switch (ended.jobState) {
          case 'FINISHED':
            return finish('finished');
          case 'TIMED_OUT':
            return finish('timed-out', ended.message);
          case 'CANCELLED':
            return finish('cancelled', ended.message);
          case 'FAILED':
            return finish('failed', ended.message ?? 'The query failed');
        }
      })();
    },
    [flush],
  );

  const prepend = useCallback(
    (events: readonly LogEvent[]) => {
      const fresh: LogEvent[] = [];
      for (let i = events.length - 1; i >= 0; i--) {
        const event = events[i];
        if (idsRef.current.has(event.id)) continue;
        idsRef.current.add(event.id);
        fresh.push(event);
      }
      if (fresh.length === 0) return 0;
      rowsRef.current = [...fresh, ...rowsRef.current];
      prependedRef.current += fresh.length;
      setVersion((v) => v + 1);
      return fresh.length;
    },
    [],
  );

  useEffect(
    () => () => {
      controllerRef.current?.abort();
      if (frameRef.current !== null) cancelAnimationFrame(frameRef.current);
    },
    [],
  );

  return { state, rows: rowsRef.current, version, prepended: prependedRef.current, run, cancel, prepend, clear };
}

'use client';

import { useSyncExternalStore } from 'react';

// One shared ticker for every relative time on the page, instead of one interval per cell.
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const notify of listeners) notify();
    }, 1_000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time in ms, updated once a second while anything on the page reads it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now, () => now);
}

'use client';

import { useSyncExternalStore } from 'react';

const noSubscription = () => () => {};

/** The address this console is served from, so that examples can be pasted as they are. */
export function useOrigin(): string {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => 'http://localhost:3000',
  );
}

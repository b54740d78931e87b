'use client';

import { useSyncExternalStore } from 'react';
import { CodeBlock } from '@/components/ui/code-block';
import { EmptyState } from '@/components/ui/empty-state';
import { exampleCurl } from './example-job';

const noSubscription = () => () => {};

/** The address this console is served from, so the example can be pasted as is. */
function useOrigin() {
  return useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => 'http://localhost:3000',
  );
}

export function PipelinesEmptyState() {
  const origin = useOrigin();
  return (
    <EmptyState title="No pipelines yet">
      <p>
        A pipeline is a job graph that runs continuously: it reads log events from sources, passes them through
        transforms such as filters and reducers, and writes them to sinks.
      </p>
      <p>
        Create your first one through the REST API. This example starts a pipeline that repeats a test log line
        and discards it; it appears here within a couple of seconds.
      </p>
      <CodeBlock label="Create a pipeline with curl" code={exampleCurl(origin)} />
      <p className="muted">
        Every endpoint and field is described in the{' '}
        <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
          OpenAPI document
        </a>
        .
      </p>
    </EmptyState>
  );
}

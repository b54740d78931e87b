import type { Metadata } from 'next';
import { Suspense } from 'react';
import { QueryConsole } from '@/components/query-console/query-console';
import { Spinner } from '@/components/ui/spinner';

export const metadata: Metadata = { title: 'Query' };

export default function QueryPage() {
  return (
    <Suspense
      fallback={
        <div className="panel panel-centered">
          <Spinner label="Loading the query console…" />
        </div>
      }
    >
      <QueryConsole />
    </Suspense>
  );
}

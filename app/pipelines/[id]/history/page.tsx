import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { VersionHistory } from '@/components/version-history/version-history';

export const metadata: Metadata = { title: 'Version history' };

export default async function PipelineHistoryPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const jobId = decodeURIComponent(id);
  return (
    // The comparison lives in the URL's search params, which are read on the client.
    <Suspense
      fallback={
        <div className="panel panel-centered">
          <Spinner label="Loading the history…" />
        </div>
      }
    >
      <VersionHistory key={jobId} jobId={jobId} />
    </Suspense>
  );
}

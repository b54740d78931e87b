import type { Metadata } from 'next';
import { PipelineEditor } from '@/components/graph-editor/pipeline-editor';

export const metadata: Metadata = { title: 'Pipeline' };

export default async function PipelinePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PipelineEditor key={id} jobId={decodeURIComponent(id)} />;
}

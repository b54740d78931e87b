import type { Metadata } from 'next';
import { PipelineEditor } from '@/components/graph-editor/pipeline-editor';

export const metadata: Metadata = { title: 'New pipeline' };

export default async function NewPipelinePage({ searchParams }: { searchParams: Promise<{ template?: string | string[] }> }) {
  const { template } = await searchParams;
  return <PipelineEditor templateId={typeof template === 'string' ? template : undefined} />;
}

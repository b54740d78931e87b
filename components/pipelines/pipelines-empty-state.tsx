'use client';

import Link from 'next/link';
import { PIPELINE_TEMPLATES } from '@/components/graph-editor/templates';
import { CodeBlock } from '@/components/ui/code-block';
import { EmptyState } from '@/components/ui/empty-state';
import { useOrigin } from '@/components/ui/use-origin';
import { exampleCurl } from './example-job';

export function PipelinesEmptyState() {
  const origin = useOrigin();
  return (
    <EmptyState title="No pipelines yet">
      <p>
        A pipeline is a job graph that runs continuously: it reads log events from sources, passes them through
        transforms such as filters and reducers, and writes them to sinks.
      </p>
      <div className="empty-state-actions">
        <Link href="/pipelines/new" className="btn btn-primary btn-md">
          New pipeline
        </Link>
        <span className="muted">Draw it on a canvas: drag in a source, transforms and a sink, connect them, deploy.</span>
      </div>
      <h3 className="empty-state-subtitle">Or start from a template</h3>
      <ul className="template-list">
        {PIPELINE_TEMPLATES.map((template) => (
          <li key={template.id}>
            <article className="template-card" aria-labelledby={`template-${template.id}`}>
              <h4 id={`template-${template.id}`}>{template.title}</h4>
              <ol className="template-steps" aria-label="Steps">
                {template.steps.map((step) => (
                  <li key={step}>{step}</li>
                ))}
              </ol>
              <p>{template.description}</p>
              <Link
                href={`/pipelines/new?template=${template.id}`}
                className="btn btn-secondary btn-sm"
                aria-label={`Use this template: ${template.title}`}
              >
                Use this template
              </Link>
            </article>
          </li>
        ))}
      </ul>
      <h3 className="empty-state-subtitle">Or use the REST API</h3>
      <p>
        Pipelines are JSON, so they can live in git and be deployed from CI. This example starts a pipeline that
        repeats a test log line and discards it; it appears here within a couple of seconds.
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

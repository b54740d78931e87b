'use client';

import Link from 'next/link';
import { CodeBlock } from '@/components/ui/code-block';
import { EmptyState } from '@/components/ui/empty-state';
import { useOrigin } from '@/components/ui/use-origin';

export function setupScript(origin: string): string {
  return [
    '# 1. A dataset keeps raw events, queryable here',
    `curl -s -X POST ${origin}/api/v1/datasets -H 'content-type: application/json' \\`,
    `  -d '{"name": "raw_logs"}'`,
    '',
    "# 2. An integration: your shippers authenticate with its token (shown once; keep it)",
    `curl -s -X POST ${origin}/api/v1/integrations -H 'content-type: application/json' \\`,
    `  -d '{"type": "datadog", "name": "agents"}'`,
    '',
    '# 3. A pipeline from the integration into the dataset (the ids come from steps 1 and 2)',
    `curl -s -X POST ${origin}/api/v1/jobs/async -H 'content-type: application/json' -d '{`,
    `  "name": "agents_to_raw_logs",`,
    `  "jobGraph": {`,
    `    "vertices": [`,
    `      {"type": "datadog-log-agent-source", "name": "agents", "integrationId": "<integration id>"},`,
    `      {"type": "logs-iceberg-table-sink", "name": "raw", "datasetId": "<dataset id>"}`,
    `    ],`,
    `    "edges": ["agents -> raw"]`,
    `  }`,
    `}'`,
    '',
    '# 4. Send a log, as the Datadog agent would',
    `curl -s -X POST ${origin}/api/v2/logs -H 'DD-API-KEY: <token>' -H 'content-type: application/json' \\`,
    `  -d '[{"message": "GET /cart 500", "status": "error", "service": "shop", "hostname": "web-1", "ddtags": "env:prod"}]'`,
  ].join('\n');
}

export function NoDatasets() {
  const origin = useOrigin();
  return (
    <EmptyState title="No datasets yet">
      <p>
        The query console searches <strong>datasets</strong>: tables of raw log events kept by Weir. A pipeline fills one when
        it ends in a <code>logs-iceberg-table-sink</code>.
      </p>
      <p>
        Create a dataset, an integration for your shippers and a pipeline between them, then send a log. This page picks up the
        new dataset by itself.
      </p>
      <CodeBlock label="Create a dataset and send logs into it with curl" code={setupScript(origin)} />
      <p className="muted">
        You can also draw the pipeline in the <Link href="/pipelines/new">pipeline editor</Link>. OpenTelemetry and Splunk HEC
        shippers work the same way; every endpoint is in the{' '}
        <a href="/api/v1/openapi.json" target="_blank" rel="noreferrer">
          OpenAPI document
        </a>
        .
      </p>
    </EmptyState>
  );
}

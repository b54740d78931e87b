import type { ReactNode } from 'react';
import type { OperationKind } from './catalogue';

/** Simple line icons (24×24, stroked with currentColor). */
const PATHS = {
  generator: (
    <>
      <path d="M12 3v3M12 18v3M3 12h3M18 12h3M5.6 5.6l2.1 2.1M16.3 16.3l2.1 2.1M5.6 18.4l2.1-2.1M16.3 7.7l2.1-2.1" />
      <circle cx="12" cy="12" r="2.5" />
    </>
  ),
  list: <path d="M8 6h12M8 12h12M8 18h12M4 6h.01M4 12h.01M4 18h.01" />,
  agent: (
    <>
      <rect x="3" y="4" width="18" height="12" rx="2" />
      <path d="M8 20h8M12 16v4M7 10l2 2-2 2M12 14h4" />
    </>
  ),
  antenna: (
    <>
      <path d="M12 12v9M8.5 8.5a5 5 0 0 1 7 0M5.6 5.6a9 9 0 0 1 12.8 0" />
      <circle cx="12" cy="12" r="1.5" />
    </>
  ),
  http: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
    </>
  ),
  database: (
    <>
      <ellipse cx="12" cy="5.5" rx="7.5" ry="2.5" />
      <path d="M4.5 5.5v13c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5v-13M4.5 12c0 1.4 3.4 2.5 7.5 2.5s7.5-1.1 7.5-2.5" />
    </>
  ),
  search: (
    <>
      <circle cx="11" cy="11" r="6.5" />
      <path d="M16 16l4.5 4.5" />
    </>
  ),
  trash: <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6" />,
  returnArrow: <path d="M20 5v7a3 3 0 0 1-3 3H5M9 11l-4 4 4 4" />,
  funnel: <path d="M4 5h16l-6 7.5V19l-4 2v-8.5L4 5z" />,
  branch: (
    <>
      <circle cx="6" cy="6" r="2" />
      <circle cx="6" cy="18" r="2" />
      <circle cx="18" cy="8" r="2" />
      <path d="M6 8v8M18 10c0 4-6 3-10.5 7" />
    </>
  ),
  braces: <path d="M8 4c-2 0-3 1-3 3v2c0 1.5-1 2.5-2 3 1 .5 2 1.5 2 3v2c0 2 1 3 3 3M16 4c2 0 3 1 3 3v2c0 1.5 1 2.5 2 3-1 .5-2 1.5-2 3v2c0 2-1 3-3 3" />,
  mask: (
    <>
      <path d="M3 12s3.5-6 9-6 9 6 9 6-3.5 6-9 6-9-6-9-6z" />
      <path d="M4 4l16 16" />
    </>
  ),
  gauge: (
    <>
      <path d="M4 17a8 8 0 1 1 16 0" />
      <path d="M12 17l4-6" />
    </>
  ),
  reduce: <path d="M4 5h16M6 9h12M8 13h8M10 17h4M11.5 20.5h1" />,
  parse: (
    <>
      <path d="M5 4h10l4 4v12H5z" />
      <path d="M9 12h6M9 16h4" />
    </>
  ),
  wand: (
    <>
      <path d="M5 19L15 9M13 7l4 4" />
      <path d="M18 3v3M16.5 4.5h3M20 9v2M19 10h2" />
    </>
  ),
  send: <path d="M4 12l16-8-6 16-3-7-7-1z" />,
  source: <path d="M3 12h11M10 8l4 4-4 4M16 4h3a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2h-3" />,
  transform: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path d="M12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1" />
    </>
  ),
  sink: <path d="M10 12h11M17 8l4 4-4 4M8 4H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h3" />,
  unknown: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6V14M12 17.5h.01" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export type IconName = keyof typeof PATHS;

/** Picks an icon from the operation's type, falling back on its kind: new operations get a sensible one. */
export function iconFor(type: string, kind: OperationKind | undefined): IconName {
  const rules: Array<[RegExp, IconName]> = [
    [/generator/, 'generator'],
    [/values/, 'list'],
    [/datadog.*(agent|source)|agent-source/, 'agent'],
    [/otlp|opentelemetry/, 'antenna'],
    [/splunk|http-source|hec/, 'http'],
    [/iceberg-table-source|query/, 'search'],
    [/iceberg|table|dataset|store/, 'database'],
    [/sync/, 'returnArrow'],
    [/discard|drop|null/, 'trash'],
    [/filter/, 'funnel'],
    [/branch|route|router|split/, 'branch'],
    [/json/, 'braces'],
    [/mask|redact/, 'mask'],
    [/sampl|rate|throttle|limit/, 'gauge'],
    [/reduc|dedup|aggregat/, 'reduce'],
    [/grok|parse|regex/, 'parse'],
    [/transform|remap|enrich/, 'wand'],
    [/sink|datadog|splunk|otlp/, 'send'],
  ];
  for (const [pattern, icon] of rules) if (pattern.test(type)) return icon;
  return kind ?? 'unknown';
}

export function Icon({ name, size = 18, className }: { name: IconName; size?: number; className?: string }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}

/** Toolbar glyphs. */
const TOOL_PATHS = {
  undo: <path d="M9 14L4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />,
  redo: <path d="M15 14l5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13" />,
  layout: (
    <>
      <rect x="3" y="4" width="6" height="5" rx="1" />
      <rect x="15" y="4" width="6" height="5" rx="1" />
      <rect x="15" y="15" width="6" height="5" rx="1" />
      <path d="M9 6.5h6M12 6.5v11h3" />
    </>
  ),
  fit: <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />,
  upload: <path d="M12 16V4M7 9l5-5 5 5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />,
  download: <path d="M12 4v12M7 11l5 5 5-5M4 16v3a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-3" />,
  trash: <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />,
  copy: (
    <>
      <rect x="8" y="8" width="12" height="12" rx="2" />
      <path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2" />
    </>
  ),
  error: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7.5v5.5M12 16.5h.01" />
    </>
  ),
  check: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M8 12.5l2.7 2.7L16 10" />
    </>
  ),
  chevronDown: <path d="M6 9l6 6 6-6" />,
  chevronUp: <path d="M6 15l6-6 6 6" />,
  close: <path d="M6 6l12 12M18 6L6 18" />,
  plus: <path d="M12 5v14M5 12h14" />,
  arrowUp: <path d="M12 19V5M6 11l6-6 6 6" />,
  arrowDown: <path d="M12 5v14M6 13l6 6 6-6" />,
  back: <path d="M15 6l-6 6 6 6" />,
  panelLeft: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M9 4v16" />
    </>
  ),
  panelRight: (
    <>
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M15 4v16" />
    </>
  ),
} satisfies Record<string, ReactNode>;

export type ToolIconName = keyof typeof TOOL_PATHS;

export function ToolIcon({ name, size = 16 }: { name: ToolIconName; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {TOOL_PATHS[name]}
    </svg>
  );
}

'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { Button } from './button';

export interface CodeBlockProps {
  code: string;
  /** Names the snippet for assistive technology and the copy button, e.g. "curl example". */
  label: string;
}

type CopyStatus = 'idle' | 'copied' | 'failed';

export function CodeBlock({ code, label }: CodeBlockProps) {
  const [status, setStatus] = useState<CopyStatus>('idle');
  const preRef = useRef<HTMLPreElement>(null);
  const labelId = useId();

  useEffect(() => {
    if (status === 'idle') return;
    const timer = setTimeout(() => setStatus('idle'), 2_000);
    return () => clearTimeout(timer);
  }, [status]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(code);
      setStatus('copied');
    } catch {
      // The Clipboard API needs a secure context; over plain http on another host, select the text instead.
      const pre = preRef.current;
      const selection = window.getSelection();
      if (pre && selection) {
        const range = document.createRange();
        range.selectNodeContents(pre);
        selection.removeAllRanges();
        selection.addRange(range);
      }
      setStatus('failed');
    }
  }

  return (
    <figure className="code-block" aria-labelledby={labelId}>
      <figcaption className="code-block-header">
        <span id={labelId} className="code-block-label">
          {label}
        </span>
        <span className="code-block-status" aria-live="polite">
          {status === 'copied' ? 'Copied' : status === 'failed' ? 'Selected: press Ctrl+C to copy' : ''}
        </span>
        <Button size="sm" onClick={copy} aria-describedby={labelId}>
          Copy
        </Button>
      </figcaption>
      <pre ref={preRef} className="code-block-pre" tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Spinner } from '@/components/ui/spinner';
import { formatCount } from './event-format';
import { PatternToPipeline } from './pattern-to-pipeline';

export interface PatternGroup {
  patternId: string;
  pattern: string;
  count: number;
  sample: string;
}

export interface PatternsPanelProps {
  patterns: readonly PatternGroup[] | undefined;
  loading: boolean;
  error: string | undefined;
  note: string | undefined;
  onShow: (pattern: PatternGroup) => void;
  onExclude: (pattern: PatternGroup) => void;
}

export function PatternsPanel({ patterns, loading, error, note, onShow, onExclude }: PatternsPanelProps) {
  if (error) return <Alert title="Couldn't group the results into patterns">{error}</Alert>;
  if (!patterns) {
    return <div className="qc-patterns-status">{loading ? <Spinner label="Grouping messages into patterns…" /> : <p className="muted">Run a query to group its messages.</p>}</div>;
  }
  if (patterns.length === 0) return <p className="qc-patterns-status muted">No messages to group.</p>;
  const total = patterns.reduce((sum, pattern) => sum + pattern.count, 0);
  return (
    <div className="qc-patterns">
      {note ? <p className="qc-patterns-note">{note}</p> : null}
      <table className="qc-patterns-table" aria-label="Patterns">
        <thead>
          <tr>
            <th scope="col" className="qc-pattern-count">
              Events
            </th>
            <th scope="col">Pattern</th>
            <th scope="col" className="qc-pattern-actions">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {patterns.map((pattern) => (
            <tr key={pattern.patternId}>
              <td className="qc-pattern-count">
                <span className="qc-pattern-number">{formatCount(pattern.count)}</span>
                <span className="qc-pattern-share">{total > 0 ? `${((pattern.count / total) * 100).toFixed(pattern.count / total < 0.1 ? 1 : 0)}%` : ''}</span>
              </td>
              <th scope="row" className="qc-pattern-text">
                <code className="qc-pattern-template">{pattern.pattern}</code>
                <span className="qc-pattern-sample">e.g. {pattern.sample}</span>
              </th>
              <td className="qc-pattern-actions">
                <Button size="sm" onClick={() => onShow(pattern)} aria-label={`Show events of the pattern ${pattern.pattern}`}>
                  Show events
                </Button>
                <Button size="sm" onClick={() => onExclude(pattern)} aria-label={`Exclude the pattern ${pattern.pattern}`}>
                  Exclude
                </Button>
                <PatternToPipeline pattern={pattern} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

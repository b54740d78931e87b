'use client';

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useEditor, useEditorActions } from './editor-context';
import type { EditorEdge } from './editor-store';
import { formatRate, sentence } from './format';

function RateEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected }: EdgeProps<EditorEdge>) {
  const rate = useEditor((state) => (state.live.running ? state.live.edgeRates[id] : undefined));
  const problem = useEditor((state) => state.validation.byEdge[id]?.[0]?.message);
  const actions = useEditorActions();
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const flowing = rate !== undefined && rate > 0;
  const className = ['rate-edge', problem ? 'has-problem' : '', selected ? 'is-selected' : '', flowing ? 'is-flowing' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <>
      <BaseEdge id={id} path={path} className={className} interactionWidth={16} />
      {problem || rate !== undefined ? (
        <EdgeLabelRenderer>
          <button
            type="button"
            className={`edge-label nodrag nopan${problem ? ' edge-label-problem' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={problem ? sentence(problem) : 'Events per second along this edge'}
            aria-label={problem ? `Edge problem: ${problem}` : `${formatRate(rate ?? 0)} events per second`}
            onClick={() => actions.select([], [id])}
          >
            {problem ? '!' : `${formatRate(rate ?? 0)}/s`}
          </button>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const RateEdge = memo(RateEdgeView);

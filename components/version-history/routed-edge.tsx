'use client';

import { BaseEdge, getBezierPath, type EdgeProps, type XYPosition } from '@xyflow/react';
import { memo } from 'react';
import type { DiffEdge } from './diff-layout';

const CORNER_RADIUS = 8;
/** Handles and elk's ports may disagree by a border's width; closer than this, a segment is straightened. */
const SNAP = 4;

/** An orthogonal path through the points with rounded corners. */
export function roundedPath(points: XYPosition[]): string {
  let path = `M ${points[0].x} ${points[0].y}`;
  for (let index = 1; index < points.length - 1; index++) {
    const previous = points[index - 1];
    const corner = points[index];
    const next = points[index + 1];
    const radius = Math.min(
      CORNER_RADIUS,
      Math.hypot(corner.x - previous.x, corner.y - previous.y) / 2,
      Math.hypot(next.x - corner.x, next.y - corner.y) / 2,
    );
    const toward = (from: XYPosition, to: XYPosition) => {
      const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
      return { x: from.x + ((to.x - from.x) / length) * radius, y: from.y + ((to.y - from.y) / length) * radius };
    };
    const entry = toward(corner, previous);
    const exit = toward(corner, next);
    path += ` L ${entry.x} ${entry.y} Q ${corner.x} ${corner.y} ${exit.x} ${exit.y}`;
  }
  const last = points[points.length - 1];
  return `${path} L ${last.x} ${last.y}`;
}

/** Follows elk's route round the vertices in between; without one (a straight hop), a plain curve. */
function RoutedEdgeView({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, style }: EdgeProps<DiffEdge>) {
  const bends = data?.bends;
  let path: string;
  if (bends && bends.length > 0) {
    const points = [{ x: sourceX, y: sourceY }, ...bends.map((point) => ({ ...point })), { x: targetX, y: targetY }];
    const first = points[1];
    if (Math.abs(first.y - sourceY) < SNAP) first.y = sourceY;
    const last = points[points.length - 2];
    if (Math.abs(last.y - targetY) < SNAP) last.y = targetY;
    path = roundedPath(points);
  } else {
    [path] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  }
  return <BaseEdge path={path} markerEnd={markerEnd} style={style} />;
}

export const RoutedEdge = memo(RoutedEdgeView);

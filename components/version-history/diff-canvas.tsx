'use client';

import {
  Background,
  BackgroundVariant,
  Controls,
  MarkerType,
  ReactFlow,
  type EdgeMarker,
  type EdgeTypes,
  type NodeMouseHandler,
  type NodeTypes,
} from '@xyflow/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Spinner } from '@/components/ui/spinner';
import { diffElements, layoutDiff, type DiffEdge, type DiffNode } from './diff-layout';
import { DiffVertexNode } from './diff-vertex-node';
import type { EdgeDiffStatus, GraphDiff } from './graph-diff';
import { RoutedEdge } from './routed-edge';

// Defined once, outside render, so React Flow never remounts the nodes.
const nodeTypes: NodeTypes = { diff: DiffVertexNode };
const edgeTypes: EdgeTypes = { routed: RoutedEdge };
const FIT_PADDING = 0.08;
const FIT_VIEW_OPTIONS = { padding: FIT_PADDING, maxZoom: 1 };
const MIN_HEIGHT = 240;
const MAX_HEIGHT = 520;
/** Room for the zoom controls beneath the graph. */
const CONTROLS_ALLOWANCE = 96;
const PRO_OPTIONS = { hideAttribution: false };

const EDGE_COLOURS: Record<EdgeDiffStatus, string> = {
  added: '#1a7f46',
  removed: '#b42318',
  unchanged: '#8a94a3',
};

const MARKERS: Record<EdgeDiffStatus, EdgeMarker> = {
  added: { type: MarkerType.ArrowClosed, color: EDGE_COLOURS.added, width: 16, height: 16 },
  removed: { type: MarkerType.ArrowClosed, color: EDGE_COLOURS.removed, width: 16, height: 16 },
  unchanged: { type: MarkerType.ArrowClosed, color: EDGE_COLOURS.unchanged, width: 16, height: 16 },
};

export interface DiffCanvasProps {
  diff: GraphDiff;
  /** Names the canvas for assistive technology, e.g. "Changes from v1 to v2". */
  label: string;
  selectedVertex?: string;
  onSelectVertex: (name: string | undefined) => void;
}

interface Laid {
  nodes: DiffNode[];
  edges: DiffEdge[];
  /** Tall enough for the graph at the zoom that fits its width, within bounds. */
  height: number;
}

function canvasHeight(nodes: DiffNode[], edges: DiffEdge[], availableWidth: number): number {
  const points = [
    ...nodes.flatMap((node) => [node.position, { x: node.position.x + (node.width ?? 0), y: node.position.y + (node.height ?? 0) }]),
    ...edges.flatMap((edge) => edge.data?.bends ?? []),
  ];
  if (points.length === 0) return MIN_HEIGHT;
  const width = Math.max(...points.map((point) => point.x)) - Math.min(...points.map((point) => point.x));
  const height = Math.max(...points.map((point) => point.y)) - Math.min(...points.map((point) => point.y));
  const zoom = Math.min(1, availableWidth / (width * (1 + 2 * FIT_PADDING) || 1));
  return Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, height * zoom * (1 + 2 * FIT_PADDING) + CONTROLS_ALLOWANCE)));
}

/** The union graph of two versions, read-only: added in green, removed in red, changed in amber. */
export function DiffCanvas({ diff, label, selectedVertex, onSelectVertex }: DiffCanvasProps) {
  const elements = useMemo(() => diffElements(diff), [diff]);
  const [laid, setLaid] = useState<{ for: typeof elements; value: Laid; sequence: number }>();
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    void layoutDiff(elements.nodes, elements.edges).then(({ positions, bends }) => {
      if (cancelled) return;
      const nodes = elements.nodes.map((node) => ({ ...node, position: positions[node.id] ?? node.position }));
      const edges = elements.edges.map((edge) => ({
        ...edge,
        data: { status: edge.data?.status ?? 'unchanged', bends: bends[edge.id] },
        markerEnd: MARKERS[edge.data?.status ?? 'unchanged'],
        style: { stroke: EDGE_COLOURS[edge.data?.status ?? 'unchanged'] },
      }));
      const height = canvasHeight(nodes, edges, containerRef.current?.clientWidth ?? 640);
      setLaid((previous) => ({ sequence: (previous?.sequence ?? 0) + 1, for: elements, value: { nodes, edges, height } }));
    });
    return () => {
      cancelled = true;
    };
  }, [elements]);

  const nodes = useMemo(
    () => laid?.value.nodes.map((node) => (node.selected === (node.id === selectedVertex) ? node : { ...node, selected: node.id === selectedVertex })),
    [laid, selectedVertex],
  );

  const onNodeClick: NodeMouseHandler<DiffNode> = (_event, node) => onSelectVertex(node.id === selectedVertex ? undefined : node.id);

  if (!laid || laid.for !== elements || !nodes) {
    return (
      <div ref={containerRef} className="diff-canvas diff-canvas-loading" style={{ height: laid?.value.height }}>
        <Spinner label="Drawing the graph…" />
      </div>
    );
  }

  return (
    <div ref={containerRef} className="diff-canvas" style={{ height: laid.value.height }}>
      {/* A fresh instance per diff, so the view fits the graph it shows. */}
      <ReactFlow<DiffNode, DiffEdge>
        key={laid.sequence}
        nodes={nodes}
        edges={laid.value.edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={onNodeClick}
        onPaneClick={() => onSelectVertex(undefined)}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        deleteKeyCode={null}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        maxZoom={1.5}
        proOptions={PRO_OPTIONS}
        attributionPosition="bottom-right"
        aria-label={label}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#c9d0da" />
        <Controls showInteractive={false} position="bottom-left" orientation="horizontal" fitViewOptions={FIT_VIEW_OPTIONS} />
      </ReactFlow>
    </div>
  );
}

'use client';

import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useConnection,
  getViewportForBounds,
  useNodesInitialized,
  useReactFlow,
  type Viewport,
  type Connection,
  type EdgeTypes,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeTypes,
  type OnConnectEnd,
} from '@xyflow/react';
import { useCallback, useContext, useEffect, useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import { operationFor, portsOf } from './catalogue';
import { CanvasElementContext, DND_MIME, useCanvasController } from './canvas-controller';
import { useEditor, useEditorApi } from './editor-context';
import type { EditorEdge, EditorNode, EditorState } from './editor-store';
import { vertexName } from './graph-document';
import { estimatedSize, NODE_WIDTH } from './layout';
import { RateEdge } from './rate-edge';
import { connectionProblem } from './validation';
import { VertexNode } from './vertex-node';

// Defined once, outside render, so React Flow never remounts the nodes.
const nodeTypes: NodeTypes = { vertex: VertexNode };
const edgeTypes: EdgeTypes = { rate: RateEdge };
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.2 };
const PRO_OPTIONS = { hideAttribution: false };
const DEFAULT_VIEWPORT = { x: 80, y: 80, zoom: 1 };
const MINIMAP_STYLE = { width: 150, height: 100 };

const KIND_COLOURS: Record<string, string> = { source: '#2f9e6b', transform: '#3b6ef5', sink: '#b0672a', unknown: '#9aa3af' };


/** While a connection is being dragged: what releasing it here would do, or why it can't. */
function ConnectionHint() {
  const store = useEditorApi();
  const connection = useConnection();
  if (!connection.inProgress) return null;
  const { doc } = store.getState();
  const fromName = vertexName(doc.vertices[connection.fromNode.id]);
  const fromOutput = connection.fromHandle.type === 'source';
  let text = fromOutput
    ? `Drag ${fromName}:${connection.fromHandle.id} to an input (left side) of a transform or sink`
    : `Drag ${fromName}:${connection.fromHandle.id} to an output (right side) of a source or transform`;
  let tone = 'info';
  const target = connection.toNode?.id;
  if (target) {
    const [from, fromPort, to, toPort] = fromOutput
      ? [connection.fromNode.id, connection.fromHandle.id, target, connection.toHandle?.id]
      : [target, connection.toHandle?.id, connection.fromNode.id, connection.fromHandle.id];
    const problem = connectionProblem(doc, from, fromPort, to, toPort);
    if (problem) {
      text = `Can't connect: ${problem}`;
      tone = 'error';
    } else if (connection.isValid) {
      text = `Release to connect ${vertexName(doc.vertices[from])}:${fromPort} → ${vertexName(doc.vertices[to])}:${toPort}`;
      tone = 'ok';
    }
  }
  return (
    <Panel position="top-center" className={`connection-hint connection-hint-${tone}`}>
      {text}
    </Panel>
  );
}

const MIN_ZOOM = 0.05;
/** Below this, names can't be read: a graph too big to fit opens at this zoom, sources first. */
const READABLE_ZOOM = 0.5;
const VIEW_PADDING = 40;

type Bounds = { x: number; y: number; width: number; height: number };

/**
 * The view a pipeline opens with: all of it when it fits at a readable zoom; otherwise its start (sources on the
 * left), readable, with the minimap showing the rest.
 */
function openingViewport(bounds: Bounds, width: number, height: number): Viewport {
  const fit = getViewportForBounds(bounds, width, height, MIN_ZOOM, FIT_VIEW_OPTIONS.maxZoom, FIT_VIEW_OPTIONS.padding);
  if (fit.zoom >= READABLE_ZOOM) return fit;
  const zoom = READABLE_ZOOM;
  const contentHeight = bounds.height * zoom;
  const y = contentHeight + 2 * VIEW_PADDING <= height ? (height - contentHeight) / 2 - bounds.y * zoom : VIEW_PADDING - bounds.y * zoom;
  return { x: VIEW_PADDING - bounds.x * zoom, y, zoom };
}

/** The opening view from positions and estimated sizes, so the very first render is already in place. */
function initialViewport(state: EditorState, width: number, height: number): Viewport {
  if (state.nodes.length === 0 || width === 0 || height === 0) return DEFAULT_VIEWPORT;
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of state.nodes) {
    const size = estimatedSize(state.doc, node.id);
    left = Math.min(left, node.position.x);
    top = Math.min(top, node.position.y);
    right = Math.max(right, node.position.x + size.width);
    bottom = Math.max(bottom, node.position.y + size.height);
  }
  return openingViewport({ x: left, y: top, width: right - left, height: bottom - top }, width, height);
}

/** Refines the opening view once the nodes a pipeline opened with are measured (not when a first node is added). */
function FitViewOnLoad() {
  const store = useEditorApi();
  const canvasRef = useContext(CanvasElementContext);
  const initialized = useNodesInitialized();
  const reactFlow = useReactFlow();
  const pending = useRef(store.getState().nodes.length > 0);
  useEffect(() => {
    if (!initialized || !pending.current) return;
    pending.current = false;
    const rect = canvasRef.current?.getBoundingClientRect();
    if (!rect) return;
    void reactFlow.setViewport(openingViewport(reactFlow.getNodesBounds(reactFlow.getNodes()), rect.width, rect.height));
  }, [canvasRef, initialized, reactFlow]);
  return null;
}

function CanvasEmptyState() {
  return (
    <div className="canvas-empty">
      <div className="canvas-empty-card">
        <h2>Start with a source</h2>
        <p>
          Drag a source from the palette onto the canvas, or click it. To try things out without a log shipper, use{' '}
          <strong>Log generator</strong>.
        </p>
        <p>
          Then add transforms and a sink, and connect them: drag from an output handle (right side of a node) to an input
          handle (left side of the next one). Or paste a job JSON in the JSON tab.
        </p>
      </div>
    </div>
  );
}

export function Canvas() {
  const store = useEditorApi();
  const canvasRef = useContext(CanvasElementContext);
  const controller = useCanvasController();
  const nodes = useEditor((state) => state.nodes);
  const edges = useEditor((state) => state.edges);
  const empty = useEditor((state) => state.doc.vertexIds.length === 0);
  const actions = useEditor((state) => state.actions);
  const [viewport, setViewport] = useState<Viewport | null>(null);
  useLayoutEffect(() => {
    const rect = canvasRef.current?.getBoundingClientRect();
    setViewport(initialViewport(store.getState(), rect?.width ?? 0, rect?.height ?? 0));
  }, [canvasRef, store]);

  const minimapColour = useCallback(
    (node: EditorNode) => KIND_COLOURS[operationFor(store.getState().doc.vertices[node.id]?.type)?.kind ?? 'unknown'],
    [store],
  );

  const isValidConnection: IsValidConnection<EditorEdge> = useCallback(
    (connection) =>
      connectionProblem(store.getState().doc, connection.source, connection.sourceHandle, connection.target, connection.targetHandle) ===
      undefined,
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (!connection.sourceHandle || !connection.targetHandle) return;
      actions.connect(connection.source, connection.sourceHandle, connection.target, connection.targetHandle);
    },
    [actions],
  );

  // A refused connection gets its reason at once; a drop on a node's body connects to its only port.
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.fromHandle) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      const element = point ? document.elementFromPoint(point.clientX, point.clientY) : null;
      const targetId = state.toNode?.id ?? element?.closest('.react-flow__node')?.getAttribute('data-id') ?? undefined;
      if (!targetId) return;
      const { doc: current } = store.getState();
      const fromOutput = state.fromHandle.type === 'source';
      const from = fromOutput ? state.fromNode.id : targetId;
      const to = fromOutput ? targetId : state.fromNode.id;
      let fromPort = fromOutput ? state.fromHandle.id : state.toHandle?.id;
      let toPort = fromOutput ? state.toHandle?.id : state.fromHandle.id;
      const problem = connectionProblem(current, from, fromPort ?? null, to, toPort ?? null);
      if (problem) {
        actions.notify('error', `Can't connect: ${problem}`);
        return;
      }
      if (!toPort) {
        const inputs = portsOf(current.vertices[to]).inputs;
        if (inputs.length !== 1) {
          actions.notify('error', `Drop on one of ${vertexName(current.vertices[to])}'s inputs: ${inputs.join(', ')}.`);
          return;
        }
        toPort = inputs[0];
      }
      if (!fromPort) {
        const outputs = portsOf(current.vertices[from]).outputs;
        if (outputs.length !== 1) {
          actions.notify('error', `Drop on one of ${vertexName(current.vertices[from])}'s outputs: ${outputs.join(', ')}.`);
          return;
        }
        fromPort = outputs[0];
      }
      if (fromPort && toPort) actions.connect(from, fromPort, to, toPort);
    },
    [actions, store],
  );

  const onReconnect = useCallback(
    (edge: EditorEdge, connection: Connection) => {
      if (!connection.sourceHandle || !connection.targetHandle) return;
      actions.reconnect(edge.id, connection.source, connection.sourceHandle, connection.target, connection.targetHandle);
    },
    [actions],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DND_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(DND_MIME);
      if (!type) return;
      event.preventDefault();
      const position = controller.flowPositionAt(event.clientX, event.clientY);
      actions.addVertex(type, { x: position.x - NODE_WIDTH / 2, y: position.y - 28 });
    },
    [actions, controller],
  );

  return (
    <div className="editor-canvas" ref={canvasRef} onDragOver={onDragOver} onDrop={onDrop}>
      {viewport ? (
      <ReactFlow<EditorNode, EditorEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={actions.onNodesChange}
        onEdgesChange={actions.onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onReconnect={onReconnect}
        isValidConnection={isValidConnection}
        onNodeDragStart={actions.beginMove}
        onNodeDragStop={actions.endMove}
        onSelectionDragStart={actions.beginMove}
        onSelectionDragStop={actions.endMove}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        defaultViewport={viewport}
        minZoom={MIN_ZOOM}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
        attributionPosition="top-right"
        onlyRenderVisibleElements={nodes.length > 150}
        aria-label="Pipeline canvas"
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#c9d0da" />
        <Controls showInteractive={false} showFitView={false} position="bottom-left" />
        {empty ? null : (
        <MiniMap<EditorNode>
          position="bottom-right"
          pannable
          zoomable
          nodeColor={minimapColour}
          nodeStrokeWidth={0}
          nodeBorderRadius={6}
          ariaLabel="Minimap of the pipeline"
          style={MINIMAP_STYLE}
        />
        )}
        <ConnectionHint />
        <FitViewOnLoad />
      </ReactFlow>
      ) : null}
      {empty ? <CanvasEmptyState /> : null}
    </div>
  );
}

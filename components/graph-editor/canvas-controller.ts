'use client';

import { useReactFlow, type XYPosition } from '@xyflow/react';
import { createContext, useCallback, useContext, useMemo, type RefObject } from 'react';
import { operationFor, portsOf } from './catalogue';
import { useEditorApi } from './editor-context';
import { selectedVertexIds, type EditorNode } from './editor-store';
import { COLUMN_GAP, NODE_WIDTH } from './layout';

/** The canvas element, for turning "the middle of what the user sees" into flow coordinates. */
export const CanvasElementContext = createContext<RefObject<HTMLDivElement | null>>({ current: null });

export const DND_MIME = 'application/x-weir-operation';

/** Moves `position` down until it no longer lands on top of another vertex. */
function freeSpot(position: XYPosition, nodes: readonly EditorNode[]): XYPosition {
  let candidate = position;
  for (let attempt = 0; attempt < 50; attempt++) {
    const clash = nodes.some((node) => Math.abs(node.position.x - candidate.x) < 40 && Math.abs(node.position.y - candidate.y) < 40);
    if (!clash) return candidate;
    candidate = { x: candidate.x + 24, y: candidate.y + 44 };
  }
  return candidate;
}

export function useCanvasController() {
  const store = useEditorApi();
  const reactFlow = useReactFlow();
  const canvasRef = useContext(CanvasElementContext);

  const viewportCentre = useCallback((): XYPosition => {
    const element = canvasRef.current;
    if (element) {
      const rect = element.getBoundingClientRect();
      if (rect.width > 0 && rect.height > 0) {
        const centre = reactFlow.screenToFlowPosition({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
        return { x: centre.x - NODE_WIDTH / 2, y: centre.y - 32 };
      }
    }
    // The canvas is hidden (JSON tab): put it right of everything.
    const nodes = store.getState().nodes;
    if (nodes.length === 0) return { x: 0, y: 0 };
    return { x: Math.max(...nodes.map((node) => node.position.x)) + NODE_WIDTH + COLUMN_GAP, y: nodes[0].position.y };
  }, [canvasRef, reactFlow, store]);

  /**
   * Adds an operation from the palette by click or keyboard. With one vertex selected that can feed it, the new
   * vertex goes after it, connected; otherwise it lands in the middle of the view.
   */
  const addOperation = useCallback(
    (type: string) => {
      const state = store.getState();
      const selected = selectedVertexIds(state);
      const definition = operationFor(type);
      let after: string | undefined;
      let position: XYPosition;
      const anchor = selected.length === 1 ? state.nodes.find((node) => node.id === selected[0]) : undefined;
      if (anchor && definition?.kind !== 'source' && portsOf(state.doc.vertices[anchor.id]).outputs.length > 0) {
        after = anchor.id;
        position = { x: anchor.position.x + NODE_WIDTH + COLUMN_GAP, y: anchor.position.y };
      } else {
        position = viewportCentre();
      }
      position = freeSpot(position, state.nodes);
      const id = state.actions.addVertex(type, position, { after });
      if (after && canvasRef.current) {
        // Keep both in sight once the new node is measured, zooming out if needed but never in.
        const rect = canvasRef.current.getBoundingClientRect();
        const screen = reactFlow.flowToScreenPosition({ x: position.x + NODE_WIDTH, y: position.y + 60 });
        if (screen.x > rect.right - 20 || screen.y > rect.bottom - 20) {
          const zoom = reactFlow.getZoom();
          setTimeout(() => {
            void reactFlow.fitView({ nodes: [{ id: after }, { id }], maxZoom: zoom, padding: 0.15, duration: 250 });
          }, 60);
        }
      }
      return id;
    },
    [canvasRef, reactFlow, store, viewportCentre],
  );

  /** Selects a vertex and brings it into view, e.g. from the problems list. */
  const revealVertex = useCallback(
    (id: string) => {
      store.getState().actions.select([id]);
      const node = reactFlow.getNode(id);
      if (!node) return;
      const width = node.measured?.width ?? NODE_WIDTH;
      const height = node.measured?.height ?? 64;
      reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, {
        zoom: Math.max(reactFlow.getZoom(), 0.8),
        duration: 300,
      });
    },
    [reactFlow, store],
  );

  const revealEdge = useCallback(
    (id: string) => {
      const edge = store.getState().edges.find((candidate) => candidate.id === id);
      if (!edge) return;
      store.getState().actions.select([], [id]);
      void reactFlow.fitView({ nodes: [{ id: edge.source }, { id: edge.target }], duration: 300, maxZoom: 1.2, padding: 0.4 });
    },
    [reactFlow, store],
  );

  const fitView = useCallback(() => {
    void reactFlow.fitView({ duration: 300, maxZoom: 1.2, padding: 0.15 });
  }, [reactFlow]);

  const flowPositionAt = useCallback(
    (clientX: number, clientY: number) => reactFlow.screenToFlowPosition({ x: clientX, y: clientY }),
    [reactFlow],
  );

  return useMemo(
    () => ({ addOperation, revealVertex, revealEdge, fitView, viewportCentre, flowPositionAt }),
    [addOperation, revealVertex, revealEdge, fitView, viewportCentre, flowPositionAt],
  );
}

'use client';

import type { XYPosition } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useCanvasController } from './canvas-controller';
import { useEditorApi } from './editor-context';
import type { EditorState, GraphFragment } from './editor-store';
import { plural } from './format';

/** Marks clipboard text as vertices copied from a Weir canvas. */
const FRAGMENT_MARK = 'weirVertices';
const PASTE_OFFSET = 40;

interface ClipboardFragment extends GraphFragment {
  origin: XYPosition;
}

// The last copy, for browsers that keep the system clipboard from the page.
let lastCopied: ClipboardFragment | null = null;

export function fragmentOf(state: EditorState, ids: readonly string[]): ClipboardFragment | null {
  const wanted = new Set(ids);
  const vertexIds = state.doc.vertexIds.filter((id) => wanted.has(id));
  if (vertexIds.length === 0) return null;
  const positionOf = new Map(state.nodes.map((node) => [node.id, node.position]));
  const origin = {
    x: Math.min(...vertexIds.map((id) => positionOf.get(id)?.x ?? 0)),
    y: Math.min(...vertexIds.map((id) => positionOf.get(id)?.y ?? 0)),
  };
  const edges = state.doc.edgeIds
    .map((id) => state.doc.edges[id])
    .filter((edge) => edge.from !== undefined && edge.to !== undefined && wanted.has(edge.from) && wanted.has(edge.to))
    .map((edge) => edge.text);
  return {
    vertices: vertexIds.map((id) => state.doc.vertices[id]),
    edges,
    positions: vertexIds.map((id) => {
      const position = positionOf.get(id) ?? origin;
      return { x: position.x - origin.x, y: position.y - origin.y };
    }),
    origin,
  };
}

export function fragmentText(fragment: ClipboardFragment): string {
  return JSON.stringify({ [FRAGMENT_MARK]: 1, ...fragment }, null, 2);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads clipboard text: copied vertices, a job, or a bare job graph. */
export function parseFragment(text: string): ClipboardFragment | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const graph = isRecord(value.jobGraph) ? value.jobGraph : value;
  if (!Array.isArray(graph.vertices) || !graph.vertices.every(isRecord)) return null;
  const edges = Array.isArray(graph.edges) ? graph.edges.filter((edge): edge is string => typeof edge === 'string') : [];
  const positions =
    FRAGMENT_MARK in value && Array.isArray(value.positions)
      ? (value.positions as XYPosition[])
      : graph.vertices.map((_, index) => ({ x: (index % 4) * 300, y: Math.floor(index / 4) * 130 }));
  const origin = FRAGMENT_MARK in value && isRecord(value.origin) ? (value.origin as unknown as XYPosition) : { x: 0, y: 0 };
  return { vertices: graph.vertices as Record<string, unknown>[], edges, positions, origin };
}

export function useClipboard() {
  const store = useEditorApi();
  const controller = useCanvasController();

  const rememberCopy = useCallback(
    (ids: readonly string[]) => {
      const fragment = fragmentOf(store.getState(), ids);
      if (fragment) lastCopied = fragment;
      return fragment;
    },
    [store],
  );

  const copy = useCallback(
    async (ids: readonly string[]) => {
      const fragment = rememberCopy(ids);
      if (!fragment) return;
      try {
        await navigator.clipboard.writeText(fragmentText(fragment));
      } catch {
        // The in-page copy still pastes here.
      }
      store.getState().actions.notify('info', `Copied ${plural(fragment.vertices.length, 'node')}.`);
    },
    [rememberCopy, store],
  );

  const paste = useCallback(
    (text?: string) => {
      const fromText = text ? parseFragment(text) : null;
      const fragment = fromText ?? lastCopied;
      if (!fragment) return false;
      const { actions } = store.getState();
      const sameCanvas = fragment === lastCopied || (fromText && lastCopied && fromText.origin.x === lastCopied.origin.x && fromText.origin.y === lastCopied.origin.y);
      const at = sameCanvas
        ? { x: fragment.origin.x + PASTE_OFFSET, y: fragment.origin.y + PASTE_OFFSET }
        : controller.viewportCentre();
      actions.insertFragment(fragment, at);
      if (sameCanvas && fragment === lastCopied) {
        // Pasting again steps further, as in any drawing tool.
        lastCopied = { ...fragment, origin: at };
      }
      return true;
    },
    [controller, store],
  );

  const duplicate = useCallback(
    (ids: readonly string[]) => {
      const fragment = fragmentOf(store.getState(), ids);
      if (!fragment) return;
      store.getState().actions.insertFragment(fragment, { x: fragment.origin.x + PASTE_OFFSET, y: fragment.origin.y + PASTE_OFFSET });
    },
    [store],
  );

  return useMemo(() => ({ copy, paste, duplicate, rememberCopy }), [copy, paste, duplicate, rememberCopy]);
}

import type { XYPosition } from '@xyflow/react';
import type { EditorState } from './editor-store';
import { vertexName, type GraphDoc } from './graph-document';

/** Unsaved work, per pipeline id (or `new`), so a reload or a crash loses nothing. */
export interface StoredDraft {
  savedAt: string;
  /** The deployed version the draft started from; deploying it sends this as `fromVersion`. */
  baseVersion?: number;
  /** That version's graph, to tell later whether the draft still differs from it. */
  baseGraph?: unknown;
  job: unknown;
  /** Positions by vertex name: ids do not survive a reload, names do. */
  positions: Record<string, XYPosition>;
}

const draftKey = (jobId: string | undefined) => `weir:pipeline-draft:${jobId ?? 'new'}`;
const layoutKey = (jobId: string) => `weir:pipeline-layout:${jobId}`;

function read<T>(key: string): T | undefined {
  try {
    const text = window.localStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown) {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: drafts are a comfort, not a requirement.
  }
}

function remove(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // As above.
  }
}

export function readDraft(jobId: string | undefined): StoredDraft | undefined {
  const draft = read<StoredDraft>(draftKey(jobId));
  return draft && typeof draft === 'object' && 'job' in draft ? draft : undefined;
}

export const writeDraft = (jobId: string | undefined, draft: StoredDraft) => write(draftKey(jobId), draft);
export const clearDraft = (jobId: string | undefined) => remove(draftKey(jobId));

export function readLayout(jobId: string): Record<string, XYPosition> {
  return read<Record<string, XYPosition>>(layoutKey(jobId)) ?? {};
}

export const writeLayout = (jobId: string, positions: Record<string, XYPosition>) => write(layoutKey(jobId), positions);

export function positionsByName(state: Pick<EditorState, 'doc' | 'nodes'>): Record<string, XYPosition> {
  const positions: Record<string, XYPosition> = {};
  for (const node of state.nodes) {
    const name = vertexName(state.doc.vertices[node.id]);
    if (name && !positions[name]) positions[name] = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
  }
  return positions;
}

export function positionsById(doc: GraphDoc, byName: Record<string, XYPosition>): Record<string, XYPosition> {
  const positions: Record<string, XYPosition> = {};
  for (const id of doc.vertexIds) {
    const position = byName[vertexName(doc.vertices[id])];
    if (position && Number.isFinite(position.x) && Number.isFinite(position.y)) positions[id] = position;
  }
  return positions;
}

import type { XYPosition } from '@xyflow/react';
import { portsOf } from './catalogue';
import { resolvedHandles, type GraphDoc } from './graph-document';

export const NODE_WIDTH = 220;
const NODE_HEIGHT = 64;
export const COLUMN_GAP = 72;
const ROW_GAP = 36;

export type Size = { width: number; height: number };

export function estimatedSize(doc: GraphDoc, id: string): Size {
  const ports = portsOf(doc.vertices[id]);
  const rows = Math.max(ports.inputs.length > 1 ? ports.inputs.length : 0, ports.outputs.length > 1 ? ports.outputs.length : 0);
  return { width: NODE_WIDTH, height: NODE_HEIGHT + rows * 22 };
}

function layers(doc: GraphDoc): Map<string, number> {
  const incoming = new Map<string, string[]>();
  const outgoing = new Map<string, string[]>();
  for (const id of doc.edgeIds) {
    const { from, to } = doc.edges[id];
    if (from === undefined || to === undefined || from === to) continue;
    (outgoing.get(from) ?? outgoing.set(from, []).get(from)!).push(to);
    (incoming.get(to) ?? incoming.set(to, []).get(to)!).push(from);
  }
  // Longest path from the sources (Kahn's order); vertices on a cycle go after everything they can reach.
  const remaining = new Map(doc.vertexIds.map((id) => [id, incoming.get(id)?.length ?? 0]));
  const layer = new Map<string, number>();
  const queue = doc.vertexIds.filter((id) => remaining.get(id) === 0);
  for (const id of queue) layer.set(id, 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const next of outgoing.get(id) ?? []) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id)! + 1));
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const deepest = Math.max(0, ...layer.values());
  for (const id of doc.vertexIds) if (!layer.has(id)) layer.set(id, deepest + 1);
  return layer;
}

/**
 * A layered left-to-right placement, computed synchronously so a graph without stored positions renders at once.
 * Auto-layout (elk) does the careful job on request.
 */
export function quickLayout(doc: GraphDoc, origin: XYPosition = { x: 0, y: 0 }): Record<string, XYPosition> {
  const layerOf = layers(doc);
  const columns: string[][] = [];
  for (const id of doc.vertexIds) (columns[layerOf.get(id)!] ??= []).push(id);
  const order = new Map<string, number>();
  const predecessors = new Map<string, string[]>();
  for (const id of doc.edgeIds) {
    const { from, to } = doc.edges[id];
    if (from !== undefined && to !== undefined) (predecessors.get(to) ?? predecessors.set(to, []).get(to)!).push(from);
  }
  const positions: Record<string, XYPosition> = {};
  let x = origin.x;
  for (const column of columns) {
    if (!column) continue;
    // Barycentre ordering: a vertex sits near the vertices that feed it.
    const keyed = column.map((id, index) => {
      const feeders = (predecessors.get(id) ?? []).map((from) => order.get(from)).filter((value) => value !== undefined);
      const centre = feeders.length > 0 ? feeders.reduce((sum, value) => sum + value, 0) / feeders.length : index;
      return { id, centre, index };
    });
    keyed.sort((a, b) => a.centre - b.centre || a.index - b.index);
    let y = origin.y;
    keyed.forEach(({ id }, index) => {
      order.set(id, index);
      positions[id] = { x, y };
      y += estimatedSize(doc, id).height + ROW_GAP;
    });
    x += NODE_WIDTH + COLUMN_GAP;
  }
  // Centre each column on the tallest one.
  const heights = columns.map((column) =>
    column ? column.reduce((sum, id) => sum + estimatedSize(doc, id).height + ROW_GAP, -ROW_GAP) : 0,
  );
  const tallest = Math.max(0, ...heights);
  columns.forEach((column, index) => {
    if (!column) return;
    const shift = (tallest - heights[index]) / 2;
    for (const id of column) positions[id] = { x: positions[id].x, y: positions[id].y + shift };
  });
  return positions;
}

/** Left-to-right layered layout by elk, with every port on its side in declared order. */
export async function elkLayout(doc: GraphDoc, sizes: Record<string, Size | undefined>): Promise<Record<string, XYPosition>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const portId = (vertex: string, side: 'in' | 'out', port: string) => `${vertex}\u0000${side}\u0000${port}`;

  const extraPorts = new Map<string, { inputs: Set<string>; outputs: Set<string> }>();
  const edges: Array<{ id: string; sources: string[]; targets: string[] }> = [];
  for (const id of doc.edgeIds) {
    const entry = doc.edges[id];
    const handles = resolvedHandles(entry, doc);
    if (!handles || entry.from === undefined || entry.to === undefined) continue;
    const fromExtra = extraPorts.get(entry.from) ?? extraPorts.set(entry.from, { inputs: new Set(), outputs: new Set() }).get(entry.from)!;
    fromExtra.outputs.add(handles.sourceHandle);
    const toExtra = extraPorts.get(entry.to) ?? extraPorts.set(entry.to, { inputs: new Set(), outputs: new Set() }).get(entry.to)!;
    toExtra.inputs.add(handles.targetHandle);
    edges.push({ id, sources: [portId(entry.from, 'out', handles.sourceHandle)], targets: [portId(entry.to, 'in', handles.targetHandle)] });
  }

  const children = doc.vertexIds.map((id) => {
    const ports = portsOf(doc.vertices[id]);
    const used = extraPorts.get(id);
    const inputs = [...new Set([...ports.inputs, ...(used?.inputs ?? [])])];
    const outputs = [...new Set([...ports.outputs, ...(used?.outputs ?? [])])];
    const size = sizes[id] ?? estimatedSize(doc, id);
    return {
      id,
      width: size.width,
      height: size.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        ...inputs.map((port, index) => ({
          id: portId(id, 'in', port),
          width: 8,
          height: 8,
          layoutOptions: { 'elk.port.side': 'WEST', 'elk.port.index': String(index) },
        })),
        // East ports are indexed clockwise, so the first output (top) gets the highest index.
        ...outputs.map((port, index) => ({
          id: portId(id, 'out', port),
          width: 8,
          height: 8,
          layoutOptions: { 'elk.port.side': 'EAST', 'elk.port.index': String(outputs.length - 1 - index) },
        })),
      ],
    };
  });

  const result = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'SPLINES',
      'elk.layered.spacing.nodeNodeBetweenLayers': String(COLUMN_GAP),
      'elk.spacing.nodeNode': String(ROW_GAP),
      'elk.spacing.componentComponent': String(ROW_GAP * 2),
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    },
    children,
    edges,
  });
  const positions: Record<string, XYPosition> = {};
  for (const child of result.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
  return positions;
}

import type { Edge, Node, XYPosition } from '@xyflow/react';
import type { ElkExtendedEdge } from 'elkjs/lib/elk-api';
import { operationFor, portsOf } from '@/components/graph-editor/catalogue';
import type { OperationKind } from '@/server/operations/define-operation';
import type { DiffStatus, EdgeDiff, EdgeDiffStatus, GraphDiff, VertexDiff } from './graph-diff';

export const DIFF_NODE_WIDTH = 184;
/** The node's geometry, shared with its component, so elk's ports sit where React Flow draws the handles. */
export const HEADER_HEIGHT = 54;
export const PORT_ROW_HEIGHT = 20;
export const PORTS_PADDING = 6;
const COLUMN_GAP = 64;
const ROW_GAP = 28;
const PORT_SIZE = 8;

export interface DiffNodeData extends Record<string, unknown> {
  name: string;
  status: DiffStatus;
  kind: OperationKind | 'unknown';
  title: string;
  type: string;
  inputs: readonly string[];
  outputs: readonly string[];
  changeCount: number;
}

export type DiffNode = Node<DiffNodeData, 'diff'>;
export type DiffEdge = Edge<{ status: EdgeDiffStatus; bends?: XYPosition[] }, 'routed'>;

export interface DiffLayout {
  positions: Record<string, XYPosition>;
  /** Where each edge bends on its way round the vertices between its ends. */
  bends: Record<string, XYPosition[]>;
}

export const STATUS_LABELS: Record<DiffStatus, string> = {
  added: 'Added',
  removed: 'Removed',
  changed: 'Changed',
  unchanged: 'Unchanged',
};

const union = (a: readonly string[], b: Iterable<string>) => [...new Set([...a, ...b])];

/** The canvas's nodes and edges for a diff: a vertex shows the newer of its two versions, with every port an edge uses. */
export function diffElements(diff: GraphDiff): { nodes: DiffNode[]; edges: DiffEdge[] } {
  const usedInputs = new Map<string, Set<string>>();
  const usedOutputs = new Map<string, Set<string>>();
  const use = (map: Map<string, Set<string>>, vertex: string, port: string) =>
    (map.get(vertex) ?? map.set(vertex, new Set()).get(vertex)!).add(port);

  const present = new Set(diff.vertices.map((vertex) => vertex.name));
  const drawable = diff.edges.filter(
    (edge): edge is EdgeDiff & { from: string; to: string } =>
      edge.from !== undefined && edge.to !== undefined && present.has(edge.from) && present.has(edge.to),
  );
  for (const edge of drawable) {
    use(usedOutputs, edge.from, edge.fromPort ?? 'out');
    use(usedInputs, edge.to, edge.toPort ?? 'in');
  }

  const nodes = diff.vertices.map((vertex): DiffNode => {
    const shown = vertex.after ?? vertex.before!;
    const definition = operationFor(shown.type);
    const ports = portsOf(shown);
    const data: DiffNodeData = {
      name: vertex.name,
      status: vertex.status,
      kind: definition?.kind ?? 'unknown',
      title: definition?.title ?? `Unknown type ${shown.type}`,
      type: typeof shown.type === 'string' ? shown.type : '',
      inputs: union(ports.inputs, usedInputs.get(vertex.name) ?? []),
      outputs: union(ports.outputs, usedOutputs.get(vertex.name) ?? []),
      changeCount: vertex.status === 'changed' ? vertex.changes.length : 0,
    };
    return {
      id: vertex.name,
      type: 'diff',
      position: { x: 0, y: 0 },
      data,
      draggable: false,
      connectable: false,
      deletable: false,
      ariaLabel: `${vertex.name} (${data.title}): ${STATUS_LABELS[vertex.status].toLowerCase()}`,
      width: DIFF_NODE_WIDTH,
      height: nodeHeight(data),
    };
  });

  const edges = drawable.map(
    (edge): DiffEdge => ({
      id: edge.key,
      type: 'routed',
      source: edge.from,
      target: edge.to,
      sourceHandle: edge.fromPort ?? 'out',
      targetHandle: edge.toPort ?? 'in',
      data: { status: edge.status },
      className: `diff-edge diff-edge-${edge.status}`,
      deletable: false,
      ariaLabel: `Edge ${edge.text}: ${edge.status}`,
      // Removed edges first, so they draw beneath what stays.
      zIndex: edge.status === 'removed' ? 0 : 1,
    }),
  );
  return { nodes, edges };
}

/** Ports get their own labelled rows only when a side has more than one. */
export function portRows(data: Pick<DiffNodeData, 'inputs' | 'outputs'>): number {
  return Math.max(data.inputs.length > 1 ? data.inputs.length : 0, data.outputs.length > 1 ? data.outputs.length : 0);
}

function nodeHeight(data: DiffNodeData): number {
  const rows = portRows(data);
  return HEADER_HEIGHT + (rows > 0 ? rows * PORT_ROW_HEIGHT + PORTS_PADDING : 0);
}

/** The y of a port's centre within its node: level with the header when alone on its side, else on its row. */
export function portCentreY(ports: readonly string[], index: number): number {
  if (ports.length <= 1) return HEADER_HEIGHT / 2;
  return HEADER_HEIGHT + index * PORT_ROW_HEIGHT + PORT_ROW_HEIGHT / 2;
}

const portId = (vertex: string, side: 'in' | 'out', port: string) => `${vertex}\u0000${side}\u0000${port}`;

/** Left to right, layered by elk, with the edges routed round the vertices they pass. */
export async function layoutDiff(nodes: DiffNode[], edges: DiffEdge[]): Promise<DiffLayout> {
  try {
    const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
    const result = await new ELK().layout({
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.edgeRouting': 'ORTHOGONAL',
        'elk.layered.spacing.nodeNodeBetweenLayers': String(COLUMN_GAP),
        'elk.layered.spacing.edgeNodeBetweenLayers': '20',
        'elk.spacing.nodeNode': String(ROW_GAP),
        'elk.spacing.edgeNode': '16',
        'elk.spacing.edgeEdge': '10',
        'elk.spacing.componentComponent': String(ROW_GAP * 2),
        'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
        'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      },
      children: nodes.map((node) => ({
        id: node.id,
        width: node.width,
        height: node.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
        ports: [
          ...node.data.inputs.map((port, index) => ({
            id: portId(node.id, 'in', port),
            width: PORT_SIZE,
            height: PORT_SIZE,
            x: -PORT_SIZE,
            y: portCentreY(node.data.inputs, index) - PORT_SIZE / 2,
            layoutOptions: { 'elk.port.side': 'WEST' },
          })),
          ...node.data.outputs.map((port, index) => ({
            id: portId(node.id, 'out', port),
            width: PORT_SIZE,
            height: PORT_SIZE,
            x: node.width ?? DIFF_NODE_WIDTH,
            y: portCentreY(node.data.outputs, index) - PORT_SIZE / 2,
            layoutOptions: { 'elk.port.side': 'EAST' },
          })),
        ],
      })),
      edges: edges.map((edge) => ({
        id: edge.id,
        sources: [portId(edge.source, 'out', edge.sourceHandle ?? 'out')],
        targets: [portId(edge.target, 'in', edge.targetHandle ?? 'in')],
      })),
    });
    const positions: Record<string, XYPosition> = {};
    for (const child of result.children ?? []) positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
    const bends: Record<string, XYPosition[]> = {};
    for (const edge of (result.edges ?? []) as ElkExtendedEdge[]) {
      const section = edge.sections?.[0];
      if (section?.bendPoints?.length) bends[edge.id] = section.bendPoints.map(({ x, y }) => ({ x, y }));
    }
    return { positions, bends };
  } catch {
    return { positions: columnLayout(nodes, edges), bends: {} };
  }
}

/** A plain layered placement, for when elk cannot lay the graph out (a cycle in an invalid old version, say). */
function columnLayout(nodes: DiffNode[], edges: DiffEdge[]): Record<string, XYPosition> {
  const layer = new Map(nodes.map((node) => [node.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let moved = false;
    for (const edge of edges) {
      const next = (layer.get(edge.source) ?? 0) + 1;
      if (edge.source !== edge.target && next > (layer.get(edge.target) ?? 0) && next < nodes.length) {
        layer.set(edge.target, next);
        moved = true;
      }
    }
    if (!moved) break;
  }
  const heights = new Map<number, number>();
  const positions: Record<string, XYPosition> = {};
  for (const node of nodes) {
    const column = layer.get(node.id) ?? 0;
    const y = heights.get(column) ?? 0;
    positions[node.id] = { x: column * (DIFF_NODE_WIDTH + COLUMN_GAP), y };
    heights.set(column, y + (node.height ?? HEADER_HEIGHT) + ROW_GAP);
  }
  return positions;
}

export function vertexDiffByName(diff: GraphDiff): Map<string, VertexDiff> {
  return new Map(diff.vertices.map((vertex) => [vertex.name, vertex]));
}

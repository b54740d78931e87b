import {
  applyEdgeChanges,
  applyNodeChanges,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { formatEdge, parseEdge } from '@/server/model/edges';
import { baseNameFor, operationFor, portsOf, uniqueName } from './catalogue';
import {
  bindEdge,
  docFromJob,
  edgeTextFor,
  newEdgeId,
  newVertexId,
  rebindDanglingEdges,
  resolvedHandles,
  vertexName,
  vertexType,
  type EdgeEntry,
  type GraphDoc,
  type RawVertex,
} from './graph-document';
import { COLUMN_GAP, NODE_WIDTH, quickLayout } from './layout';
import { connectionProblem, validateDoc, type LockedJobFields, type ValidationIndex } from './validation';

type NoData = Record<string, never>;
export type EditorNode = Node<NoData, 'vertex'>;
export type EditorEdge = Edge<NoData, 'rate'>;

const NO_DATA: NoData = {};
const HISTORY_LIMIT = 200;
/** Edits of one field in quick succession (typing) are one undo step. */
const COALESCE_MS = 1_500;

export interface Snapshot {
  doc: GraphDoc;
  positions: Record<string, XYPosition>;
}

export interface ExtraPorts {
  inputs: readonly string[];
  outputs: readonly string[];
}

export interface LiveVertex {
  eventsInPerSecond: number;
  eventsOutPerSecond: number;
  eventsIn: number;
  eventsOut: number;
  errors: number;
  lastError?: string;
}

export interface LiveMetricsPayload {
  eventsPerSecond?: number;
  vertices: Array<{
    vertex: string;
    eventsIn: number;
    eventsOut: number;
    errors: number;
    lastError?: string;
    eventsInPerSecond: number;
    eventsOutPerSecond: number;
  }>;
}

export interface LiveState {
  /** Rates are shown only while the deployed version runs. */
  running: boolean;
  /** What the sources emit per second, the pipeline's throughput. */
  eventsPerSecond?: number;
  byVertex: Record<string, LiveVertex>;
  edgeRates: Record<string, number>;
  /** The vertex a FAILED job names in its reason, and the reason. */
  failedVertex?: string;
  failure?: string;
}

export interface Notice {
  id: number;
  tone: 'error' | 'info' | 'success';
  text: string;
}

export interface FocusRequest {
  vertexId: string;
  field?: string;
  seq: number;
}

export interface EditorActions {
  onNodesChange(changes: NodeChange<EditorNode>[]): void;
  onEdgesChange(changes: EdgeChange<EditorEdge>[]): void;
  beginMove(): void;
  endMove(): void;
  addVertex(type: string, position: XYPosition, options?: { after?: string }): string;
  removeElements(vertexIds: readonly string[], edgeIds: readonly string[]): void;
  removeSelection(): void;
  setVertexField(id: string, path: ReadonlyArray<string | number>, value: unknown): void;
  renameVertex(id: string, name: string): void;
  setVertexType(id: string, type: string): void;
  connect(fromId: string, fromPort: string, toId: string, toPort: string): string | undefined;
  /** Moves an edge's end to another port, keeping its place in the list. */
  reconnect(edgeId: string, fromId: string, fromPort: string, toId: string, toPort: string): string | undefined;
  setJobField(key: string, value: unknown): void;
  replaceDoc(doc: GraphDoc, options?: { key?: string; positions?: Record<string, XYPosition>; relayout?: boolean }): void;
  insertFragment(fragment: GraphFragment, at: XYPosition): void;
  applyPositions(positions: Record<string, XYPosition>): void;
  select(vertexIds: readonly string[], edgeIds?: readonly string[]): void;
  selectAll(): void;
  undo(): void;
  redo(): void;
  setLive(payload: LiveMetricsPayload | undefined, running: boolean): void;
  setFailure(reason: string | undefined): void;
  notify(tone: Notice['tone'], text: string): void;
  dismissNotice(id?: number): void;
  focusField(vertexId: string, field?: string): void;
  /** Starts over from a document without history (a load, not an edit). */
  reset(doc: GraphDoc, positions: Record<string, XYPosition>): void;
}

export interface EditorState {
  doc: GraphDoc;
  nodes: EditorNode[];
  edges: EditorEdge[];
  validation: ValidationIndex;
  /** Ports that edges use but the operation does not declare (drawn in red so the edge stays visible). */
  extraPorts: Record<string, ExtraPorts>;
  past: Snapshot[];
  future: Snapshot[];
  /** Bumps on every change to the document or the layout: drafts save on it. */
  revision: number;
  live: LiveState;
  notice: Notice | null;
  focusRequest: FocusRequest | null;
  locked?: LockedJobFields;
  actions: EditorActions;
}

export type EditorStore = StoreApi<EditorState>;

/** Vertices and the edges among them, as copied to the clipboard. */
export interface GraphFragment {
  vertices: RawVertex[];
  edges: string[];
  /** Top-left corners relative to the fragment's top-left. */
  positions: XYPosition[];
}

// ─── Derivations ─────────────────────────────────────────────────────────────

function nodeLabel(vertex: RawVertex): string {
  const definition = operationFor(vertex.type);
  return `${vertexName(vertex) || 'unnamed'} (${definition?.title ?? (vertexType(vertex) || 'no type')})`;
}

const samePosition = (a: XYPosition, b: XYPosition) => a.x === b.x && a.y === b.y;

function buildNodes(
  doc: GraphDoc,
  previous: EditorNode[],
  positions: Record<string, XYPosition> | undefined,
  selected: ReadonlySet<string> | undefined,
): EditorNode[] {
  const byId = new Map(previous.map((node) => [node.id, node]));
  let changed = previous.length !== doc.vertexIds.length;
  const nodes = doc.vertexIds.map((id, index) => {
    const old = byId.get(id);
    const wanted = positions?.[id];
    const position = wanted && !(old && samePosition(old.position, wanted)) ? wanted : (old?.position ?? { x: 0, y: 0 });
    const ariaLabel = nodeLabel(doc.vertices[id]);
    const isSelected = selected ? selected.has(id) : (old?.selected ?? false);
    if (old && old.position === position && old.ariaLabel === ariaLabel && Boolean(old.selected) === isSelected) {
      if (previous[index] !== old) changed = true;
      return old;
    }
    changed = true;
    // `measured` must carry over, or React Flow hides the node until it measures it again.
    return old
      ? { ...old, position, ariaLabel, selected: isSelected }
      : { id, type: 'vertex' as const, position, data: NO_DATA, ariaLabel, selected: isSelected };
  });
  return changed ? nodes : previous;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

function buildEdges(
  doc: GraphDoc,
  previous: EditorEdge[],
  previousExtra: Record<string, ExtraPorts>,
  selected: ReadonlySet<string> | undefined,
): { edges: EditorEdge[]; extraPorts: Record<string, ExtraPorts> } {
  const byId = new Map(previous.map((edge) => [edge.id, edge]));
  const extra: Record<string, { inputs: string[]; outputs: string[] }> = {};
  const note = (id: string, side: 'inputs' | 'outputs', port: string) => {
    const entry = (extra[id] ??= { inputs: [], outputs: [] });
    if (!entry[side].includes(port)) entry[side].push(port);
  };
  const edges: EditorEdge[] = [];
  let changed = false;
  for (const id of doc.edgeIds) {
    const entry = doc.edges[id];
    const handles = resolvedHandles(entry, doc);
    if (!handles || entry.from === undefined || entry.to === undefined) continue;
    if (!portsOf(doc.vertices[entry.from]).outputs.includes(handles.sourceHandle)) note(entry.from, 'outputs', handles.sourceHandle);
    if (!portsOf(doc.vertices[entry.to]).inputs.includes(handles.targetHandle)) note(entry.to, 'inputs', handles.targetHandle);
    const old = byId.get(id);
    const ariaLabel = `Edge ${entry.text}`;
    const isSelected = selected ? selected.has(id) : (old?.selected ?? false);
    if (
      old &&
      old.source === entry.from &&
      old.target === entry.to &&
      old.sourceHandle === handles.sourceHandle &&
      old.targetHandle === handles.targetHandle &&
      old.ariaLabel === ariaLabel &&
      Boolean(old.selected) === isSelected
    ) {
      if (previous[edges.length] !== old) changed = true;
      edges.push(old);
      continue;
    }
    changed = true;
    edges.push({
      id,
      type: 'rate',
      source: entry.from,
      target: entry.to,
      sourceHandle: handles.sourceHandle,
      targetHandle: handles.targetHandle,
      ariaLabel,
      selected: isSelected,
      data: NO_DATA,
    });
  }
  if (edges.length !== previous.length) changed = true;

  // Keep each vertex's extra-port lists when they did not change, so its node does not re-render.
  const extraPorts: Record<string, ExtraPorts> = {};
  for (const [id, ports] of Object.entries(extra)) {
    const old = previousExtra[id];
    extraPorts[id] = old && sameList(old.inputs, ports.inputs) && sameList(old.outputs, ports.outputs) ? old : ports;
  }
  return { edges: changed ? edges : previous, extraPorts };
}

function positionsOf(nodes: readonly EditorNode[]): Record<string, XYPosition> {
  const positions: Record<string, XYPosition> = {};
  for (const node of nodes) positions[node.id] = node.position;
  return positions;
}

function setIn(target: unknown, path: ReadonlyArray<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(target) ? [...target] : [];
    list[head] = setIn(list[head], rest, value);
    return list;
  }
  const record =
    typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  const next = setIn(record[head], rest, value);
  if (next === undefined) delete record[head];
  else record[head] = next;
  return record;
}

function computeEdgeRates(doc: GraphDoc, byVertex: Record<string, LiveVertex>): Record<string, number> {
  const incoming = new Map<string, number>();
  for (const id of doc.edgeIds) {
    const to = doc.edges[id].to;
    if (to !== undefined) incoming.set(to, (incoming.get(to) ?? 0) + 1);
  }
  const rates: Record<string, number> = {};
  for (const id of doc.edgeIds) {
    const { from, to } = doc.edges[id];
    if (from === undefined || to === undefined) continue;
    // Exact when the target has this one input edge; else the source's output when it has a single port.
    const target = byVertex[vertexName(doc.vertices[to])];
    if (target && incoming.get(to) === 1) {
      rates[id] = target.eventsInPerSecond;
      continue;
    }
    const source = byVertex[vertexName(doc.vertices[from])];
    if (source && portsOf(doc.vertices[from]).outputs.length <= 1) rates[id] = source.eventsOutPerSecond;
  }
  return rates;
}

/** `vertex "parse" (json-log-processor) could not start: …` names the vertex that failed. */
export function failedVertexOf(reason: string | undefined): string | undefined {
  return reason ? /vertex "([^"]+)"/.exec(reason)?.[1] : undefined;
}

/** Places vertices that have no position: next to what feeds them, else below everything. */
function placeNewVertices(doc: GraphDoc, known: Record<string, XYPosition>): Record<string, XYPosition> {
  const missing = doc.vertexIds.filter((id) => !known[id]);
  if (missing.length === 0) return known;
  if (missing.length === doc.vertexIds.length) return quickLayout(doc);
  const positions = { ...known };
  const placed = Object.values(known);
  let bottom = Math.max(...placed.map((position) => position.y)) + 140;
  const left = Math.min(...placed.map((position) => position.x));
  for (const id of missing) {
    const feeder = doc.edgeIds.map((edgeId) => doc.edges[edgeId]).find((edge) => edge.to === id && edge.from && positions[edge.from]);
    if (feeder?.from) {
      const base = positions[feeder.from];
      positions[id] = { x: base.x + NODE_WIDTH + COLUMN_GAP, y: base.y };
    } else {
      positions[id] = { x: left, y: bottom };
      bottom += 120;
    }
  }
  return positions;
}

// ─── The store ───────────────────────────────────────────────────────────────

export interface EditorInit {
  doc: GraphDoc;
  positions?: Record<string, XYPosition>;
  locked?: LockedJobFields;
}

export function createEditorStore({ doc: initialDoc, positions: initialPositions, locked }: EditorInit): EditorStore {
  let moveStart: Snapshot | null = null;
  let lastStep: { key?: string; at: number } = { at: 0 };
  let noticeSeq = 0;
  let focusSeq = 0;

  return createStore<EditorState>()((set, get) => {
    const snapshot = (state: EditorState): Snapshot => ({ doc: state.doc, positions: positionsOf(state.nodes) });

    const history = (state: EditorState, key?: string): Pick<EditorState, 'past' | 'future'> => {
      const now = Date.now();
      const coalesce = key !== undefined && lastStep.key === key && now - lastStep.at < COALESCE_MS && state.future.length === 0;
      lastStep = { key, at: now };
      if (coalesce && state.past.length > 0) return { past: state.past, future: [] };
      return { past: [...state.past.slice(-(HISTORY_LIMIT - 1)), snapshot(state)], future: [] };
    };

    /** Every edit goes through here: one call, one undo step (or a continuation of the same field's step). */
    const commit = (
      next: { doc?: GraphDoc; positions?: Record<string, XYPosition>; select?: { vertices: readonly string[]; edges: readonly string[] } },
      key?: string,
    ) => {
      const state = get();
      const doc = next.doc ? rebindDanglingEdges(next.doc) : state.doc;
      const nodes = buildNodes(doc, state.nodes, next.positions, next.select ? new Set(next.select.vertices) : undefined);
      const built =
        doc === state.doc && !next.select
          ? { edges: state.edges, extraPorts: state.extraPorts }
          : buildEdges(doc, state.edges, state.extraPorts, next.select ? new Set(next.select.edges) : undefined);
      set({
        ...history(state, key),
        doc,
        nodes,
        edges: built.edges,
        extraPorts: built.extraPorts,
        validation: doc === state.doc ? state.validation : validateDoc(doc, state.locked),
        live: doc === state.doc ? state.live : { ...state.live, edgeRates: computeEdgeRates(doc, state.live.byVertex) },
        revision: state.revision + 1,
      });
    };

    const restore = (target: Snapshot) => {
      const state = get();
      const selectedVertices = new Set(state.nodes.filter((node) => node.selected).map((node) => node.id));
      const selectedEdges = new Set(state.edges.filter((edge) => edge.selected).map((edge) => edge.id));
      const nodes = buildNodes(target.doc, state.nodes, target.positions, selectedVertices);
      const built = buildEdges(target.doc, state.edges, state.extraPorts, selectedEdges);
      lastStep = { at: 0 };
      return {
        doc: target.doc,
        nodes,
        edges: built.edges,
        extraPorts: built.extraPorts,
        validation: target.doc === state.doc ? state.validation : validateDoc(target.doc, state.locked),
        live: { ...state.live, edgeRates: computeEdgeRates(target.doc, state.live.byVertex) },
        revision: state.revision + 1,
      };
    };

    const takenNames = (doc: GraphDoc) => new Set(doc.vertexIds.map((id) => vertexName(doc.vertices[id])));

    const selectedIds = () => ({
      vertices: get().nodes.filter((node) => node.selected).map((node) => node.id),
      edges: get().edges.filter((edge) => edge.selected).map((edge) => edge.id),
    });

    const actions: EditorActions = {
      onNodesChange(changes) {
        const state = get();
        const relevant = changes.filter((change) => change.type !== 'remove' && change.type !== 'add' && change.type !== 'replace');
        if (relevant.length === 0) return;
        const keyboardMove = moveStart === null && relevant.some((change) => change.type === 'position' && !change.dragging);
        const before = keyboardMove ? snapshot(state) : undefined;
        const nodes = applyNodeChanges(relevant, state.nodes);
        if (before) {
          const now = Date.now();
          const coalesce = lastStep.key === 'keyboard-move' && now - lastStep.at < COALESCE_MS && state.past.length > 0;
          lastStep = { key: 'keyboard-move', at: now };
          set({
            nodes,
            past: coalesce ? state.past : [...state.past.slice(-(HISTORY_LIMIT - 1)), before],
            future: [],
            revision: state.revision + 1,
          });
        } else {
          set({ nodes });
        }
      },

      onEdgesChange(changes) {
        const relevant = changes.filter((change) => change.type === 'select');
        if (relevant.length > 0) set({ edges: applyEdgeChanges(relevant, get().edges) });
      },

      beginMove() {
        moveStart = snapshot(get());
      },

      endMove() {
        const start = moveStart;
        moveStart = null;
        if (!start) return;
        const state = get();
        const moved = state.nodes.some((node) => {
          const before = start.positions[node.id];
          return before && !samePosition(before, node.position);
        });
        if (!moved) return;
        lastStep = { at: 0 };
        set({ past: [...state.past.slice(-(HISTORY_LIMIT - 1)), start], future: [], revision: state.revision + 1 });
      },

      addVertex(type, position, options = {}) {
        const { doc } = get();
        const definition = operationFor(type);
        const name = uniqueName(baseNameFor(definition, type), takenNames(doc));
        const id = newVertexId();
        const vertex: RawVertex = { type: definition?.type ?? type, name };
        let next: GraphDoc = { ...doc, vertexIds: [...doc.vertexIds, id], vertices: { ...doc.vertices, [id]: vertex } };
        const after = options.after ? doc.vertices[options.after] : undefined;
        if (options.after && after) {
          const fromPort = portsOf(after).outputs[0];
          const toPort = portsOf(vertex).inputs[0];
          if (fromPort && toPort && !connectionProblem(next, options.after, fromPort, id, toPort)) {
            const edgeId = newEdgeId();
            const text = formatEdge({ from: vertexName(after), fromPort, to: name, toPort });
            next = { ...next, edgeIds: [...next.edgeIds, edgeId], edges: { ...next.edges, [edgeId]: bindEdge(text, next) } };
          }
        }
        commit({ doc: next, positions: { [id]: position }, select: { vertices: [id], edges: [] } });
        return id;
      },

      removeElements(vertexIds, edgeIds) {
        const { doc } = get();
        const goneVertices = new Set(vertexIds.filter((id) => doc.vertices[id]));
        const goneEdges = new Set(edgeIds.filter((id) => doc.edges[id]));
        for (const id of doc.edgeIds) {
          const { from, to } = doc.edges[id];
          if ((from && goneVertices.has(from)) || (to && goneVertices.has(to))) goneEdges.add(id);
        }
        if (goneVertices.size === 0 && goneEdges.size === 0) return;
        const vertices = { ...doc.vertices };
        for (const id of goneVertices) delete vertices[id];
        const edges = { ...doc.edges };
        for (const id of goneEdges) delete edges[id];
        commit({
          doc: {
            ...doc,
            vertexIds: doc.vertexIds.filter((id) => !goneVertices.has(id)),
            vertices,
            edgeIds: doc.edgeIds.filter((id) => !goneEdges.has(id)),
            edges,
          },
          select: { vertices: [], edges: [] },
        });
      },

      removeSelection() {
        const selected = selectedIds();
        actions.removeElements(selected.vertices, selected.edges);
      },

      setVertexField(id, path, value) {
        const { doc } = get();
        const vertex = doc.vertices[id];
        if (!vertex || path.length === 0) return;
        const updated = setIn(vertex, path, value) as RawVertex;
        commit({ doc: { ...doc, vertices: { ...doc.vertices, [id]: updated } } }, `field:${id}:${path.join('.')}`);
      },

      renameVertex(id, name) {
        const { doc } = get();
        const vertex = doc.vertices[id];
        if (!vertex || vertex.name === name) return;
        let next: GraphDoc = { ...doc, vertices: { ...doc.vertices, [id]: { ...vertex, name } } };
        let edges: Record<string, EdgeEntry> | undefined;
        for (const edgeId of doc.edgeIds) {
          const entry = doc.edges[edgeId];
          if (entry.from !== id && entry.to !== id) continue;
          edges ??= { ...doc.edges };
          edges[edgeId] = { ...entry, text: edgeTextFor(entry, next) };
        }
        if (edges) next = { ...next, edges };
        commit({ doc: next }, `rename:${id}`);
      },

      setVertexType(id, type) {
        const { doc } = get();
        const vertex = doc.vertices[id];
        if (!vertex) return;
        commit({ doc: { ...doc, vertices: { ...doc.vertices, [id]: { ...vertex, type } } } });
      },

      connect(fromId, fromPort, toId, toPort) {
        const { doc } = get();
        const problem = connectionProblem(doc, fromId, fromPort, toId, toPort);
        if (problem) {
          actions.notify('error', `Can't connect: ${problem}`);
          return problem;
        }
        const text = formatEdge({ from: vertexName(doc.vertices[fromId]), fromPort, to: vertexName(doc.vertices[toId]), toPort });
        const id = newEdgeId();
        const entry: EdgeEntry = { text, from: fromId, fromPort, to: toId, toPort };
        commit({ doc: { ...doc, edgeIds: [...doc.edgeIds, id], edges: { ...doc.edges, [id]: entry } } });
        return undefined;
      },

      reconnect(edgeId, fromId, fromPort, toId, toPort) {
        const { doc } = get();
        if (!doc.edges[edgeId]) return undefined;
        const others = { ...doc.edges };
        delete others[edgeId];
        const without: GraphDoc = { ...doc, edgeIds: doc.edgeIds.filter((id) => id !== edgeId), edges: others };
        const problem = connectionProblem(without, fromId, fromPort, toId, toPort);
        if (problem) {
          actions.notify('error', `Can't connect: ${problem}`);
          return problem;
        }
        const text = formatEdge({ from: vertexName(doc.vertices[fromId]), fromPort, to: vertexName(doc.vertices[toId]), toPort });
        commit({ doc: { ...doc, edges: { ...doc.edges, [edgeId]: { text, from: fromId, fromPort, to: toId, toPort } } } });
        return undefined;
      },

      setJobField(key, value) {
        const { doc } = get();
        const shell = { ...doc.shell };
        if (value === undefined) delete shell[key];
        else shell[key] = value;
        commit({ doc: { ...doc, shell } }, `job:${key}`);
      },

      replaceDoc(doc, options = {}) {
        const state = get();
        const known: Record<string, XYPosition> = {};
        if (!options.relayout) {
          const current = positionsOf(state.nodes);
          for (const id of doc.vertexIds) {
            const position = options.positions?.[id] ?? current[id];
            if (position) known[id] = position;
          }
        }
        commit({ doc, positions: placeNewVertices(doc, known) }, options.key);
      },

      insertFragment(fragment, at) {
        const { doc } = get();
        const taken = takenNames(doc);
        const renamed = new Map<string, string>();
        const ids: string[] = [];
        const vertices = { ...doc.vertices };
        const positions: Record<string, XYPosition> = {};
        fragment.vertices.forEach((raw, index) => {
          const original = vertexName(raw);
          const name = uniqueName(original || baseNameFor(operationFor(raw.type), vertexType(raw)), taken);
          taken.add(name);
          if (original && !renamed.has(original)) renamed.set(original, name);
          const id = newVertexId();
          ids.push(id);
          vertices[id] = { ...structuredClone(raw), name };
          const offset = fragment.positions[index] ?? { x: index * 30, y: index * 30 };
          positions[id] = { x: at.x + offset.x, y: at.y + offset.y };
        });
        let next: GraphDoc = { ...doc, vertexIds: [...doc.vertexIds, ...ids], vertices };
        const edgeIds: string[] = [];
        const edges = { ...doc.edges };
        const byName = new Map(ids.map((id) => [vertexName(vertices[id]), id]));
        for (const text of fragment.edges) {
          const parsed = parseEdge(text);
          if (!parsed.ok) continue;
          const from = renamed.get(parsed.edge.from);
          const to = renamed.get(parsed.edge.to);
          if (!from || !to) continue;
          const rewritten = formatEdge({ ...parsed.edge, from, to });
          const id = newEdgeId();
          edgeIds.push(id);
          edges[id] = { text: rewritten, from: byName.get(from), fromPort: parsed.edge.fromPort, to: byName.get(to), toPort: parsed.edge.toPort };
        }
        next = { ...next, edgeIds: [...doc.edgeIds, ...edgeIds], edges };
        commit({ doc: next, positions, select: { vertices: ids, edges: edgeIds } });
      },

      applyPositions(positions) {
        commit({ positions });
      },

      select(vertexIds, edgeIds = []) {
        const state = get();
        const vertices = new Set(vertexIds);
        const edgeSet = new Set(edgeIds);
        set({
          nodes: state.nodes.map((node) => (Boolean(node.selected) === vertices.has(node.id) ? node : { ...node, selected: vertices.has(node.id) })),
          edges: state.edges.map((edge) => (Boolean(edge.selected) === edgeSet.has(edge.id) ? edge : { ...edge, selected: edgeSet.has(edge.id) })),
        });
      },

      selectAll() {
        const state = get();
        actions.select(
          state.nodes.map((node) => node.id),
          state.edges.map((edge) => edge.id),
        );
      },

      undo() {
        const state = get();
        const target = state.past[state.past.length - 1];
        if (!target) return;
        const current = snapshot(state);
        set({ ...restore(target), past: state.past.slice(0, -1), future: [current, ...state.future] });
      },

      redo() {
        const state = get();
        const target = state.future[0];
        if (!target) return;
        const current = snapshot(state);
        set({ ...restore(target), past: [...state.past, current], future: state.future.slice(1) });
      },

      setLive(payload, running) {
        const state = get();
        const byVertex: Record<string, LiveVertex> = {};
        for (const metrics of payload?.vertices ?? []) {
          byVertex[metrics.vertex] = {
            eventsInPerSecond: metrics.eventsInPerSecond,
            eventsOutPerSecond: metrics.eventsOutPerSecond,
            eventsIn: metrics.eventsIn,
            eventsOut: metrics.eventsOut,
            errors: metrics.errors,
            lastError: metrics.lastError,
          };
        }
        set({
          live: { ...state.live, running, eventsPerSecond: payload?.eventsPerSecond, byVertex, edgeRates: computeEdgeRates(state.doc, byVertex) },
        });
      },

      setFailure(reason) {
        const state = get();
        if (state.live.failure === reason) return;
        set({ live: { ...state.live, failure: reason, failedVertex: failedVertexOf(reason) } });
      },

      notify(tone, text) {
        set({ notice: { id: ++noticeSeq, tone, text } });
      },

      dismissNotice(id) {
        const { notice } = get();
        if (notice && (id === undefined || notice.id === id)) set({ notice: null });
      },

      focusField(vertexId, field) {
        set({ focusRequest: { vertexId, field, seq: ++focusSeq } });
      },

      reset(doc, positions) {
        const state = get();
        lastStep = { at: 0 };
        const bound = rebindDanglingEdges(doc);
        const placed = placeNewVertices(bound, positions);
        const nodes = buildNodes(bound, [], placed, new Set());
        const built = buildEdges(bound, [], {}, new Set());
        set({
          doc: bound,
          nodes,
          edges: built.edges,
          extraPorts: built.extraPorts,
          validation: validateDoc(bound, state.locked),
          past: [],
          future: [],
          revision: state.revision + 1,
          live: { ...state.live, edgeRates: computeEdgeRates(bound, state.live.byVertex) },
        });
      },
    };

    const doc = rebindDanglingEdges(initialDoc);
    const positions = placeNewVertices(doc, initialPositions ?? {});
    const built = buildEdges(doc, [], {}, undefined);
    return {
      doc,
      nodes: buildNodes(doc, [], positions, undefined),
      edges: built.edges,
      extraPorts: built.extraPorts,
      validation: validateDoc(doc, locked),
      past: [],
      future: [],
      revision: 0,
      live: { running: false, byVertex: {}, edgeRates: {} },
      notice: null,
      focusRequest: null,
      locked,
      actions,
    };
  });
}

/** Vertices (by id) that are selected, in document order. */
export function selectedVertexIds(state: EditorState): string[] {
  return state.nodes.filter((node) => node.selected).map((node) => node.id);
}

export function selectedEdgeIds(state: EditorState): string[] {
  return state.edges.filter((edge) => edge.selected).map((edge) => edge.id);
}

/** Parses job JSON into a document that keeps the current vertex ids where it can. */
export function docFromJson(text: string, previous?: GraphDoc, importing = false) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
  }
  return docFromJob(value, previous, { importing });
}

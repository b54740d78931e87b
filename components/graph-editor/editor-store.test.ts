import { describe, expect, it } from 'vitest';
import { portsOf } from './catalogue';
import { createEditorStore, selectedVertexIds } from './editor-store';
import { docFromJob, emptyDoc, jobFromDoc, jobText, vertexName, type GraphDoc } from './graph-document';
import { quickLayout } from './layout';

function parse(job: unknown): GraphDoc {
  const parsed = docFromJob(job);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.doc;
}

const generatorToSink = {
  name: 'demo',
  execution: 'ASYNCHRONOUS',
  processing: 'STREAMING',
  jobGraph: {
    vertices: [
      { name: 'gen', type: 'logs-generator-source', rate: 5 },
      { name: 'keep', type: 'logs-filter', predicate: { type: 'datadog-query', query: 'status:error' } },
      { name: 'sink', type: 'discarding-sink' },
    ],
    edges: ['gen -> keep', 'keep:out -> sink:in'],
  },
};

const idOf = (doc: GraphDoc, name: string) => doc.vertexIds.find((id) => vertexName(doc.vertices[id]) === name)!;

describe('the job JSON round trip', () => {
  it('gives back the same JSON, keys in the order they were written and edges as they were written', () => {
    const job = { processing: 'STREAMING', jobGraph: generatorToSink.jobGraph, name: 'demo', tags: { team: 'core' }, execution: 'ASYNCHRONOUS' };
    expect(jobText(parse(job))).toBe(JSON.stringify(job, null, 2));
  });

  it('keeps params the operation does not know, for validation to report', () => {
    const job = { name: 'x', jobGraph: { vertices: [{ name: 'gen', type: 'logs-generator-source', colour: 'blue' }], edges: [] } };
    expect(jobFromDoc(parse(job))).toEqual(job);
  });

  it('refuses JSON the canvas cannot draw, saying where', () => {
    const parsed = docFromJob({ jobGraph: { vertices: [{ name: 'a', type: 'x' }, 'b'], edges: [] } });
    expect(parsed).toEqual({ ok: false, message: expect.stringContaining('jobGraph.vertices[1]') });
  });
});

describe('editing', () => {
  it('connects ports as `a:out -> b:in`, and refuses a cycle or an edge into a source with the reason', () => {
    const store = createEditorStore({ doc: parse(generatorToSink) });
    const { doc, actions } = store.getState();
    expect(actions.connect(idOf(doc, 'keep'), 'out', idOf(doc, 'keep'), 'in')).toMatch(/cannot feed itself/);
    expect(actions.connect(idOf(doc, 'keep'), 'out', idOf(doc, 'gen'), 'in')).toMatch(/"gen" is a source/);

    const second = actions.addVertex('logs-filter', { x: 0, y: 0 });
    expect(vertexName(store.getState().doc.vertices[second])).toBe('filter');
    expect(actions.connect(idOf(doc, 'keep'), 'out', second, 'in')).toBeUndefined();
    expect(store.getState().doc.edges[store.getState().doc.edgeIds.at(-1)!].text).toBe('keep:out -> filter:in');
    expect(actions.connect(second, 'out', idOf(doc, 'keep'), 'in')).toBe(
      'That would create a cycle (filter → keep → filter): a pipeline must flow one way.',
    );
  });

  it('renaming a vertex rewrites its edges, keeping the ports as they were written', () => {
    const store = createEditorStore({ doc: parse(generatorToSink) });
    store.getState().actions.renameVertex(idOf(store.getState().doc, 'keep'), 'errors_only');
    expect(jobFromDoc(store.getState().doc).jobGraph).toMatchObject({ edges: ['gen -> errors_only', 'errors_only:out -> sink:in'] });
  });

  it('gives new vertices unique names: parse_json, parse_json_2', () => {
    const store = createEditorStore({ doc: emptyDoc('x') });
    const first = store.getState().actions.addVertex('json-log-processor', { x: 0, y: 0 });
    const second = store.getState().actions.addVertex('json-log-processor', { x: 0, y: 0 });
    const names = [first, second].map((id) => vertexName(store.getState().doc.vertices[id]));
    expect(names).toEqual(['parse_json', 'parse_json_2']);
  });

  it('deleting a vertex takes its edges with it, and one undo brings both back', () => {
    const store = createEditorStore({ doc: parse(generatorToSink) });
    const before = jobText(store.getState().doc);
    store.getState().actions.removeElements([idOf(store.getState().doc, 'keep')], []);
    expect(store.getState().doc.edgeIds).toHaveLength(0);
    store.getState().actions.undo();
    expect(jobText(store.getState().doc)).toBe(before);
    store.getState().actions.redo();
    expect(store.getState().doc.vertexIds).toHaveLength(2);
  });

  it('typing into one field is one undo step', () => {
    const store = createEditorStore({ doc: parse(generatorToSink) });
    const gen = idOf(store.getState().doc, 'gen');
    for (const rate of [1, 12, 120]) store.getState().actions.setVertexField(gen, ['rate'], rate);
    expect(store.getState().past).toHaveLength(1);
    store.getState().actions.undo();
    expect(store.getState().doc.vertices[gen].rate).toBe(5);
  });

  it('pasting renames the copies and rewires their edges to them', () => {
    const store = createEditorStore({ doc: parse(generatorToSink) });
    const { doc, actions } = store.getState();
    actions.insertFragment(
      { vertices: [doc.vertices[idOf(doc, 'gen')], doc.vertices[idOf(doc, 'keep')]], edges: ['gen -> keep'], positions: [{ x: 0, y: 0 }, { x: 300, y: 0 }] },
      { x: 40, y: 40 },
    );
    const after = store.getState().doc;
    expect(after.vertexIds.map((id) => vertexName(after.vertices[id]))).toEqual(['gen', 'keep', 'sink', 'gen_2', 'keep_2']);
    expect(after.edges[after.edgeIds.at(-1)!].text).toBe('gen_2 -> keep_2');
    expect(selectedVertexIds(store.getState())).toHaveLength(2);
  });

  it('a JSON edit keeps the positions of the vertices it keeps', () => {
    const store = createEditorStore({ doc: parse(generatorToSink), positions: {} });
    const sinkId = idOf(store.getState().doc, 'sink');
    store.getState().actions.applyPositions({ [sinkId]: { x: 999, y: 111 } });
    const edited = { ...generatorToSink, jobGraph: { ...generatorToSink.jobGraph, vertices: generatorToSink.jobGraph.vertices.map((vertex) => ({ ...vertex })) } };
    const next = docFromJob(edited, store.getState().doc);
    if (!next.ok) throw new Error(next.message);
    store.getState().actions.replaceDoc(next.doc);
    expect(store.getState().nodes.find((node) => node.id === sinkId)?.position).toEqual({ x: 999, y: 111 });
  });
});

describe('validation in the editor', () => {
  it('files each problem under its vertex and field, with a short message for the field', () => {
    const job = structuredClone(generatorToSink);
    job.jobGraph.vertices[0].rate = -1;
    const store = createEditorStore({ doc: parse(job) });
    const gen = idOf(store.getState().doc, 'gen');
    const [problem] = store.getState().validation.byVertex[gen];
    expect(problem).toMatchObject({ field: 'rate', path: 'jobGraph.vertices[0].rate' });
    expect(problem.short).not.toContain("vertex 'gen'");
  });

  it('a branch has a labelled port per route', () => {
    expect(portsOf({ type: 'logs-branch', name: 'b' }).outputs).toEqual(['default', 'else']);
    expect(portsOf({ type: 'logs-generator-source', name: 'g' }).inputs).toEqual([]);
  });

  it('the quick layout puts every vertex right of what feeds it', () => {
    const doc = parse(generatorToSink);
    const positions = quickLayout(doc);
    expect(positions[idOf(doc, 'gen')].x).toBeLessThan(positions[idOf(doc, 'keep')].x);
    expect(positions[idOf(doc, 'keep')].x).toBeLessThan(positions[idOf(doc, 'sink')].x);
  });
});

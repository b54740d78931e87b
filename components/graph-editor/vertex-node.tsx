'use client';

import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef, type CSSProperties } from 'react';
import { operationFor, portsOf } from './catalogue';
import { useEditor, useEditorShallow } from './editor-context';
import type { EditorNode, ExtraPorts } from './editor-store';
import { formatCount, formatRate, plural, sentence } from './format';
import { vertexName, vertexType } from './graph-document';
import { Icon, iconFor } from './icons';

const NO_MESSAGES: string[] = [];
const NO_EXTRA: ExtraPorts = { inputs: [], outputs: [] };
const NO_PORTS: readonly string[] = [];
/** Single handles sit level with the header, where the eye expects them. */
const HEADER_HANDLE_STYLE: CSSProperties = { top: 29 };

/** The node already says which vertex: `vertex "x" (type) could not start: …` → `could not start: …`. */
function withoutVertexPrefix(reason: string): string {
  return reason.replace(/^vertex "[^"]*" \([^)]*\) /, '');
}

function mergePorts(declared: readonly string[], extra: readonly string[]): readonly string[] {
  return extra.length === 0 ? declared : [...declared, ...extra.filter((port) => !declared.includes(port))];
}

interface PortHandleProps {
  side: 'input' | 'output';
  port: string;
  vertex: string;
  unknown: boolean;
  labelled: boolean;
  style?: CSSProperties;
}

function PortHandle({ side, port, vertex, unknown, labelled, style }: PortHandleProps) {
  const description = unknown
    ? `${vertex} has no ${side} port "${port}"`
    : `${side === 'input' ? 'Input' : 'Output'} ${port} of ${vertex}`;
  return (
    <Handle
      type={side === 'input' ? 'target' : 'source'}
      position={side === 'input' ? Position.Left : Position.Right}
      id={port}
      className={['vertex-handle', unknown ? 'vertex-handle-unknown' : '', labelled ? 'vertex-handle-labelled' : ''].join(' ')}
      style={style}
      title={description}
      aria-label={description}
    />
  );
}

function VertexNodeView({ id, selected }: NodeProps<EditorNode>) {
  const vertex = useEditor((state) => state.doc.vertices[id]);
  const problems = useEditorShallow((state) => state.validation.byVertex[id]?.map((problem) => problem.message) ?? NO_MESSAGES);
  const extra = useEditor((state) => state.extraPorts[id] ?? NO_EXTRA);
  const name = vertexName(vertex);
  const live = useEditorShallow((state) => {
    const metrics = state.live.byVertex[name];
    return {
      running: state.live.running && metrics !== undefined,
      inRate: metrics?.eventsInPerSecond ?? 0,
      outRate: metrics?.eventsOutPerSecond ?? 0,
      eventsIn: metrics?.eventsIn ?? 0,
      eventsOut: metrics?.eventsOut ?? 0,
      errors: metrics?.errors ?? 0,
      lastError: metrics?.lastError,
      failure: name !== '' && state.live.failedVertex === name ? state.live.failure : undefined,
    };
  });

  const definition = operationFor(vertex?.type);
  const type = vertexType(vertex);
  const declared = vertex ? portsOf(vertex) : { inputs: NO_PORTS, outputs: NO_PORTS };
  const inputs = mergePorts(declared.inputs, extra.inputs);
  const outputs = mergePorts(declared.outputs, extra.outputs);
  const labelInputs = inputs.length > 1;
  const labelOutputs = outputs.length > 1;
  const rows = Math.max(labelInputs ? inputs.length : 0, labelOutputs ? outputs.length : 0);

  // Handles move when ports change (a router's routes): React Flow must measure them again.
  const updateNodeInternals = useUpdateNodeInternals();
  const portSignature = `${inputs.join(',')}|${outputs.join(',')}`;
  const measuredPorts = useRef(portSignature);
  useEffect(() => {
    // React Flow measures a node when it mounts; only a later change of ports needs telling.
    if (measuredPorts.current === portSignature) return;
    measuredPorts.current = portSignature;
    updateNodeInternals(id);
  }, [id, portSignature, updateNodeInternals]);

  if (!vertex) return null;
  const kind = definition?.kind;
  const displayName = name || 'unnamed';
  const failed = live.failure !== undefined;
  const className = [
    'vertex-node',
    `vertex-node-${kind ?? 'unknown'}`,
    selected ? 'is-selected' : '',
    problems.length > 0 ? 'has-problems' : '',
    failed ? 'has-failed' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className={className}>
      <div className="vertex-node-header">
        <span className="vertex-node-icon">
          <Icon name={iconFor(type, kind)} size={18} />
        </span>
        <span className="vertex-node-titles">
          <span className="vertex-node-name" title={displayName}>
            {displayName}
          </span>
          <span className="vertex-node-type" title={definition ? `${definition.title} (${definition.type})` : `Unknown operation type "${type}"`}>
            {definition ? definition.title : `Unknown: ${type || 'no type'}`}
          </span>
        </span>
        {problems.length > 0 ? (
          <span
            className="vertex-node-badge"
            role="img"
            aria-label={plural(problems.length, 'problem')}
            title={problems.map(sentence).join('\n')}
          >
            {problems.length}
          </span>
        ) : null}
      </div>

      {rows > 0 ? (
        <div className="vertex-node-ports">
          {Array.from({ length: rows }, (_, row) => {
            const input = labelInputs ? inputs[row] : undefined;
            const output = labelOutputs ? outputs[row] : undefined;
            return (
              <div className="vertex-node-port-row" key={row}>
                {input !== undefined ? (
                  <span className={`vertex-port-label vertex-port-in${declared.inputs.includes(input) ? '' : ' is-unknown'}`}>
                    <PortHandle side="input" port={input} vertex={displayName} unknown={!declared.inputs.includes(input)} labelled />
                    {input}
                  </span>
                ) : (
                  <span />
                )}
                {output !== undefined ? (
                  <span className={`vertex-port-label vertex-port-out${declared.outputs.includes(output) ? '' : ' is-unknown'}`}>
                    {output}
                    <PortHandle side="output" port={output} vertex={displayName} unknown={!declared.outputs.includes(output)} labelled />
                  </span>
                ) : null}
              </div>
            );
          })}
        </div>
      ) : null}

      {!labelInputs && inputs.length === 1 ? (
        <PortHandle side="input" port={inputs[0]} vertex={displayName} unknown={!declared.inputs.includes(inputs[0])} labelled={false} style={HEADER_HANDLE_STYLE} />
      ) : null}
      {!labelOutputs && outputs.length === 1 ? (
        <PortHandle side="output" port={outputs[0]} vertex={displayName} unknown={!declared.outputs.includes(outputs[0])} labelled={false} style={HEADER_HANDLE_STYLE} />
      ) : null}

      {live.running ? (
        <div
          className="vertex-node-metrics"
          title={`Events in: ${formatCount(live.eventsIn)} · out: ${formatCount(live.eventsOut)} since the pipeline started`}
        >
          {kind !== 'source' ? (
            <span>
              <span className="metric-label">in</span> {formatRate(live.inRate)}/s
            </span>
          ) : null}
          {kind !== 'sink' ? (
            <span>
              <span className="metric-label">out</span> {formatRate(live.outRate)}/s
            </span>
          ) : null}
          {live.errors > 0 ? <span className="metric-errors">{plural(live.errors, 'error')}</span> : null}
        </div>
      ) : null}

      {failed || (live.running && live.lastError) ? (
        <div className="vertex-node-failure" title={live.failure ?? live.lastError}>
          <span className="vertex-node-failure-text">
            <strong>{failed ? 'Failed: ' : 'Last error: '}</strong>
            {live.lastError ?? withoutVertexPrefix(live.failure ?? '')}
          </span>
        </div>
      ) : null}
    </div>
  );
}

export const VertexNode = memo(VertexNodeView);

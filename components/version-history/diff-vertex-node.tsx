'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { HEADER_HEIGHT, PORT_ROW_HEIGHT, PORTS_PADDING, STATUS_LABELS, portRows, type DiffNode } from './diff-layout';

/** A lone handle sits level with the header, where the layout expects it. */
const HEADER_HANDLE_STYLE: CSSProperties = { top: HEADER_HEIGHT / 2 };
const HEADER_STYLE: CSSProperties = { height: HEADER_HEIGHT };
const PORTS_STYLE: CSSProperties = { paddingBottom: PORTS_PADDING };
const PORT_ROW_STYLE: CSSProperties = { height: PORT_ROW_HEIGHT };

function PortHandle({ side, port, vertex, labelled }: { side: 'input' | 'output'; port: string; vertex: string; labelled: boolean }) {
  const description = `${side === 'input' ? 'Input' : 'Output'} ${port} of ${vertex}`;
  return (
    <Handle
      type={side === 'input' ? 'target' : 'source'}
      position={side === 'input' ? Position.Left : Position.Right}
      id={port}
      isConnectable={false}
      className="diff-handle"
      style={labelled ? undefined : HEADER_HANDLE_STYLE}
      title={description}
    />
  );
}

/** A vertex of the union graph, read-only: name, operation, and what happened to it between the two versions. */
function DiffVertexNodeView({ data, selected }: NodeProps<DiffNode>) {
  const { name, status, kind, title, type, inputs, outputs, changeCount } = data;
  const labelInputs = inputs.length > 1;
  const labelOutputs = outputs.length > 1;
  const rows = portRows(data);
  return (
    <div className={`diff-node diff-node-${status} diff-node-kind-${kind}${selected ? ' is-selected' : ''}`} data-status={status}>
      <div className="diff-node-header" style={HEADER_STYLE}>
        <span className="diff-node-titles">
          <span className="diff-node-name" title={name}>
            {name}
          </span>
          <span className="diff-node-type" title={type}>
            {title}
          </span>
        </span>
        {status === 'unchanged' ? null : (
          <span className={`diff-status diff-status-${status} diff-node-status`}>
            {status === 'changed' && changeCount > 0 ? `${changeCount} ${changeCount === 1 ? 'field' : 'fields'} changed` : STATUS_LABELS[status]}
          </span>
        )}
      </div>
      {rows > 0 ? (
        <div className="diff-node-ports" style={PORTS_STYLE}>
          {Array.from({ length: rows }, (_, row) => (
            <div className="diff-node-port-row" key={row} style={PORT_ROW_STYLE}>
              {labelInputs && inputs[row] !== undefined ? (
                <span className="diff-port diff-port-in">
                  <PortHandle side="input" port={inputs[row]} vertex={name} labelled />
                  {inputs[row]}
                </span>
              ) : (
                <span />
              )}
              {labelOutputs && outputs[row] !== undefined ? (
                <span className="diff-port diff-port-out">
                  {outputs[row]}
                  <PortHandle side="output" port={outputs[row]} vertex={name} labelled />
                </span>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      {!labelInputs && inputs.length === 1 ? <PortHandle side="input" port={inputs[0]} vertex={name} labelled={false} /> : null}
      {!labelOutputs && outputs.length === 1 ? <PortHandle side="output" port={outputs[0]} vertex={name} labelled={false} /> : null}
    </div>
  );
}

export const DiffVertexNode = memo(DiffVertexNodeView);

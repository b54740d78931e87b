'use client';

import { useReactFlow } from '@xyflow/react';
import { useRef, useState, type ChangeEvent } from 'react';
import { useCanvasController } from './canvas-controller';
import { useEditor, useEditorApi } from './editor-context';
import { plural } from './format';
import { docFromJob, jobText } from './graph-document';
import { ToolIcon, type ToolIconName } from './icons';
import { elkLayout, type Size } from './layout';

export type EditorView = 'canvas' | 'json';

function ToolButton({
  icon,
  label,
  shortcut,
  onClick,
  disabled,
  text,
}: {
  icon: ToolIconName;
  label: string;
  shortcut?: string;
  onClick: () => void;
  disabled?: boolean;
  text?: string;
}) {
  return (
    <button
      type="button"
      className={`tool-button${text ? ' tool-button-text' : ''}`}
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      title={shortcut ? `${label} (${shortcut})` : label}
      aria-keyshortcuts={shortcut?.replace('Ctrl', 'Control')}
    >
      <ToolIcon name={icon} />
      {text ? <span>{text}</span> : null}
    </button>
  );
}

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export interface PanelToggles {
  palette: boolean;
  inspector: boolean;
  toggle: (panel: 'palette' | 'inspector') => void;
}

export function Toolbar({
  view,
  onViewChange,
  panelId,
  panels,
}: {
  view: EditorView;
  onViewChange: (view: EditorView) => void;
  panelId: string;
  panels: PanelToggles;
}) {
  const store = useEditorApi();
  const canUndo = useEditor((state) => state.past.length > 0);
  const canRedo = useEditor((state) => state.future.length > 0);
  const empty = useEditor((state) => state.doc.vertexIds.length === 0);
  const hasSelection = useEditor((state) => state.nodes.some((node) => node.selected) || state.edges.some((edge) => edge.selected));
  const actions = useEditor((state) => state.actions);
  const controller = useCanvasController();
  const reactFlow = useReactFlow();
  const fileRef = useRef<HTMLInputElement>(null);
  const [layingOut, setLayingOut] = useState(false);
  const mod = isMac() ? '⌘' : 'Ctrl';

  const autoLayout = async () => {
    const { doc } = store.getState();
    const sizes: Record<string, Size | undefined> = {};
    for (const node of reactFlow.getNodes()) {
      if (node.measured?.width && node.measured.height) sizes[node.id] = { width: node.measured.width, height: node.measured.height };
    }
    setLayingOut(true);
    try {
      const positions = await elkLayout(doc, sizes);
      if (store.getState().doc !== doc) return; // edited meanwhile: this layout is stale
      actions.applyPositions(positions);
      if (view === 'json') onViewChange('canvas');
      requestAnimationFrame(() => controller.fitView());
    } catch (error) {
      actions.notify('error', `Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setLayingOut(false);
    }
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    let value: unknown;
    try {
      value = JSON.parse(await file.text());
    } catch (error) {
      actions.notify('error', `Couldn't import ${file.name}: it is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    const { doc: current, locked } = store.getState();
    const parsed = docFromJob(value, undefined, { importing: true });
    if (!parsed.ok) {
      actions.notify('error', `Couldn't import ${file.name}: ${parsed.message}`);
      return;
    }
    let doc = parsed.doc;
    if (locked) {
      // An existing pipeline keeps its identity; the file brings its graph.
      doc = { ...doc, shell: { ...doc.shell, name: current.shell.name, execution: current.shell.execution, processing: current.shell.processing } };
    }
    actions.replaceDoc(doc, { relayout: true });
    actions.notify('success', `Imported ${file.name}: ${plural(doc.vertexIds.length, 'vertex', 'vertices')}, ${plural(doc.edgeIds.length, 'edge')}.`);
    requestAnimationFrame(() => controller.fitView());
  };

  const download = () => {
    const { doc } = store.getState();
    const name = typeof doc.shell.name === 'string' && doc.shell.name ? doc.shell.name : 'pipeline';
    const url = URL.createObjectURL(new Blob([`${jobText(doc)}\n`], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${name}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };

  return (
    <div className="editor-toolbar" role="toolbar" aria-label="Editor">
      <div className="view-tabs" role="tablist" aria-label="View">
        {(['canvas', 'json'] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="tab"
            id={`${panelId}-${option}-tab`}
            aria-selected={view === option}
            aria-controls={`${panelId}-${option}`}
            className="view-tab"
            onClick={() => onViewChange(option)}
          >
            {option === 'canvas' ? 'Canvas' : 'JSON'}
          </button>
        ))}
      </div>
      <span className="toolbar-separator" aria-hidden="true" />
      <ToolButton icon="undo" label="Undo" shortcut={`${mod}+Z`} onClick={actions.undo} disabled={!canUndo} />
      <ToolButton icon="redo" label="Redo" shortcut={`${mod}+Shift+Z`} onClick={actions.redo} disabled={!canRedo} />
      <span className="toolbar-separator" aria-hidden="true" />
      <ToolButton icon="layout" label="Auto-layout" text={layingOut ? 'Arranging…' : 'Arrange'} onClick={() => void autoLayout()} disabled={empty || layingOut} />
      <ToolButton icon="fit" label="Fit view" onClick={() => (view === 'json' ? onViewChange('canvas') : controller.fitView())} disabled={empty} />
      <ToolButton icon="trash" label="Delete selection" shortcut="Delete" onClick={actions.removeSelection} disabled={!hasSelection} />
      <span className="toolbar-spacer" />
      <ToolButton icon="upload" label="Import a job JSON file" text="Import" onClick={() => fileRef.current?.click()} />
      <ToolButton icon="download" label="Download the job JSON" text="Export" onClick={download} disabled={empty} />
      <span className="toolbar-separator" aria-hidden="true" />
      <button
        type="button"
        className="tool-button"
        aria-pressed={panels.palette}
        aria-label="Operations panel"
        title={panels.palette ? 'Hide the operations panel' : 'Show the operations panel'}
        onClick={() => panels.toggle('palette')}
      >
        <ToolIcon name="panelLeft" />
      </button>
      <button
        type="button"
        className="tool-button"
        aria-pressed={panels.inspector}
        aria-label="Inspector panel"
        title={panels.inspector ? 'Hide the inspector' : 'Show the inspector'}
        onClick={() => panels.toggle('inspector')}
      >
        <ToolIcon name="panelRight" />
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Job JSON file to import"
        onChange={(event) => void importFile(event)}
      />
    </div>
  );
}

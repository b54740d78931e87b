'use client';

import { useId, useState } from 'react';
import { useCanvasController } from './canvas-controller';
import { useEditor, useEditorActions } from './editor-context';
import { plural, sentence } from './format';
import { ToolIcon } from './icons';
import { problemLocation, type EditorProblem } from './validation';

export function ProblemsPanel({ onReveal }: { onReveal: () => void }) {
  const problems = useEditor((state) => state.validation.problems);
  const empty = useEditor((state) => state.doc.vertexIds.length === 0);
  const doc = useEditor((state) => state.doc);
  const actions = useEditorActions();
  const controller = useCanvasController();
  const [open, setOpen] = useState(true);
  const listId = useId();

  const reveal = (problem: EditorProblem) => {
    onReveal();
    if (problem.vertexId) {
      controller.revealVertex(problem.vertexId);
      actions.focusField(problem.vertexId, problem.field);
    } else if (problem.edgeId) {
      controller.revealEdge(problem.edgeId);
    } else {
      actions.select([]);
    }
  };

  const count = problems.length;
  if (empty) {
    // Nothing drawn yet is not an error worth red ink: the canvas already says how to start.
    return (
      <section className="problems-panel" aria-label="Problems">
        <header className="problems-header">
          <span className="problems-toggle problems-idle">
            <ToolIcon name="check" size={15} />
            Nothing to check yet
          </span>
          <span className="problems-summary">Problems show up here as you build, checked with the same rules as the server.</span>
        </header>
      </section>
    );
  }
  return (
    <section className={`problems-panel${open ? ' is-open' : ''}`} aria-label="Problems">
      <header className="problems-header">
        <button
          type="button"
          className={`problems-toggle${count > 0 ? ' has-problems' : ''}`}
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((value) => !value)}
        >
          <ToolIcon name={count > 0 ? 'error' : 'check'} size={15} />
          {count > 0 ? plural(count, 'problem') : 'No problems'}
          <ToolIcon name={open ? 'chevronDown' : 'chevronUp'} size={14} />
        </button>
        <span className="problems-summary">
          {count === 0 ? 'The pipeline is valid and can be deployed.' : 'Checked as you edit, with the same rules as the server. Click one to go to it.'}
        </span>
      </header>
      {open && count > 0 ? (
        <ul className="problems-list" id={listId}>
          {problems.map((problem) => (
            <li key={problem.key}>
              <button type="button" className="problem-item" onClick={() => reveal(problem)}>
                <span className="problem-location">{problemLocation(problem, doc)}</span>
                <span className="problem-message">{sentence(problem.field ? problem.short : problem.message)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

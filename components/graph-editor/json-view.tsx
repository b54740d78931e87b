'use client';

import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { Annotation, EditorSelection, EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  type Command,
} from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { useEditor, useEditorApi } from './editor-context';
import { docFromJob, jobText } from './graph-document';

/** Marks the editor's own updates from the store, so they are not parsed back as user edits. */
const fromStore = Annotation.define<boolean>();
const APPLY_DELAY_MS = 300;

/** Enter keeps the line's indentation, one level deeper after `{` or `[`. */
const newlineWithIndent: Command = (view) => {
  const transaction = view.state.changeByRange((range) => {
    const line = view.state.doc.lineAt(range.from);
    const indent = /^\s*/.exec(line.text)?.[0] ?? '';
    const before = view.state.sliceDoc(line.from, range.from).trimEnd();
    const after = view.state.sliceDoc(range.to, line.to).trimStart();
    const opens = /[{[]$/.test(before);
    const closes = /^[}\]]/.test(after);
    const inner = indent + (opens ? '  ' : '');
    const insert = `\n${inner}${opens && closes ? `\n${indent}` : ''}`;
    return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + 1 + inner.length) };
  });
  view.dispatch(transaction, { scrollIntoView: true, userEvent: 'input' });
  return true;
};

const indentSelection: Command = (view) => {
  view.dispatch(view.state.replaceSelection('  '), { userEvent: 'input' });
  return true;
};

interface SyntaxProblem {
  message: string;
  line?: number;
  column?: number;
}

function describeSyntaxError(error: unknown, state: EditorState): SyntaxProblem {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position) return { message };
  const offset = Math.min(Number(position[1]), state.doc.length);
  const line = state.doc.lineAt(offset);
  return { message: message.replace(/\s*\(line \d+ column \d+\)/, ''), line: line.number, column: offset - line.from + 1 };
}

export function JsonView({ locked }: { locked: boolean }) {
  const store = useEditorApi();
  const hostRef = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<SyntaxProblem>();
  const [status, setStatus] = useState<'in-sync' | 'typing' | 'applied'>('in-sync');
  const vertexCount = useEditor((state) => state.doc.vertexIds.length);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    let appliedRevision = -1;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pendingProblem: SyntaxProblem | undefined;

    const apply = (view: EditorView) => {
      timer = undefined;
      const text = view.state.doc.toString();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        pendingProblem = describeSyntaxError(error, view.state);
        setProblem(pendingProblem);
        setStatus('typing');
        return;
      }
      const parsed = docFromJob(value, store.getState().doc);
      if (!parsed.ok) {
        pendingProblem = { message: parsed.message };
        setProblem(pendingProblem);
        setStatus('typing');
        return;
      }
      pendingProblem = undefined;
      setProblem(undefined);
      store.getState().actions.replaceDoc(parsed.doc, { key: 'json-edit' });
      appliedRevision = store.getState().revision;
      setStatus('applied');
    };

    const history: Command = () => {
      store.getState().actions.undo();
      return true;
    };
    const future: Command = () => {
      store.getState().actions.redo();
      return true;
    };

    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: jobText(store.getState().doc),
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          foldGutter(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          json(),
          keymap.of([
            { key: 'Enter', run: newlineWithIndent },
            { key: 'Mod-z', run: history, preventDefault: true },
            { key: 'Mod-Shift-z', run: future, preventDefault: true },
            { key: 'Mod-y', run: future, preventDefault: true },
            { key: 'Tab', run: indentSelection },
          ]),
          EditorView.contentAttributes.of({ 'aria-label': 'Job JSON', spellcheck: 'false' }),
          EditorView.updateListener.of((update) => {
            if (!update.docChanged || update.transactions.some((transaction) => transaction.annotation(fromStore))) return;
            setStatus('typing');
            if (timer) clearTimeout(timer);
            timer = setTimeout(() => apply(update.view), APPLY_DELAY_MS);
          }),
        ],
      }),
    });

    const unsubscribe = store.subscribe((state, previous) => {
      if (state.doc === previous.doc || state.revision === appliedRevision) return;
      const text = jobText(state.doc);
      if (text === view.state.doc.toString()) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pendingProblem = undefined;
      setProblem(undefined);
      setStatus('in-sync');
      const head = Math.min(view.state.selection.main.head, text.length);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: text },
        selection: EditorSelection.cursor(head),
        annotations: fromStore.of(true),
      });
    });

    return () => {
      unsubscribe();
      if (timer) {
        clearTimeout(timer);
        apply(view);
      }
      if (pendingProblem) {
        store.getState().actions.notify('error', "Your last JSON edit was not applied: it isn't valid JSON yet.");
      }
      view.destroy();
    };
  }, [store]);

  return (
    <div className="json-view">
      <div className="json-view-bar">
        <p className="json-view-help">
          The job exactly as the REST API takes it. Edits apply to the canvas as you type
          {locked ? '; only the job graph is deployed, the name and kind are fixed' : ''}.
        </p>
        <p className={`json-view-status${problem ? ' is-error' : ''}`} role={problem ? 'alert' : 'status'}>
          {problem
            ? `Not applied: ${problem.line ? `line ${problem.line}, column ${problem.column}: ` : ''}${problem.message}`
            : status === 'typing'
              ? 'Checking…'
              : status === 'applied'
                ? `Applied: ${vertexCount} ${vertexCount === 1 ? 'vertex' : 'vertices'} on the canvas`
                : 'In sync with the canvas'}
        </p>
      </div>
      <div className="json-view-editor" ref={hostRef} />
    </div>
  );
}

'use client';

import { Annotation, Compartment, EditorSelection, EditorState, Prec, Transaction, type Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType, keymap, placeholder, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { useEffect, useId, useImperativeHandle, useRef, useState, type Ref } from 'react';
import { parseQuery } from '@/server/query';
import { fieldOptions, valueOptions, type CompletionOption, type FieldSuggestions } from './field-suggestions';
import { completionContext, tokenizeQuery } from './query-tokens';

export interface QueryEditorHandle {
  /** Focuses the editor, with the cursor at `position` (the end when absent). */
  focus(position?: number): void;
}

export interface QueryEditorProps {
  value: string;
  onChange: (text: string) => void;
  onSubmit: () => void;
  suggestions: FieldSuggestions;
  label: string;
  describedBy?: string;
  invalid: boolean;
  handle?: Ref<QueryEditorHandle>;
}

interface CompletionState {
  options: CompletionOption[];
  selected: number;
  from: number;
  to: number;
  /** Horizontal offset of the word being completed, in pixels from the editor's left edge. */
  left: number;
}

/** Marks changes that are not the user's typing: the value set from outside, and undo/redo. */
const external = Annotation.define<boolean>();

class ErrorAtEnd extends WidgetType {
  toDOM() {
    const span = document.createElement('span');
    span.className = 'qc-tok-error-end';
    span.setAttribute('aria-hidden', 'true');
    return span;
  }
  eq() {
    return true;
  }
}

function queryDecorations(text: string): DecorationSet {
  const ranges: Range<Decoration>[] = tokenizeQuery(text)
    .filter((token) => token.to > token.from)
    .map((token) => Decoration.mark({ class: `qc-tok-${token.type}` }).range(token.from, token.to));
  const parsed = parseQuery(text);
  if (!parsed.ok) {
    const at = Math.min(parsed.error.position, text.length);
    ranges.push(at < text.length ? Decoration.mark({ class: 'qc-tok-error' }).range(at, at + 1) : Decoration.widget({ widget: new ErrorAtEnd(), side: 1 }).range(at));
  }
  return Decoration.set(ranges, true);
}

const highlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = queryDecorations(view.state.doc.toString());
    }
    update(update: ViewUpdate) {
      if (update.docChanged) this.decorations = queryDecorations(update.state.doc.toString());
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** The query is one line: pasted newlines become spaces (one for one, so the selection stays valid). */
const singleLine = EditorState.transactionFilter.of((transaction) => {
  if (!transaction.docChanged || transaction.newDoc.lines === 1) return transaction;
  const changes: Array<{ from: number; to: number; insert: string }> = [];
  transaction.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
    changes.push({ from: fromA, to: toA, insert: inserted.toString().replace(/[\r\n]/g, ' ') });
  });
  return {
    changes,
    selection: transaction.selection,
    scrollIntoView: transaction.scrollIntoView,
    annotations: transaction.annotation(Transaction.userEvent) ? Transaction.userEvent.of(transaction.annotation(Transaction.userEvent)!) : [],
  };
});

const editorTheme = EditorView.theme({
  '&': { fontSize: '13px', backgroundColor: 'transparent' },
  '&.cm-focused': { outline: 'none' },
  '.cm-content': { padding: '7px 0', fontFamily: 'var(--font-mono)', caretColor: 'var(--color-text)' },
  '.cm-line': { padding: '0 10px' },
  '.cm-scroller': { overflowX: 'auto', overflowY: 'hidden', fontFamily: 'var(--font-mono)', lineHeight: '20px' },
  '.cm-placeholder': { color: 'var(--color-text-subtle)' },
});

interface Snapshot {
  doc: string;
  head: number;
}

export function QueryEditor({ value, onChange, onSubmit, suggestions, label, describedBy, invalid, handle }: QueryEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const listboxId = useId();
  const [completion, setCompletion] = useState<CompletionState | null>(null);

  // The editor lives outside React; it reads the latest props and state through this ref.
  const latest = useRef({ onChange, onSubmit, suggestions, completion, label, describedBy, invalid });
  latest.current = { onChange, onSubmit, suggestions, completion, label, describedBy, invalid };
  const ariaCompartment = useRef(new Compartment());
  const acceptRef = useRef<(option: CompletionOption) => void>(() => {});

  useImperativeHandle(handle, () => ({
    focus(position?: number) {
      const view = viewRef.current;
      if (!view) return;
      const at = Math.min(position ?? view.state.doc.length, view.state.doc.length);
      view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      view.focus();
    },
  }));

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const undoStack: Snapshot[] = [];
    const redoStack: Snapshot[] = [];
    let lastEdit = 0;

    const computeCompletion = (view: EditorView, force: boolean) => {
      const state = view.state;
      const cursor = state.selection.main;
      if (!cursor.empty) return setCompletion(null);
      const text = state.doc.toString();
      const context = completionContext(text, cursor.head);
      if (!context || (!force && context.prefix === '' && context.kind === 'field')) return setCompletion(null);
      const { suggestions: available } = latest.current;
      const options =
        context.kind === 'field' ? fieldOptions(available, context.prefix) : valueOptions(available, context.field, context.prefix);
      if (options.length === 0) return setCompletion(null);
      const coords = view.coordsAtPos(context.from);
      const hostLeft = host.getBoundingClientRect().left;
      setCompletion({ options, selected: 0, from: context.from, to: context.to, left: coords ? Math.max(0, coords.left - hostLeft - 4) : 0 });
    };

    const restore = (view: EditorView, from: Snapshot[], to: Snapshot[]) => {
      const snapshot = from.pop();
      if (!snapshot) return true;
      to.push({ doc: view.state.doc.toString(), head: view.state.selection.main.head });
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: snapshot.doc },
        selection: EditorSelection.cursor(Math.min(snapshot.head, snapshot.doc.length)),
        annotations: external.of(true),
      });
      latest.current.onChange(snapshot.doc);
      setCompletion(null);
      return true;
    };

    const accept = (view: EditorView, option: CompletionOption, range: { from: number; to: number }) => {
      // A value ends the clause: a space follows so the next word can start.
      const after = view.state.sliceDoc(range.to, range.to + 1);
      const insert = option.reopen || after === ' ' ? option.apply : `${option.apply} `;
      view.dispatch({
        changes: { from: range.from, to: range.to, insert },
        selection: EditorSelection.cursor(range.from + insert.length + (!option.reopen && after === ' ' ? 1 : 0)),
        userEvent: 'input.complete',
      });
      if (option.reopen) computeCompletion(view, true);
      else setCompletion(null);
    };

    const moveSelection = (delta: number) => () => {
      const current = latest.current.completion;
      if (!current) return false;
      const count = current.options.length;
      setCompletion({ ...current, selected: (current.selected + delta + count) % count });
      return true;
    };

    acceptRef.current = (option) => {
      const current = latest.current.completion;
      const target = viewRef.current;
      if (current && target) accept(target, option, current);
    };

    const view = new EditorView({
      parent: host,
      state: EditorState.create({
        doc: value,
        extensions: [
          singleLine,
          highlighting,
          editorTheme,
          placeholder('Search, e.g. service:checkout status:error "timed out"'),
          EditorView.lineWrapping,
          ariaCompartment.current.of([]),
          Prec.highest(
            keymap.of([
              { key: 'ArrowDown', run: moveSelection(1) },
              { key: 'ArrowUp', run: moveSelection(-1) },
              {
                key: 'Enter',
                run: (target) => {
                  const current = latest.current.completion;
                  if (current) {
                    accept(target, current.options[current.selected], current);
                    return true;
                  }
                  latest.current.onSubmit();
                  return true;
                },
              },
              {
                key: 'Tab',
                run: (target) => {
                  const current = latest.current.completion;
                  if (!current) return false;
                  accept(target, current.options[current.selected], current);
                  return true;
                },
              },
              {
                key: 'Escape',
                run: () => {
                  if (!latest.current.completion) return false;
                  setCompletion(null);
                  return true;
                },
              },
              {
                key: 'Ctrl-Space',
                run: (target) => {
                  computeCompletion(target, true);
                  return true;
                },
              },
              { key: 'Mod-z', run: (target) => restore(target, undoStack, redoStack), preventDefault: true },
              { key: 'Mod-Shift-z', run: (target) => restore(target, redoStack, undoStack), preventDefault: true },
              { key: 'Mod-y', run: (target) => restore(target, redoStack, undoStack), preventDefault: true },
            ]),
          ),
          EditorView.updateListener.of((update) => {
            const fromOutside = update.transactions.some((transaction) => transaction.annotation(external));
            if (update.docChanged && !fromOutside) {
              const now = Date.now();
              if (now - lastEdit > 600 || undoStack.length === 0) {
                undoStack.push({ doc: update.startState.doc.toString(), head: update.startState.selection.main.head });
                if (undoStack.length > 200) undoStack.shift();
              }
              lastEdit = now;
              redoStack.length = 0;
              latest.current.onChange(update.state.doc.toString());
              const typed = update.transactions.some((transaction) => transaction.isUserEvent('input.type') || transaction.isUserEvent('delete'));
              if (typed) computeCompletion(update.view, false);
            } else if (update.selectionSet && latest.current.completion) {
              computeCompletion(update.view, true);
            }
            if (update.focusChanged && !update.view.hasFocus) setCompletion(null);
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value set from outside (a facet click, back/forward) replaces the text, keeping the cursor at the end.
  useEffect(() => {
    const view = viewRef.current;
    if (!view || view.state.doc.toString() === value) return;
    view.dispatch({
      changes: { from: 0, to: view.state.doc.length, insert: value },
      selection: EditorSelection.cursor(value.length),
      annotations: external.of(true),
    });
  }, [value]);

  const open = completion !== null;
  const activeId = open ? `${listboxId}-${completion.selected}` : undefined;
  useEffect(() => {
    viewRef.current?.dispatch({
      effects: ariaCompartment.current.reconfigure(
        EditorView.contentAttributes.of({
          role: 'combobox',
          'aria-label': label,
          'aria-multiline': 'false',
          'aria-autocomplete': 'list',
          'aria-haspopup': 'listbox',
          'aria-expanded': open ? 'true' : 'false',
          'aria-controls': listboxId,
          'aria-invalid': invalid ? 'true' : 'false',
          ...(activeId ? { 'aria-activedescendant': activeId } : {}),
          ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        }),
      ),
    });
  }, [open, activeId, label, describedBy, invalid, listboxId]);

  return (
    <div className={`qc-editor${invalid ? ' is-invalid' : ''}`}>
      <div ref={hostRef} className="qc-editor-host" />
      <ul
        id={listboxId}
        role="listbox"
        aria-label="Suggestions"
        className="qc-completions"
        hidden={!open}
        style={open ? { left: completion.left } : undefined}
      >
        {completion?.options.map((option, index) => (
          <li
            key={`${option.label}-${option.detail}`}
            id={`${listboxId}-${index}`}
            role="option"
            aria-selected={index === completion.selected}
            className="qc-completion"
            // mousedown, not click: the editor must keep focus.
            onMouseDown={(event) => {
              event.preventDefault();
              acceptRef.current(option);
            }}
          >
            <span className="qc-completion-label">{option.label}</span>
            {option.detail ? <span className="qc-completion-detail">{option.detail}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

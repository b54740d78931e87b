'use client';

import { useEffect, type RefObject } from 'react';
import { fragmentText, useClipboard } from './clipboard';
import { useEditorApi } from './editor-context';
import { selectedVertexIds } from './editor-store';
import { plural } from './format';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/**
 * Undo, redo, copy, cut, paste, duplicate, select all and delete, whenever the focus is on the editor but not in
 * a text field (where the keys keep their usual meaning) or a dialog.
 */
export function useEditorShortcuts(rootRef: RefObject<HTMLElement | null>) {
  const store = useEditorApi();
  const clipboard = useClipboard();

  useEffect(() => {
    const inScope = (target: EventTarget | null) => {
      if (isEditable(target)) return false;
      if (target instanceof Element && target.closest('dialog, [role="dialog"]')) return false;
      if (document.querySelector('dialog[open]')) return false;
      return target === document.body || target === null || (target instanceof Node && Boolean(rootRef.current?.contains(target)));
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || !inScope(event.target)) return;
      const { actions } = store.getState();
      const mod = event.metaKey || event.ctrlKey;
      const key = event.key.toLowerCase();
      if (mod && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) actions.redo();
        else actions.undo();
      } else if (mod && key === 'y') {
        event.preventDefault();
        actions.redo();
      } else if (mod && key === 'a') {
        event.preventDefault();
        actions.selectAll();
      } else if (mod && key === 'd') {
        event.preventDefault();
        clipboard.duplicate(selectedVertexIds(store.getState()));
      } else if (!mod && !event.altKey && (event.key === 'Delete' || event.key === 'Backspace')) {
        event.preventDefault();
        actions.removeSelection();
      } else if (event.key === 'Escape') {
        actions.select([]);
      }
    };

    const onCopy = (event: ClipboardEvent, cut: boolean) => {
      if (!inScope(document.activeElement)) return;
      const ids = selectedVertexIds(store.getState());
      if (ids.length === 0) return;
      const fragment = clipboard.rememberCopy(ids);
      if (!fragment) return;
      event.clipboardData?.setData('text/plain', fragmentText(fragment));
      event.preventDefault();
      const { actions } = store.getState();
      if (cut) actions.removeSelection();
      actions.notify('info', `${cut ? 'Cut' : 'Copied'} ${plural(ids.length, 'node')}: paste with Ctrl+V, here or in another pipeline.`);
    };
    const copy = (event: ClipboardEvent) => onCopy(event, false);
    const cut = (event: ClipboardEvent) => onCopy(event, true);
    const paste = (event: ClipboardEvent) => {
      if (!inScope(document.activeElement)) return;
      if (clipboard.paste(event.clipboardData?.getData('text/plain'))) event.preventDefault();
    };

    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', copy);
    document.addEventListener('cut', cut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', copy);
      document.removeEventListener('cut', cut);
      document.removeEventListener('paste', paste);
    };
  }, [clipboard, rootRef, store]);
}

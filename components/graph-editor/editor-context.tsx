'use client';

import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { EditorActions, EditorState, EditorStore } from './editor-store';

const EditorStoreContext = createContext<EditorStore | null>(null);

export function EditorStoreProvider({ store, children }: { store: EditorStore; children: ReactNode }) {
  return <EditorStoreContext.Provider value={store}>{children}</EditorStoreContext.Provider>;
}

export function useEditorApi(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditorApi must be used inside <EditorStoreProvider>');
  return store;
}

/** Reads one slice of the editor; the component re-renders only when that slice changes. */
export function useEditor<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorApi(), selector);
}

/** For selectors that build an array or object: compared item by item instead of by identity. */
export function useEditorShallow<T>(selector: (state: EditorState) => T): T {
  return useStore(useEditorApi(), useShallow(selector));
}

export function useEditorActions(): EditorActions {
  return useStore(useEditorApi(), (state) => state.actions);
}

'use client';

import { useEffect } from 'react';
import { useEditor, useEditorActions } from './editor-context';
import { ToolIcon } from './icons';

const DURATION_MS = { error: 9_000, info: 4_000, success: 5_000 };

/** Short-lived messages: a refused connection, a copy, an import. */
export function NoticeToast() {
  const notice = useEditor((state) => state.notice);
  const actions = useEditorActions();
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => actions.dismissNotice(notice.id), DURATION_MS[notice.tone]);
    return () => clearTimeout(timer);
  }, [actions, notice]);

  return (
    <div className="notice-region" aria-live="polite">
      {notice ? (
        <div key={notice.id} className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          <ToolIcon name={notice.tone === 'error' ? 'error' : 'check'} size={16} />
          <span className="notice-text">{notice.text}</span>
          <button type="button" className="icon-button notice-close" aria-label="Dismiss" onClick={() => actions.dismissNotice(notice.id)}>
            <ToolIcon name="close" size={14} />
          </button>
        </div>
      ) : null}
    </div>
  );
}

import type { ReactNode } from 'react';

export interface AlertProps {
  tone?: 'danger' | 'warning' | 'info';
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}

/** An inline message that says what went wrong and offers the way out. */
export function Alert({ tone = 'danger', title, children, actions }: AlertProps) {
  return (
    <div className={`alert alert-${tone}`} role={tone === 'danger' ? 'alert' : 'status'}>
      <div className="alert-text">
        <p className="alert-title">{title}</p>
        {children ? <div className="alert-body">{children}</div> : null}
      </div>
      {actions ? <div className="alert-actions">{actions}</div> : null}
    </div>
  );
}

import type { HTMLAttributes } from 'react';

export type BadgeTone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

export interface BadgeProps extends HTMLAttributes<HTMLSpanElement> {
  tone?: BadgeTone;
}

export function Badge({ tone = 'neutral', className, children, ...props }: BadgeProps) {
  return (
    <span className={['badge', `badge-${tone}`, className].filter(Boolean).join(' ')} {...props}>
      <span className="badge-dot" aria-hidden="true" />
      {children}
    </span>
  );
}

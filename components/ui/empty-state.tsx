import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  children: ReactNode;
  /** Heading level keeps the document outline right wherever the empty state sits. */
  headingLevel?: 2 | 3;
}

export function EmptyState({ title, children, headingLevel = 2 }: EmptyStateProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="empty-state" aria-labelledby="empty-state-title">
      <Heading id="empty-state-title" className="empty-state-title">
        {title}
      </Heading>
      <div className="empty-state-body">{children}</div>
    </section>
  );
}

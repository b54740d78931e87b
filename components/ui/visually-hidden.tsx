import type { ReactNode } from 'react';

/** Text for assistive technology only, e.g. the job name that completes a button's accessible name. */
export function VisuallyHidden({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

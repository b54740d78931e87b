'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { VisuallyHidden } from './visually-hidden';

const SECTIONS = [
  { href: '/pipelines', label: 'Pipelines' },
  { href: '/query', label: 'Query' },
] as const;

export function AppNav() {
  const pathname = usePathname();
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {SECTIONS.map((section) => {
          const current = pathname === section.href || pathname.startsWith(`${section.href}/`);
          return (
            <li key={section.href}>
              <Link href={section.href} className="app-nav-link" aria-current={current ? 'page' : undefined}>
                {section.label}
              </Link>
            </li>
          );
        })}
        <li>
          <a href="/api/v1/openapi.json" className="app-nav-link" target="_blank" rel="noreferrer">
            API
            <span className="external-mark" aria-hidden="true">
              ↗
            </span>
            <VisuallyHidden> (OpenAPI document, opens in a new tab)</VisuallyHidden>
          </a>
        </li>
      </ul>
    </nav>
  );
}

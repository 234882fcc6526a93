// The navigation of a signed-in area (the citizen portal, the agency console, the authority
// dashboard): one link per page, the current one marked by react-router.
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';

export interface AreaPage {
  readonly to: string;
  /** Whether only this exact address marks the link current (the area's first page). */
  readonly end: boolean;
  readonly text: string;
}

export function AreaNav({
  label,
  className,
  pages,
}: {
  readonly label: string;
  readonly className: string;
  readonly pages: readonly AreaPage[];
}): ReactNode {
  return (
    <nav aria-label={label} className={className}>
      <ul>
        {pages.map((page) => (
          <li key={page.to}>
            <NavLink to={page.to} end={page.end}>
              {page.text}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

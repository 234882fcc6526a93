// A table that may be wider than a phone: it scrolls inside its own region, which the keyboard
// can reach (tabIndex) and a screen reader names (the table's caption).
import type { ReactNode } from 'react';

export function TableWrap({
  label,
  children,
}: {
  readonly label: string;
  readonly children: ReactNode;
}): ReactNode {
  return (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

import type { ReactNode } from 'react';
import { ExportMenu } from '../exports/ExportMenu';
import type { PanelExports } from '../exports/types';

/** A titled panel with a sentence on what to look for, and in its title row what it can be saved as. */
export function Panel({
  title,
  hint,
  children,
  id,
  exports,
}: {
  title: string;
  hint: string;
  children: ReactNode;
  id: string;
  exports?: PanelExports;
}) {
  return (
    // Focusable: a panel taller than its place scrolls, and keyboard users must be able to scroll it (axe: scrollable-region-focusable).
    <section className="panel" aria-labelledby={`${id}-title`} tabIndex={0}>
      <div className="panel-title">
        <h2 id={`${id}-title`}>{title}</h2>
        {exports && <ExportMenu title={title} exports={exports} />}
      </div>
      <p className="hint">{hint}</p>
      {children}
    </section>
  );
}

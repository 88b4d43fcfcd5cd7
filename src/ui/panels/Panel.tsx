import { type ReactNode, useRef } from 'react';
import { ExportMenu } from '../exports/ExportMenu';
import type { PanelExports } from '../exports/types';
import { useScrollsItself } from './useScrollsItself';

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
  const ref = useRef<HTMLElement>(null);
  const scrolls = useScrollsItself(ref, children);
  return (
    // A tab stop only while it scrolls (taller than its place): keyboard users must be able to scroll it
    // (axe: scrollable-region-focusable), and need not tab through the panels that don't.
    <section ref={ref} className="panel" aria-labelledby={`${id}-title`} tabIndex={scrolls ? 0 : undefined}>
      <div className="panel-title">
        <h2 id={`${id}-title`}>{title}</h2>
        {exports && <ExportMenu title={title} exports={exports} />}
      </div>
      <p className="hint">{hint}</p>
      {children}
    </section>
  );
}

import type { ReactNode } from 'react';

/** A titled panel with a sentence on what to look for. */
export function Panel({
  title,
  hint,
  children,
  id,
}: {
  title: string;
  hint: string;
  children: ReactNode;
  id: string;
}) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="hint">{hint}</p>
      {children}
    </section>
  );
}

import { type ReactNode, useId, useState } from 'react';

/**
 * Wraps a control or a header term with its one-line description, shown on hover and on focus and tied to
 * it with aria-describedby (the child gets the id through `children(id)`). Escape hides it (it covers what is
 * below) until focus or the pointer leaves, as WCAG 1.4.13 asks of content shown on hover or focus.
 */
export function Described({ text, children, className }: { text: string; children: (descriptionId: string) => ReactNode; className?: string }) {
  const id = useId();
  const [dismissed, setDismissed] = useState(false);
  return (
    <span
      className={`described${className ? ` ${className}` : ''}${dismissed ? ' dismissed' : ''}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && !dismissed) setDismissed(true);
      }}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setDismissed(false);
      }}
      onMouseLeave={() => setDismissed(false)}
    >
      {children(id)}
      <span role="tooltip" id={id} className="tip">
        {text}
      </span>
    </span>
  );
}

/** A term in a table header: focusable so its description shows from the keyboard too. */
export function Term({ text, children }: { text: string; children: ReactNode }) {
  return (
    <Described text={text}>
      {(id) => (
        <span className="term" tabIndex={0} aria-describedby={id}>
          {children}
        </span>
      )}
    </Described>
  );
}

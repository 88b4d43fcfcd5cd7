import { act, type ReactElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach } from 'vitest';

/** Shared by the jsdom UI tests: render into a fresh container, removed after each test. */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLDivElement | null = null;

export function render(element: ReactElement): HTMLDivElement {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() => root.render(element));
  return container;
}

afterEach(() => {
  container?.remove();
  container = null;
});

/** Markup with numbers rounded to two decimals, so snapshots don't churn on float noise. */
export function stableMarkup(el: Element | null): string {
  if (!el) throw new Error('nothing rendered');
  return el.outerHTML.replace(/-?\d+\.\d+/g, (n) => Number(n).toFixed(2));
}

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

/**
 * Markup for a snapshot a person can review: one element a line, indented; numbers in geometry attributes
 * (path data, positions) rounded to two decimals so float noise doesn't churn; text and what is read out
 * (aria-*) as rendered, so a change of display precision shows.
 */
export function stableMarkup(el: Element | null): string {
  if (!el) throw new Error('nothing rendered');
  return lines(el, '').join('\n');
}

const roundNumbers = (value: string) => value.replace(/-?\d+\.\d+/g, (n) => Number(n).toFixed(2));

function lines(el: Element, indent: string): string[] {
  const attributes = [...el.attributes].map((a) => ` ${a.name}="${a.name.startsWith('aria-') ? a.value : roundNumbers(a.value)}"`).join('');
  const open = `${indent}<${el.localName}${attributes}>`;
  const close = `</${el.localName}>`;
  const children = [...el.childNodes].filter((n) => n.nodeType === n.ELEMENT_NODE || (n.textContent ?? '').trim() !== '');
  if (children.length === 0) return [open + close];
  if (children.length === 1 && children[0]?.nodeType === children[0]?.TEXT_NODE) return [open + (children[0]?.textContent ?? '') + close];
  return [
    open,
    ...children.flatMap((n) => (n.nodeType === n.ELEMENT_NODE ? lines(n as Element, `${indent}  `) : [`${indent}  ${n.textContent ?? ''}`])),
    indent + close,
  ];
}

/**
 * Types into a field key by key as a browser does: each key edits the text the field shows now (so a field
 * that puts its value back after a key makes the next key land on that value). Starts from an emptied field.
 */
export function typeKeys(input: HTMLInputElement, text: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  const edit = (value: string) =>
    act(() => {
      setter?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  edit('');
  for (const key of text) edit(input.value + key);
}

import { type RefObject, useEffect, useState } from 'react';

/** Whether the element scrolls in its place: it may (overflow auto or scroll) and its content is larger than its box. */
function scrollsItself(el: HTMLElement): boolean {
  const { overflowX, overflowY } = getComputedStyle(el);
  const may = (overflow: string) => overflow === 'auto' || overflow === 'scroll';
  return (may(overflowY) && el.scrollHeight > el.clientHeight + 1) || (may(overflowX) && el.scrollWidth > el.clientWidth + 1);
}

/**
 * True while the element scrolls: checked at the frame after `content` (what it holds) changes and when its box is
 * resized (the window, the page's layout), so it can be a tab stop only then.
 */
export function useScrollsItself(ref: RefObject<HTMLElement | null>, content: unknown): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Read at the next frame, once every panel's chart is drawn: read here, between one panel's redraw and the
    // next, it laid the page out once per panel (~40 ms at every τ on 2 loaded cores, profiled).
    const frame = requestAnimationFrame(() => setScrolls(scrollsItself(el)));
    return () => cancelAnimationFrame(frame);
  }, [ref, content]);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setScrolls(scrollsItself(el)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
}

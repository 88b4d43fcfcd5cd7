import * as d3 from 'd3';
import { type DependencyList, useEffect, useRef } from 'react';

export type SvgRoot = d3.Selection<SVGSVGElement, unknown, null, undefined>;

/**
 * An SVG ref whose content D3 redraws from scratch whenever `deps` change. The charts are small (a few
 * hundred elements), so clearing and redrawing is simpler than joins and costs well under a frame.
 */
export function useD3(draw: (root: SvgRoot) => void, deps: DependencyList) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const root = d3.select(ref.current);
    root.selectAll('*').remove();
    draw(root);
    // `deps` stand for what `draw` reads; the callers' lists are checked by eslint (additionalHooks).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return ref;
}

import type { CSSProperties } from 'react';
import type { LegendItem } from '../exports/types';

/** A swatch drawn as the series is: a square for bars and areas, a line (thin, thick or dashed) for curves. */
function swatchStyle(item: LegendItem): CSSProperties {
  if (!item.mark) return { background: item.color, height: 10, width: 10 };
  const width = item.mark === 'thin' ? 1 : 2.5;
  return { borderTop: `${width}px ${item.mark === 'dashed' ? 'dashed' : 'solid'} ${item.color}`, opacity: item.mark === 'thin' ? 0.6 : 1, width: 18 };
}

/** The key to a panel's charts: one entry per series. */
export function ChartLegend({ items }: { items: LegendItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="legend" data-testid="legend" aria-label="Legend">
      {items.map((item) => (
        <li key={`${item.label}-${item.mark ?? 'square'}`}>
          <span className="swatch" style={swatchStyle(item)} aria-hidden="true" />
          {item.fullLabel && item.fullLabel !== item.label ? (
            <>
              <abbr title={item.fullLabel} aria-hidden="true">
                {item.label}
              </abbr>
              <span className="sr-only">{item.fullLabel}</span>
            </>
          ) : (
            item.label
          )}
        </li>
      ))}
    </ul>
  );
}

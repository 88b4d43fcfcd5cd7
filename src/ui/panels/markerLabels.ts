/** Width of a marker label's character at the charts' 9 px font (an upper bound for digits, 'τ', '=', ' '). */
const CHAR_PX = 5.5;
/** Gap between a marker's line and its label. */
export const MARKER_LABEL_GAP = 3;

/**
 * Which markers' labels to write, given each line's x in pixels and whether its label goes left of it: the
 * newest (rightmost) first, then each one that overlaps none already kept. A keyboard walk of the τ slider
 * puts a marker on every step (steps 11, 12, 13, 14), whose labels printed over each other; the lines stay
 * and the chart's caption lists every change.
 */
export function markerLabelsShown(markers: readonly { px: number; label: string; left: boolean }[]): boolean[] {
  const kept: [number, number][] = [];
  const shown = markers.map(() => false);
  for (let k = markers.length - 1; k >= 0; k--) {
    const { px, label, left } = markers[k]!;
    const width = label.length * CHAR_PX;
    const span: [number, number] = left ? [px - MARKER_LABEL_GAP - width, px - MARKER_LABEL_GAP] : [px + MARKER_LABEL_GAP, px + MARKER_LABEL_GAP + width];
    if (kept.some(([a, b]) => span[0] < b && a < span[1])) continue;
    kept.push(span);
    shown[k] = true;
  }
  return shown;
}

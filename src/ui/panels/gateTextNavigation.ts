/** A character of the gates-over-text strip: which series row (model × gate) and which text position. */
export interface StripCell {
  row: number;
  index: number;
}

export interface StripShape {
  /** Series rows per block (two per model). */
  rows: number;
  chars: number;
  charsPerLine: number;
}

/**
 * Roving focus in the strip: ←/→ walk the text (across lines), ↑/↓ move to the row above or below as
 * drawn (crossing into the previous or next block of lines), Home/End go to the ends of the line and,
 * with Ctrl, of the text. Returns null for keys that don't move.
 */
export function moveInStrip(cell: StripCell, key: string, ctrl: boolean, shape: StripShape): StripCell | null {
  const { rows, chars, charsPerLine } = shape;
  if (chars === 0 || rows === 0) return null;
  const block = Math.floor(cell.index / charsPerLine);
  const column = cell.index % charsPerLine;
  const visual = block * rows + cell.row;
  const lastVisual = Math.floor((chars - 1) / charsPerLine) * rows + rows - 1;
  const toVisual = (v: number): StripCell => {
    const b = Math.floor(v / rows);
    return { row: v % rows, index: Math.min(chars - 1, b * charsPerLine + column) };
  };
  switch (key) {
    case 'ArrowLeft':
      return cell.index > 0 ? { ...cell, index: cell.index - 1 } : null;
    case 'ArrowRight':
      return cell.index < chars - 1 ? { ...cell, index: cell.index + 1 } : null;
    case 'ArrowUp':
      return visual > 0 ? toVisual(visual - 1) : null;
    case 'ArrowDown':
      return visual < lastVisual ? toVisual(visual + 1) : null;
    case 'Home':
      return { ...cell, index: ctrl ? 0 : block * charsPerLine };
    case 'End':
      return { ...cell, index: ctrl ? chars - 1 : Math.min(chars - 1, (block + 1) * charsPerLine - 1) };
    default:
      return null;
  }
}

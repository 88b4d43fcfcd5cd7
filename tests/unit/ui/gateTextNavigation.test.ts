import { describe, expect, it } from 'vitest';
import { moveInStrip } from '../../../src/ui/panels/gateTextNavigation';

// 4 series rows, 10 characters, 4 per line: blocks hold indices 0–3, 4–7, 8–9.
const shape = { rows: 4, chars: 10, charsPerLine: 4 };
const move = (row: number, index: number, key: string, ctrl = false) => moveInStrip({ row, index }, key, ctrl, shape);

describe('roving focus in the gates-over-text strip', () => {
  it('left and right walk the text across lines and stop at its ends', () => {
    expect(move(2, 3, 'ArrowRight')).toEqual({ row: 2, index: 4 });
    expect(move(2, 4, 'ArrowLeft')).toEqual({ row: 2, index: 3 });
    expect(move(0, 0, 'ArrowLeft')).toBeNull();
    expect(move(0, 9, 'ArrowRight')).toBeNull();
  });

  it('up and down go to the row drawn above or below, crossing blocks, keeping the column', () => {
    expect(move(1, 2, 'ArrowDown')).toEqual({ row: 2, index: 2 });
    expect(move(3, 2, 'ArrowDown')).toEqual({ row: 0, index: 6 });
    expect(move(0, 6, 'ArrowUp')).toEqual({ row: 3, index: 2 });
    expect(move(0, 1, 'ArrowUp')).toBeNull();
    // the last block is short: column 3 clamps to the last character
    expect(move(3, 7, 'ArrowDown')).toEqual({ row: 0, index: 9 });
    expect(move(3, 9, 'ArrowDown')).toBeNull();
  });

  it('Home and End go to the line ends, with Ctrl to the text ends', () => {
    expect(move(1, 6, 'Home')).toEqual({ row: 1, index: 4 });
    expect(move(1, 6, 'End')).toEqual({ row: 1, index: 7 });
    expect(move(1, 8, 'End')).toEqual({ row: 1, index: 9 });
    expect(move(1, 6, 'Home', true)).toEqual({ row: 1, index: 0 });
    expect(move(1, 6, 'End', true)).toEqual({ row: 1, index: 9 });
  });

  it('other keys and an empty strip do not move', () => {
    expect(move(0, 0, 'a')).toBeNull();
    expect(moveInStrip({ row: 0, index: 0 }, 'ArrowRight', false, { rows: 4, chars: 0, charsPerLine: 4 })).toBeNull();
  });
});

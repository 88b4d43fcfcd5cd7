/**
 * Chart sizes in SVG units, equal to their CSS pixels in a panel at 1280 px (two panels a row), so text in
 * the charts reads at its font size there and scales with the panel elsewhere. A half chart is one of a
 * pair side by side; each is about twice the area the charts had at three panels a row (151 × 140).
 */
export const CHART_WIDTH = 484;
export const HALF_CHART_WIDTH = 238;
export const CHART_HEIGHT = 184;
/** A row of a panel's numbers table at 1280 px. */
const TABLE_ROW = 17;
const MIN_CHART_HEIGHT = 120;

/**
 * A panel's chart height for `models` rows in its table: each row past the `fits` that the panel holds at
 * full height takes its height from the chart, so four and five models' tables show without scrolling at
 * 1280×800 (with five they scrolled 32–64 px); past that the chart keeps MIN_CHART_HEIGHT and the panel scrolls.
 */
export function chartHeightFor(models: number, fits: number): number {
  return Math.max(MIN_CHART_HEIGHT, CHART_HEIGHT - TABLE_ROW * Math.max(0, models - fits));
}

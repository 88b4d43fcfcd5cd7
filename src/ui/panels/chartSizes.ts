/**
 * Chart sizes in SVG units, equal to their CSS pixels in a panel at 1280 px (two panels a row), so text in
 * the charts reads at its font size there and scales with the panel elsewhere. A half chart is one of a
 * pair side by side; each is about twice the area the charts had at three panels a row (151 × 140).
 */
export const CHART_WIDTH = 484;
export const HALF_CHART_WIDTH = 238;
export const CHART_HEIGHT = 184;

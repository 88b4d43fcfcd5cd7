/**
 * Chart widths in SVG units, equal to their CSS pixels in a panel at 1280 px (three panels a row), so
 * text in the charts reads at its font size there and scales with the panel elsewhere.
 */
export const CHART_WIDTH = 306;
export const HALF_CHART_WIDTH = 151;

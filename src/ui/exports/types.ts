/** What every export of a panel is named and titled after: the panel, the run's text and its step. */
export interface ExportMeta {
  title: string;
  corpus: string;
  step: number;
}

/** A standalone SVG document and its size in CSS pixels. */
export interface SvgFile {
  markup: string;
  width: number;
  height: number;
}

export interface LegendItem {
  label: string;
  /** The full name when `label` is a short one: the pointer's title and what a screen reader says. */
  fullLabel?: string;
  color: string;
  /** How the series is drawn, for the on-page legend's swatch (a square when absent). */
  mark?: 'line' | 'thin' | 'dashed';
}

/** Tabular data a panel shows: as CSV (a header row, one row per record) and as JSON (numbers unrounded). */
export interface DataFile {
  csv: string;
  json: object;
}

/**
 * What a panel can be saved as. `svg`: its charts (every `svg[role="img"]` in the panel, in a row) with
 * a legend, or a drawing of its own (for panels that are HTML); PNG is that SVG rasterised. A builder
 * that returns null has nothing to export yet.
 */
export interface PanelExports {
  /** The panel's part of the file name: gatelab-<name>-<corpus>-step<N>.<ext>. */
  name: string;
  svg?: { legend: LegendItem[] } | ((meta: ExportMeta) => SvgFile | null);
  data?: () => DataFile | null;
  text?: (meta: ExportMeta) => string | null;
}

import { csvFormatRow } from 'd3';

export type CsvValue = string | number | boolean | null | undefined;

/**
 * CSV as RFC 4180 has it: a header row, CRLF between records, fields with a comma, quote or line break in
 * quotes with quotes doubled (d3-dsv's quoting). Numbers as JavaScript writes them, unrounded; null and
 * undefined as empty fields.
 */
export function toCsv<Row extends Record<string, CsvValue>>(rows: readonly Row[], columns: readonly (keyof Row & string)[]): string {
  const line = (values: CsvValue[]) => csvFormatRow(values.map((v) => (v === null || v === undefined ? '' : String(v))));
  return [line([...columns]), ...rows.map((row) => line(columns.map((c) => row[c])))].join('\r\n') + '\r\n';
}

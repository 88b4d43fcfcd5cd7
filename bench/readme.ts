import { readFileSync, writeFileSync } from 'node:fs';

/** Replaces what lies between the bench markers of the README with the report; false if there are no markers. */
export const START = '<!-- bench:start -->';
export const END = '<!-- bench:end -->';

export function spliceReport(readme: string, report: string): string | null {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return null;
  return `${readme.slice(0, start + START.length)}\n${report.trim()}\n${readme.slice(end)}`;
}

export function updateReadme(path: string, report: string): boolean {
  const next = spliceReport(readFileSync(path, 'utf8'), report);
  if (next == null) return false;
  writeFileSync(path, next);
  return true;
}

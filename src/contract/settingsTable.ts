import { parseDecimal } from '../decimal';
import { CELL_KINDS } from '../model/types';
import type { RunSettings } from './runSettings';

/** The numeric settings of a run, each with the one rule that holds wherever it enters. */
export type NumberKey = { [K in keyof RunSettings]-?: RunSettings[K] extends number ? K : never }[keyof RunSettings];

export interface NumberSetting {
  key: NumberKey;
  label: string;
  min: number;
  max: number;
  /** The step of the page's field. */
  step: number;
  /** Sizes, counts and the seed: a fraction would break the run. */
  whole: boolean;
  /** Shown only with this built-in text (the copying task's delay). */
  corpus?: string;
  /** Not a field of the page: set along with the run (the embedding size, the clipping norm). */
  internal?: true;
}

/**
 * The one table of numeric settings: the page's fields, links, saved runs and the worker all check a value
 * against it, so a value refused in one place is refused in all of them.
 */
export const NUMBER_SETTINGS: readonly NumberSetting[] = [
  { key: 'hidden', label: 'Hidden size', min: 8, max: 512, step: 8, whole: true },
  { key: 'layers', label: 'Layers', min: 1, max: 2, step: 1, whole: true },
  { key: 'seqLen', label: 'Window length', min: 4, max: 256, step: 4, whole: true },
  { key: 'batch', label: 'Batch', min: 1, max: 128, step: 1, whole: true },
  { key: 'lr', label: 'Learning rate', min: 0.0001, max: 0.1, step: 0.0005, whole: false },
  // The slider's range: the field and the slider show one τ.
  { key: 'tau', label: 'Temperature τ', min: 0.05, max: 2, step: 0.05, whole: false },
  { key: 'noiseP', label: 'Noise p', min: 0.05, max: 1, step: 0.05, whole: false },
  { key: 'hDetach', label: 'h-detach p', min: 0, max: 1, step: 0.05, whole: false },
  { key: 'groupSparsity', label: 'Group sparsity λ', min: 0, max: 0.1, step: 0.001, whole: false },
  { key: 'forgetBias', label: 'Forget-gate bias', min: -5, max: 10, step: 0.5, whole: false },
  { key: 'seed', label: 'Seed', min: 0, max: 1_000_000, step: 1, whole: true },
  { key: 'targetSteps', label: 'Steps', min: 1, max: 1_000_000, step: 100, whole: true },
  { key: 'copyDelay', label: 'Delay T', min: 1, max: 500, step: 1, whole: true, corpus: 'copying' },
  { key: 'embedding', label: 'Embedding size', min: 1, max: 512, step: 1, whole: true, internal: true },
  { key: 'clipNorm', label: 'Gradient clipping norm', min: 0.001, max: 1000, step: 0.1, whole: false, internal: true },
];

/** Long values are cut in messages, so a hostile link cannot fill the page. */
export function cutValue(raw: string, max = 24): string {
  const chars = Array.from(raw);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : raw;
}

export const quoteValue = (raw: string): string => `“${cutValue(raw)}”`;

/** Why a number does not fit a setting, in words after its name and value; null when it fits. */
export function numberProblem(setting: NumberSetting, value: number): string | null {
  if (!Number.isFinite(value)) return 'is not a number';
  if (setting.whole && !Number.isInteger(value)) return 'is not a whole number';
  if (value < setting.min || value > setting.max) return `is outside ${setting.min}–${setting.max}`;
  return null;
}

/** Reads a setting typed in a field or a link: the value, or the problem with the raw text quoted. */
export function readNumberSetting(setting: NumberSetting, raw: string): { value: number } | { problem: string } {
  const value = parseDecimal(raw);
  const problem = numberProblem(setting, value);
  return problem ? { problem: `${setting.label} ${quoteValue(raw)} ${problem}` } : { value };
}

/**
 * Every problem of a run's numbers and models, in words; empty when the worker can build the run from them.
 * Saved runs and the worker check with it (the text is checked where it is read).
 */
export function runSettingsProblems(settings: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const s of NUMBER_SETTINGS) {
    const value = settings[s.key];
    const problem = typeof value === 'number' ? numberProblem(s, value) : 'is missing';
    if (problem) problems.push(`${s.label} ${typeof value === 'number' ? `${quoteValue(String(value))} ` : ''}${problem}`);
  }
  const cells = settings.cells;
  if (!Array.isArray(cells) || cells.length === 0 || !cells.every((c) => (CELL_KINDS as readonly unknown[]).includes(c))) {
    problems.push('the models are not a list of known cells');
  }
  return problems;
}

import type { CellKind } from '../../model/types';
import type { ModelId, RunSettings, RunSnapshot } from '../../worker/protocol';
import { DEFAULT_SETTINGS } from '../settings';
import type { RunView } from '../runState';

export const SAVED_RUN_VERSION = 1;

/** What the list of saved runs shows, stored apart from the weights so listing stays cheap. */
export interface SavedRunSummary {
  id: string;
  name: string;
  savedAt: number;
  step: number;
  corpusName: string;
  models: ModelId[];
}

/** Everything needed to reopen a run where it was: settings (an uploaded text included), curves, worker state. */
export interface SavedRun extends SavedRunSummary {
  version: typeof SAVED_RUN_VERSION;
  settings: RunSettings;
  curves: Pick<RunView, 'trainCurve' | 'validCurve' | 'gapCurve'>;
  snapshot: RunSnapshot;
}

/** A saved run that cannot be used; the message names it and says why. */
export class SavedRunError extends Error {
  override name = 'SavedRunError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isFloats = (v: unknown): v is Float32Array => v instanceof Float32Array;

/** What makes a record unusable, in words; null when it can be read. */
export function savedRunProblem(value: unknown): string | null {
  if (!isObject(value)) return 'it is not a saved run';
  if (value.version !== SAVED_RUN_VERSION) return `it has format version ${String(value.version)}, this page reads ${SAVED_RUN_VERSION}`;
  const { settings, curves, snapshot } = value;
  if (typeof value.id !== 'string' || typeof value.name !== 'string') return 'its name is missing';
  if (!isObject(settings) || !isObject(settings.corpus) || typeof settings.hidden !== 'number') return 'its settings are missing';
  if (!isObject(curves) || !Array.isArray(curves.trainCurve) || !Array.isArray(curves.validCurve) || !Array.isArray(curves.gapCurve)) {
    return 'its loss curves are missing';
  }
  if (!isObject(snapshot) || typeof snapshot.step !== 'number' || !Array.isArray(snapshot.models) || snapshot.models.length === 0) {
    return 'its model state is missing';
  }
  for (const m of snapshot.models as unknown[]) {
    if (!isObject(m) || !isObject(m.trainer)) return 'a model is missing';
    const t = m.trainer;
    if (!Array.isArray(t.params) || !t.params.every(isFloats)) return `the weights of the ${String(m.model)} model are damaged`;
    if (!isObject(t.optimizer) || !Array.isArray(t.optimizer.moments) || !t.optimizer.moments.every((x) => isObject(x) && isFloats(x.values))) {
      return `the optimizer state of the ${String(m.model)} model is damaged`;
    }
    if (t.params.some((p: Float32Array) => p.some((x) => !Number.isFinite(x)))) return `the weights of the ${String(m.model)} model hold NaN or infinite values`;
  }
  return null;
}

/** Checks a record read back from storage; throws a SavedRunError that says what is wrong. */
export function checkSavedRun(value: unknown, name: string): SavedRun {
  const problem = savedRunProblem(value);
  if (problem) throw new SavedRunError(`The saved run “${name}” could not be read: ${problem}. Your other saved runs are not affected.`);
  const run = value as SavedRun;
  return { ...run, settings: withCurrentFields(run.settings) };
}

/**
 * Records saved before the model list and the later options: they trained G2 and LSTM, and the sharpened
 * model when `withSharpened` was on; the options added since take their defaults (off).
 */
function withCurrentFields(settings: RunSettings & { withSharpened?: boolean }): RunSettings {
  const { withSharpened, ...rest } = settings;
  const cells: CellKind[] = Array.isArray(rest.cells) ? rest.cells : withSharpened ? ['g2', 'lstm', 'sharpened'] : ['g2', 'lstm'];
  return {
    ...rest,
    cells,
    compareHDetach: rest.compareHDetach ?? false,
    groupSparsity: rest.groupSparsity ?? 0,
    copyDelay: rest.copyDelay ?? DEFAULT_SETTINGS.copyDelay,
  };
}

export function summaryOf(run: SavedRun): SavedRunSummary {
  const { id, name, savedAt, step, corpusName, models } = run;
  return { id, name, savedAt, step, corpusName, models };
}

import type { CellKind } from '../../model/types';
import type { ModelId } from '../../contract/models';
import type { RunSettings } from '../../contract/runSettings';
import type { RunSnapshot } from '../../worker/protocol';
import { BUILTIN_CORPORA } from '../../data/corpora';
import { NUMBER_SETTINGS, quoteValue, runSettingsProblems } from '../../contract/settingsTable';
import { DEFAULT_SETTINGS } from '../../contract/runSettings';
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
  /** Set when read back, never stored: what reading it changed (a τ out of the slider's range), in a sentence for the reopen notice. */
  adjusted?: string;
}

/** A saved run that cannot be used; the message names it and says why. */
export class SavedRunError extends Error {
  override name = 'SavedRunError';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isFloats = (v: unknown): v is Float32Array => v instanceof Float32Array;

/** What makes a record unusable, in words; null when it can be read. */
export function savedRunProblem(value: unknown): string | null {
  const problem = structureProblem(value);
  if (problem) return problem;
  const run = value as SavedRun;
  return settingsProblem({ ...run, settings: withCurrentFields(run.settings) });
}

function structureProblem(value: unknown): string | null {
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

/** What is wrong with a record's settings (the same table as the fields and links), text or weights sizes. */
function settingsProblem(run: SavedRun): string | null {
  const settings = run.settings;
  const problems = runSettingsProblems({ ...settings });
  if (problems.length) return `its settings cannot be used: ${problems.join('; ')}`;
  const text = textProblem(settings.corpus);
  if (text) return text;
  for (const { model, trainer } of run.snapshot.models) {
    const sizes = paramSizesProblem(trainer.params, settings);
    if (sizes) return `the weights of the ${model} model do not fit its settings: ${sizes}`;
  }
  return null;
}

function textProblem(corpus: RunSettings['corpus']): string | null {
  if (corpus.kind === 'builtin') {
    return BUILTIN_CORPORA.some((c) => c.id === corpus.id) ? null : `there is no built-in text ${quoteValue(String(corpus.id))}`;
  }
  if (corpus.kind !== 'upload') return 'its text is missing';
  if (!(corpus.bytes instanceof ArrayBuffer) || corpus.bytes.byteLength === 0) return `its uploaded text ${quoteValue(String(corpus.name))} is empty`;
  return null;
}

/** The parameters in paramList order: embedding [V, E], per layer [in, 4H], [H, 4H], [4H], then [H, V], [V]. */
function paramSizesProblem(params: Float32Array[], { hidden: H, layers, embedding: E }: RunSettings): string | null {
  if (params.length !== 3 + 3 * layers) return `${params.length} tensors, ${layers} layer${layers > 1 ? 's' : ''} need ${3 + 3 * layers}`;
  const V = params[params.length - 1]?.length ?? 0;
  const expected = [V * E, ...Array.from({ length: layers }, (_, l) => [(l === 0 ? E : H) * 4 * H, H * 4 * H, 4 * H]).flat(), H * V, V];
  const k = expected.findIndex((n, k) => params[k]?.length !== n);
  return k < 0 ? null : `parameter ${k} holds ${params[k]?.length} values, hidden ${H} needs ${expected[k]}`;
}

/** Checks a record read back from storage; throws a SavedRunError that says what is wrong. */
export function checkSavedRun(value: unknown, name: string): SavedRun {
  const problem = savedRunProblem(value);
  if (problem) throw new SavedRunError(`The saved run “${name}” could not be read: ${problem}. Your other saved runs are not affected.`);
  const run = value as SavedRun;
  const { tau, tauSchedule } = run.snapshot;
  const outside = [run.settings.tau, ...(run.settings.tauSchedule ?? []).map((c) => c.tau), tau, ...(tauSchedule ?? []).map((c) => c.tau)].filter(
    (t) => typeof t === 'number' && intoTauRange(t) !== t,
  );
  // Records from before the τ schedule have none.
  const snapshot = { ...run.snapshot, tau: intoTauRange(tau), ...(tauSchedule ? { tauSchedule: tauSchedule.map((c) => ({ ...c, tau: intoTauRange(c.tau) })) } : {}) };
  return {
    ...run,
    settings: withCurrentFields(run.settings),
    snapshot,
    ...(outside.length ? { adjusted: tauAdjusted([...new Set(outside)]) } : {}),
  };
}

/** Says which saved τ values the slider's range changed, e.g. “Its τ 3 was above the slider's range (0.05–2): it is 2 now.” */
function tauAdjusted(values: number[]): string {
  if (!TAU_RANGE) return '';
  const range = `(${TAU_RANGE.min}–${TAU_RANGE.max})`;
  const list = values.length === 1 ? `τ ${values[0]} was` : `τ values ${values.join(', ')} were`;
  const ends = [...new Set(values.map(intoTauRange))].join(' and ');
  return `Its ${list} outside the slider's range ${range}: ${values.length === 1 ? 'it is' : 'they are'} ${ends} now.`;
}

/**
 * Records saved by earlier versions: the current defaults go under the saved fields (a field added since takes
 * its default), runs from before the model list trained G2 and LSTM (plus the sharpened model when
 * `withSharpened` was on), and a τ above the slider's range (the old field allowed 5) opens at the slider's top.
 */
function withCurrentFields(settings: RunSettings & { withSharpened?: boolean }): RunSettings {
  const { withSharpened, ...rest } = settings;
  const cells: CellKind[] = Array.isArray(rest.cells) ? rest.cells : withSharpened ? ['g2', 'lstm', 'sharpened'] : ['g2', 'lstm'];
  const migrated: RunSettings = { ...DEFAULT_SETTINGS, ...rest, cells };
  if (typeof migrated.tau === 'number') migrated.tau = intoTauRange(migrated.tau);
  if (Array.isArray(migrated.tauSchedule)) {
    migrated.tauSchedule = migrated.tauSchedule.map((c) => ({ ...c, tau: typeof c.tau === 'number' ? intoTauRange(c.tau) : c.tau }));
  }
  return migrated;
}

const TAU_RANGE = NUMBER_SETTINGS.find((s) => s.key === 'tau');

/** Numbers out of range are brought to the nearest end; NaN stays NaN, so the table still refuses it. */
function intoTauRange(tau: number): number {
  return TAU_RANGE ? Math.min(TAU_RANGE.max, Math.max(TAU_RANGE.min, tau)) : tau;
}

export function summaryOf(run: SavedRun): SavedRunSummary {
  const { id, name, savedAt, step, corpusName, models } = run;
  return { id, name, savedAt, step, corpusName, models };
}

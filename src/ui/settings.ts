import { trainingWindow } from '../data/batches';
import { copyLineLength } from '../data/corpora';
import type { CellKind } from '../model/types';
import { MODEL_NAMES, namesInASentence } from '../contract/models';
import { BACKENDS, type BackendName, type EditableSettings, type RunSettings } from '../contract/runSettings';
import { NUMBER_SETTINGS, type NumberKey, type NumberSetting } from '../contract/settingsTable';

/** The cells a person can train, in the order the page lists them. */
export const CELL_CHOICES: readonly CellKind[] = ['g2', 'lstm', 'sharpened', 'beta', 'bibeta'];

/** A number field of the page: a row of the one settings table, with one line on what it does. */
export type NumberField = NumberSetting & {
  /** One line on what the setting does, shown on hover and focus. */
  description: string;
};

const DESCRIPTIONS: Record<NumberKey, string> = {
  hidden: 'Units in each recurrent layer: the size of the memory c and the state h.',
  layers: 'Recurrent layers stacked; the gate panels show the first.',
  seqLen: 'Characters per training window: gradients flow back through this many steps (truncated backpropagation).',
  batch: 'Windows trained on at once, from evenly spaced places in the text.',
  lr: 'Adam’s step size.',
  tau: 'Temperature of the G2-LSTM and sharpened gates in training: σ((z + noise)/τ); small τ pushes gates towards 0 or 1.',
  noiseP: 'G2-LSTM: the share of gates that get their Gumbel noise in training, the rest none (noise dropout, as in the paper’s code); 1 is the paper’s equation.',
  hDetach: 'h-detach (Arpit et al.): at each step, with this probability, the gradient from the gates into h₍ₜ₋₁₎ is stopped.',
  groupSparsity: 'Group-lasso penalty on each (gate, unit)’s weights (Lobacheva et al.): pushes whole gates to be constant.',
  forgetBias: 'Added to every forget gate’s bias at the start: open forget gates carry symbols across the copying task’s delay (with +3, G2-LSTM recalls above chance at T 10).',
  seed: 'Starts the random numbers: the same seed and backend give the same run.',
  targetSteps: 'Training stops after this many steps (one batch each).',
  copyDelay: 'Copying task: blanks between the ten symbols and the signal to repeat them.',
  embedding: 'Size of each character’s learned vector.',
  clipNorm: 'Gradients are scaled down when their norm passes this.',
};

export const NUMBER_FIELDS: readonly NumberField[] = NUMBER_SETTINGS.filter((s) => !s.internal).map((s) => ({
  ...s,
  description: DESCRIPTIONS[s.key],
}));

/** What the copying task makes of the window length: whole examples, so no delay is cut by a window. */
export function copyWindowNote(settings: Pick<EditableSettings, 'seqLen' | 'copyDelay'>): string {
  const line = copyLineLength(settings.copyDelay);
  const window = trainingWindow(settings.seqLen, line);
  return `Training windows hold whole examples: ${window / line} × ${line} = ${window} characters (nearest the window length ${settings.seqLen}), each from a zero state.`;
}

/**
 * Copying-task settings both models learn from within minutes in a tab (measured with the page's engine in
 * Node, H 64, 6,000 steps, seed 1: with the forget-gate bias +3 the LSTM recalls 0.93 of the symbols and G2
 * 0.43; without it 0.52 and 0.12, chance being 0.125). At T 50 and lr 0.005 both sat at chance.
 */
export const QUICK_COPY = { copyDelay: 10, lr: 0.01, forgetBias: 3 } as const;
const QUICK_KEYS = Object.keys(QUICK_COPY) as (keyof typeof QUICK_COPY)[];

/** The settings with QUICK_COPY's values, or null when they have them already. */
export function quickCopySettings(settings: EditableSettings): EditableSettings | null {
  const same = QUICK_KEYS.every((k) => settings[k] === QUICK_COPY[k]);
  return same ? null : { ...settings, ...QUICK_COPY };
}

/** h-detach p that "With and without h-detach" brings where p was 0 (Arpit et al. tried 0.25 and 0.5). */
export const COMPARE_HDETACH_P = 0.25;

/**
 * The settings with "With and without h-detach" ticked or not. The twins train only at h-detach p > 0
 * (runModels): ticked at p 0, Apply used to restart the same two models without a word, so ticking it sets
 * p to COMPARE_HDETACH_P, which the field and the Apply bar show.
 */
export function withCompareHDetach(settings: EditableSettings, on: boolean): EditableSettings {
  return { ...settings, compareHDetach: on, hDetach: on && settings.hDetach === 0 ? COMPARE_HDETACH_P : settings.hDetach };
}

/** A setting whose field differs from the run on screen: what Apply would change. */
export interface SettingChange {
  key: keyof EditableSettings | 'backend';
  label: string;
  from: string;
  to: string;
}

/** τ (the slider) and Steps apply at once; every other setting needs a new run. */
const APPLIED_AT_ONCE: readonly (keyof EditableSettings)[] = ['tau', 'targetSteps'];
/** The models as the Models checkboxes name them: 'G2-LSTM and LSTM', not the ids of links ('g2, lstm'). */
const cellsText = (cells: readonly CellKind[]) => namesInASentence(cells.map((c) => MODEL_NAMES[c]));
/** The Backend menu's words for a choice. */
const backendText = (backend: BackendName | 'auto') => (backend === 'auto' ? 'fastest available' : backend);

/** What Apply would change in the run on screen, in the order of the fields. */
export function settingsChanges(
  edited: EditableSettings,
  backend: BackendName | 'auto',
  running: RunSettings,
): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const f of NUMBER_FIELDS) {
    if (APPLIED_AT_ONCE.includes(f.key) || edited[f.key] === running[f.key]) continue;
    const isCopying = running.corpus.kind === 'builtin' && running.corpus.id === f.corpus;
    if (f.corpus && !isCopying) continue;
    changes.push({ key: f.key, label: f.label, from: String(running[f.key]), to: String(edited[f.key]) });
  }
  if (cellsText(edited.cells) !== cellsText(running.cells)) {
    changes.push({ key: 'cells', label: 'Models', from: cellsText(running.cells), to: cellsText(edited.cells) });
  }
  if (edited.compareHDetach !== running.compareHDetach) {
    changes.push({ key: 'compareHDetach', label: 'With and without h-detach', from: onOff(running.compareHDetach), to: onOff(edited.compareHDetach) });
  }
  const runningBackend = running.backend ?? 'auto';
  if (backend !== runningBackend) changes.push({ key: 'backend', label: 'Backend', from: backendText(runningBackend), to: backendText(backend) });
  return changes;
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

/** `?backend=webgpu|webgl|wasm|cpu` forces a backend. */
export function backendFromUrl(search: string): BackendName | undefined {
  const value = new URLSearchParams(search).get('backend');
  return BACKENDS.find((b) => b === value);
}

/** Temperature slider: log scale between 0.05 and 2, positions 0..100. */
export const TAU_MIN = 0.05;
export const TAU_MAX = 2;
export function tauFromSlider(position: number): number {
  return +(TAU_MIN * (TAU_MAX / TAU_MIN) ** (position / 100)).toPrecision(3);
}
export function sliderFromTau(tau: number): number {
  return Math.round((100 * Math.log(tau / TAU_MIN)) / Math.log(TAU_MAX / TAU_MIN));
}

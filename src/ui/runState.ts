import type { CompressionRow } from '../contract/compression';
import type { GateMode } from '../model/types';
import { type ModelId, modelName, namesInASentence } from '../contract/models';
import type { AdapterInfo, BackendProbeReport, BackendTiming, ModelConstantGates, ModelStatistics, RunStatus, WasmThreads, WorkerEvent } from '../worker/protocol';
import type { BackendName, TauChange } from '../contract/runSettings';

/** Everything the page shows about the current run, built only from worker events. */
export interface RunView {
  backend: BackendName | null;
  adapter: AdapterInfo | null;
  /** The probe times when the backend was picked by speed, and whether they were remembered from an earlier visit. */
  timings: BackendTiming[] | null;
  /** On wasm: the threads it computes on. */
  wasmThreads: WasmThreads | null;
  timingsRemembered: boolean;
  /** A backend measurement under way (for the next run): each backend tried so far. */
  probes: BackendProbeReport[];
  corpusName: string;
  /** The run's models, in display order. */
  models: ModelId[];
  vocabSize: number;
  /** Characters the run trains on and validates on (the text's end), as the worker split them. */
  trainChars: number;
  validChars: number;
  status: RunStatus | 'starting';
  step: number;
  targetSteps: number;
  /** The run's G2 temperature now, and every change of it (step, τ), as the worker echoes them. */
  tau: number | null;
  tauSchedule: TauChange[];
  /** Smoothed over the last few seconds of training (the raw rate of 100 ms swings several-fold). */
  charsPerSec: number;
  /** Smoothed milliseconds per training step, and how many measurements it holds since training (re)started. */
  msPerStep: number;
  rateSamples: number;
  elapsedMs: number;
  trainCurve: { step: number; model: ModelId; bpc: number }[];
  validCurve: { step: number; model: ModelId; bpc: number; bpcBinary: number }[];
  /** Mean distance of the first layer's gates from binary, min(a, 1 − a), at each statistics event. */
  gapCurve: { step: number; model: ModelId; input: number; forget: number }[];
  /** Copying task only: how well each model recalls the symbols, at each recall event. */
  recall: { delay: number; curve: { step: number; model: ModelId; symbolAccuracy: number; sequenceAccuracy: number }[] } | null;
  statistics: { step: number; tau: number; mode: GateMode; models: ModelStatistics[] } | null;
  gatesOverText: Pick<Extract<WorkerEvent, { type: 'gatesOverText' }>, 'step' | 'tau' | 'mode' | 'text' | 'models'> | null;
  compression: { model: ModelId; rows: CompressionRow[] }[];
  constantGates: { step: number; threshold: number; models: ModelConstantGates[] } | null;
  samples: { model: ModelId; text: string }[];
  error: string | null;
  notice: string | null;
  /** The models the latest Import weights loaded, while its notice is on show. */
  loaded: ModelId[];
}

export const initialRunView: RunView = {
  backend: null,
  adapter: null,
  timings: null,
  wasmThreads: null,
  timingsRemembered: false,
  probes: [],
  corpusName: '',
  models: [],
  vocabSize: 0,
  trainChars: 0,
  validChars: 0,
  status: 'starting',
  step: 0,
  targetSteps: 0,
  tau: null,
  tauSchedule: [],
  charsPerSec: 0,
  msPerStep: 0,
  rateSamples: 0,
  elapsedMs: 0,
  trainCurve: [],
  validCurve: [],
  gapCurve: [],
  recall: null,
  statistics: null,
  gatesOverText: null,
  compression: [],
  constantGates: null,
  samples: [],
  error: null,
  notice: null,
  loaded: [],
};

/** Weight of a new rate measurement in the running average (about the last ten count). */
const RATE_WEIGHT = 0.1;
/** Measurements before the remaining time is shown: the first steps (compiling, warming up) are slower. */
export const STEADY_SAMPLES = 20;

const smooth = (previous: number, next: number, samples: number) => (samples === 0 ? next : previous + RATE_WEIGHT * (next - previous));

/** Folds one progress report into the smoothed rates; a report without new steps, or a step count that went back, starts them again. */
function withRate(view: RunView, event: Extract<WorkerEvent, { type: 'progress' }>): Pick<RunView, 'charsPerSec' | 'msPerStep' | 'rateSamples'> {
  const steps = event.step - view.step;
  if (steps <= 0 || event.charsPerSec <= 0 || view.status !== 'running') return { charsPerSec: view.charsPerSec, msPerStep: view.msPerStep, rateSamples: steps < 0 ? 0 : view.rateSamples };
  const ms = (event.elapsedMs - view.elapsedMs) / steps;
  const n = view.rateSamples;
  return { charsPerSec: smooth(view.charsPerSec, event.charsPerSec, n), msPerStep: smooth(view.msPerStep, ms, n), rateSamples: n + 1 };
}

/**
 * What to do on a page waiting for its first step: a new run that did not start on its own (step 0, idle, its
 * backend ready; see firstVisit.ts) says to press Train. A reopened run says "Train to continue" in its notice.
 */
export function startHint(view: Pick<RunView, 'status' | 'step' | 'backend'>): string | null {
  return view.status === 'idle' && view.step === 0 && view.backend !== null ? 'Press Train to start.' : null;
}

/** The validation slice in words, from the run's split: "the text's last 10 % (121,526 characters)"; null before it is known. */
export function validationSlice({ trainChars, validChars }: Pick<RunView, 'trainChars' | 'validChars'>): string | null {
  if (validChars <= 0) return null;
  const share = Math.round((100 * validChars) / (trainChars + validChars));
  return `the text's last ${share} % (${validChars.toLocaleString('en-US')} characters)`;
}

function loadedNotice(models: readonly ModelId[]): string {
  return `Loaded weights into the ${namesInASentence(models.map(modelName))} model${models.length > 1 ? 's' : ''}.`;
}

/** Milliseconds left to the target at the smoothed rate; null until the rate is steady. */
export function remainingMs(view: RunView): number | null {
  if (view.status !== 'running' || view.rateSamples < STEADY_SAMPLES) return null;
  return view.msPerStep * Math.max(0, view.targetSteps - view.step);
}

/** Curves keep at most this many points per model; older ones are thinned out. */
const MAX_CURVE_POINTS = 2000;

function thin<T>(points: T[]): T[] {
  return points.length > MAX_CURVE_POINTS ? points.filter((_, k) => k % 2 === 0) : points;
}

export function applyEvent(view: RunView, event: WorkerEvent): RunView {
  switch (event.type) {
    case 'ready':
      return {
        ...initialRunView,
        backend: event.backend,
        adapter: event.adapter,
        timings: event.timings ?? null,
        wasmThreads: event.wasmThreads ?? null,
        timingsRemembered: Boolean(event.remembered),
        corpusName: event.corpusName,
        models: event.models,
        vocabSize: event.vocabSize,
        trainChars: event.trainChars,
        validChars: event.validChars,
        status: 'idle',
        // A message about how this run came to be (a worker restart) outlives the reset.
        error: view.error,
      };
    case 'status':
      // A pause, a recovery or a restart: the rate is measured afresh when training goes on.
      return { ...view, status: event.status, step: event.step, rateSamples: event.status === view.status ? view.rateSamples : 0 };
    case 'backendProbe': {
      // A backend's result replaces the line that said it was being tried.
      const others = view.probes.filter((p) => p.backend !== event.report.backend);
      return { ...view, probes: [...others, event.report] };
    }
    case 'temperature':
      return { ...view, tau: event.tau, tauSchedule: event.schedule };
    case 'refused':
      return { ...view, error: event.message };
    case 'progress': {
      // A step count that went back (NaN recovery, backend fallback) cuts the curves there.
      const kept = view.trainCurve.filter((p) => p.step < event.step);
      const added = event.models
        .filter((m) => Number.isFinite(m.trainBpc))
        .map((m) => ({ step: event.step, model: m.model, bpc: m.trainBpc }));
      return {
        ...view,
        step: event.step,
        targetSteps: event.targetSteps,
        ...withRate(view, event),
        elapsedMs: event.elapsedMs,
        trainCurve: thin(event.step > 0 ? [...kept, ...added] : kept),
      };
    }
    case 'statistics': {
      // Statistics come again at the same step when τ or the gate mode changes: the latest wins.
      const validKept = view.validCurve.filter((p) => p.step < event.step);
      // The distance from 0/1 is a curve of σ(z) gates: under another gate mode (binary gates sit at 0/1 by
      // definition, σ(z/τ) moves with τ) the curve keeps its σ(z) points and waits for σ(z) again.
      const soft = event.mode === 'soft';
      const gapKept = soft ? view.gapCurve.filter((p) => p.step < event.step) : view.gapCurve;
      const valid = event.models.map((m) => ({
        step: event.step,
        model: m.model,
        bpc: m.validBpcSoft,
        bpcBinary: m.validBpcBinary,
      }));
      const gaps = event.models.map((m) => ({ step: event.step, model: m.model, input: m.gates.inputGap, forget: m.gates.forgetGap }));
      return {
        ...view,
        statistics: { step: event.step, tau: event.tau, mode: event.mode, models: event.models },
        validCurve: thin([...validKept, ...valid]),
        gapCurve: soft ? thin([...gapKept, ...gaps]) : gapKept,
      };
    }
    case 'recall': {
      const kept = view.recall?.curve.filter((p) => p.step < event.step) ?? [];
      const added = event.models.map((m) => ({ step: event.step, ...m }));
      return { ...view, recall: { delay: event.delay, curve: thin([...kept, ...added]) } };
    }
    case 'gatesOverText':
      return { ...view, gatesOverText: { step: event.step, tau: event.tau, mode: event.mode, text: event.text, models: event.models } };
    case 'compression':
      return { ...view, compression: event.models };
    case 'constantGates':
      return { ...view, constantGates: { step: event.step, threshold: event.threshold, models: event.models } };
    case 'samples':
      return { ...view, samples: event.samples };
    case 'backendChanged':
      return {
        ...view,
        backend: event.to,
        adapter: null,
        wasmThreads: event.wasmThreads ?? null,
        notice: `The ${event.from} backend failed (${event.reason}); training moved to ${event.to} and resumed from step ${event.resumedAtStep}.`,
      };
    case 'imported': {
      const info = event.inspection;
      if (!info) {
        // Files picked together load one after another: the notice grows to name them all.
        const loaded = view.notice === loadedNotice(view.loaded) ? [...new Set([...view.loaded, event.model])] : [event.model];
        return { ...view, loaded, notice: loadedNotice(loaded) };
      }
      if (info.alongside) {
        // Another file picked with the first, of the same vocabulary: shown beside it.
        const models = [...new Set([...view.models, event.model])];
        return { ...view, models, notice: inspectionNotice(models, info) };
      }
      // The run was replaced: its curves belong to other weights.
      return {
        ...view,
        trainCurve: [],
        validCurve: [],
        gapCurve: [],
        recall: null,
        compression: [],
        constantGates: null,
        samples: [],
        vocabSize: info.vocabSize,
        models: [event.model],
        notice: inspectionNotice([event.model], info),
      };
    }
    case 'error':
      return { ...view, error: event.message };
    case 'exported':
    case 'checkpoint':
    case 'snapshot':
    case 'log':
      return view;
  }
}

/** The notice of weights shown for inspection: which models, their sizes, and why they could not train on. */
function inspectionNotice(models: ModelId[], info: { hidden: number; layers: number; vocabSize: number; reason: string }): string {
  const what = models.length > 1 ? `${namesInASentence(models.map(modelName))} models` : `${modelName(models[0]!)} model`;
  const size = models.length > 1 ? `${info.vocabSize} characters` : `hidden ${info.hidden}, ${info.layers} layer${info.layers > 1 ? 's' : ''}, ${info.vocabSize} characters`;
  const why = info.reason ? `: ${info.reason}` : '';
  return `Showing the imported ${what} (${size}) on this text, for inspection only${why}. Reset trains again.`;
}

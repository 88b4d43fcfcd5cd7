/**
 * Every message between the page and the training worker. The page sends `WorkerCommand`s and gets
 * `WorkerEvent`s; both carry the run id, and the page ignores events of any run but its current one.
 * Only plain data crosses: numbers, strings, typed arrays (transferred), never tensors.
 */
import type { BackendName, RunSettings, TauChange } from '../contract/runSettings';
import type { ModelId } from '../contract/models';
import type { ViewSettings } from '../contract/viewSettings';
import type { CompressionRow } from '../contract/compression';
import type { JointCorners } from '../model/gateStats';
import type { TrainerSnapshot } from '../model/trainer';
import type { GateMode } from '../model/types';

/** `inspecting`: weights made elsewhere, shown on the text without training. */
export type RunStatus = 'idle' | 'running' | 'paused' | 'recovering' | 'inspecting';

/** A run's whole state in the worker: with its settings, enough to resume it exactly (autosave). */
export interface RunSnapshot {
  step: number;
  tau: number;
  mode: GateMode;
  /** Training windows read so far, so the batch stream resumes where it was. */
  windowsRead: number;
  /** The run's τ changes so far (absent in runs saved before the schedule). */
  tauSchedule?: TauChange[];
  /** The step the run aims for now (absent in older saves: the settings' `targetSteps`). */
  targetSteps?: number;
  models: { model: ModelId; trainer: TrainerSnapshot }[];
}

/** Why the page asked for a snapshot; echoed back so it can say what was saved. */
/** `remeasure`: the page measures the backends again and continues the run from this snapshot. */
export type SnapshotReason = 'interval' | 'hidden' | 'paused' | 'manual' | 'replaced' | 'remeasure';

export type WorkerCommand =
  /** A new run; with `resume`, it continues a saved one (same settings) where it stopped. */
  | { type: 'configure'; runId: number; settings: RunSettings; resume?: RunSnapshot; remembered?: RememberedTimings }
  | { type: 'snapshot'; runId: number; reason: SnapshotReason }
  | { type: 'start'; runId: number }
  | { type: 'pause'; runId: number }
  | { type: 'step'; runId: number }
  /**
   * The run's G2 temperature from the next training step on, and the views' at once. Latest wins: values
   * overtaken by a newer one before the worker got to them are dropped.
   */
  | { type: 'setTemperature'; runId: number; tau: number }
  /** Steps the run aims for: changing it never restarts the run. */
  | { type: 'setTargetSteps'; runId: number; targetSteps: number }
  | { type: 'setGateMode'; runId: number; mode: ViewSettings['mode'] }
  | { type: 'setCompression'; runId: number; specs: ViewSettings['compression'] }
  /** The spread below which a gate counts as constant (constant-gate view); recomputed at once. */
  | { type: 'setConstantThreshold'; runId: number; threshold: ViewSettings['constantThreshold'] }
  | { type: 'sample'; runId: number; length: number; temperature: number; prime: string }
  | { type: 'exportWeights'; runId: number }
  /** Loads a safetensors file into the model named by `model`, or by the file's own `cell`; `fileName` names it in a refusal. */
  | { type: 'importWeights'; runId: number; model?: ModelId; bytes: ArrayBuffer; fileName?: string };

/** A backend's measured speed when the page picked the fastest (lower is faster). */
export interface BackendTiming {
  backend: BackendName;
  msPerStep: number;
}

/** A backend measurement the page remembered, under the key the worker gave it (tfjs version and adapter). */
export interface RememberedTimings {
  key: string;
  timings: BackendTiming[];
}

/** One backend of a measurement under way: started (neither field), measured, or failed and why. */
export interface BackendProbeReport {
  backend: BackendName;
  msPerStep?: number;
  failed?: string;
}

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  isFallbackAdapter: boolean;
}

/**
 * The threads tfjs-backend-wasm computes on: its threaded SIMD build needs SharedArrayBuffer, which a
 * browser grants only to a cross-origin-isolated page (COOP same-origin + COEP require-corp or credentialless).
 */
export interface WasmThreads {
  count: number;
  isolated: boolean;
}

export interface ModelProgress {
  model: ModelId;
  /** Training loss of the last step, bits per character. */
  trainBpc: number;
}

export interface GateHistograms {
  /** Fractions over 10 and 50 equal bins of [0, 1]. */
  input10: number[];
  forget10: number[];
  input50: number[];
  forget50: number[];
  /** Share of values in [0, 0.1) and in [0.9, 1]. */
  inputEnds: { low: number; high: number };
  forgetEnds: { low: number; high: number };
  /** mean(min(a, 1 − a)): how far the gates sit from binary. */
  inputGap: number;
  forgetGap: number;
}

export interface ModelStatistics {
  model: ModelId;
  /** Validation bits per character with the chosen gate mode, soft gates and binarized gates. */
  validBpc: number;
  validBpcSoft: number;
  validBpcBinary: number;
  /** First layer's gates on the validation slice, with the current temperature and gate mode. */
  gates: GateHistograms;
  /** Joint distribution of (input, forget) over the same values: bins × bins fractions, row = input bin. */
  joint: { bins: number; values: Float32Array; correlation: number; corners: JointCorners };
}

/** How well a model recalls the copying task's symbols (teacher-forced, argmax), on fresh examples. */
export interface ModelRecall {
  model: ModelId;
  /** Share of the recalled symbols predicted right (chance 1/8). */
  symbolAccuracy: number;
  /** Share of examples whose ten symbols are all recalled. */
  sequenceAccuracy: number;
}

export interface GatesOverText {
  model: ModelId;
  /** Per character: the first layer's gate values, [chars, H] row-major. */
  input: Float32Array;
  forget: Float32Array;
  hidden: number;
}

/** One model's constant gates (first layer, validation slice): see src/model/constantGates.ts. */
export interface ModelConstantGates {
  model: ModelId;
  /** The gate mode the statistics were taken under. */
  mode: GateMode;
  hidden: number;
  /** Standard deviation of every (gate, unit), [4 × H] row-major, gates i, f, g, o (transferred). */
  spreads: Float32Array;
  /** Mean of every (gate, unit), [4 × H]: the constant a frozen gate is held at (transferred). */
  means: Float32Array;
  /** Gates below the threshold, per gate kind i, f, g, o. */
  frozenPerGate: [number, number, number, number];
  /** Units whose four gates are all constant. */
  removableUnits: number;
  /** Validation bits per character added by freezing the constant gates at their means. */
  deltaBpc: number;
  /** Validation bits per character unfrozen, under the same mode. */
  validBpc: number;
}

export type WorkerEvent =
  | {
      type: 'ready';
      runId: number;
      backend: BackendName;
      adapter: AdapterInfo | null;
      /** Present when the backend was chosen by measuring the candidates. */
      timings?: BackendTiming[];
      /** On wasm: how many threads it computes on. */
      wasmThreads?: WasmThreads;
      /** The timings were remembered from an earlier measurement here, under `probeKey`. */
      remembered?: boolean;
      probeKey: string;
      /** The models of the run, in display order. */
      models: ModelId[];
      vocabSize: number;
      trainChars: number;
      validChars: number;
      corpusName: string;
    }
  | { type: 'status'; runId: number; status: RunStatus; step: number }
  /** The backend measurement's progress, one backend at a time. */
  | { type: 'backendProbe'; runId: number; report: BackendProbeReport }
  /** A run asked for could not start (a text it cannot use): the run before it goes on under its own id. */
  | { type: 'refused'; runId: number; message: string }
  /** The run's temperature and its τ schedule, after every change (and at 'ready'). */
  | { type: 'temperature'; runId: number; step: number; tau: number; schedule: TauChange[] }
  | {
      type: 'progress';
      runId: number;
      step: number;
      targetSteps: number;
      charsPerSec: number;
      elapsedMs: number;
      models: ModelProgress[];
    }
  | {
      type: 'statistics';
      runId: number;
      step: number;
      tau: number;
      /** The view's gate mode the statistics were taken under (the worker's, echoed). */
      mode: ViewSettings['mode'];
      models: ModelStatistics[];
    }
  | { type: 'gatesOverText'; runId: number; step: number; tau: number; mode: GateMode; text: string; models: GatesOverText[] }
  | {
      type: 'compression';
      runId: number;
      step: number;
      models: { model: ModelId; rows: CompressionRow[] }[];
    }
  /** `threshold`: the view's constant-gate threshold the counts were made with (the worker's, echoed). */
  | { type: 'constantGates'; runId: number; step: number; threshold: ViewSettings['constantThreshold']; models: ModelConstantGates[] }
  /** Only on the copying task. */
  | { type: 'recall'; runId: number; step: number; delay: number; models: ModelRecall[] }
  | { type: 'samples'; runId: number; step: number; samples: { model: ModelId; text: string }[] }
  | { type: 'exported'; runId: number; files: { name: string; bytes: ArrayBuffer }[] }
  /**
   * With `inspection`, the weights did not fit the run: they replaced it, for inspection only; `alongside`:
   * they joined the weights already on show (same vocabulary), the run having been replaced already.
   */
  | {
      type: 'imported';
      runId: number;
      model: ModelId;
      inspection?: { hidden: number; layers: number; vocabSize: number; reason: string; alongside?: boolean };
    }
  /** The weights of every model, every so often while training: the page keeps the last to survive a worker crash. */
  | { type: 'checkpoint'; runId: number; step: number; files: { model: ModelId; bytes: ArrayBuffer }[] }
  | { type: 'snapshot'; runId: number; reason: SnapshotReason; snapshot: RunSnapshot }
  | {
      type: 'backendChanged';
      runId: number;
      from: BackendName;
      to: BackendName;
      /** On wasm: how many threads it computes on. */
      wasmThreads?: WasmThreads;
      reason: string;
      resumedAtStep: number;
    }
  | { type: 'error'; runId: number; message: string; recoverable: boolean }
  | { type: 'log'; runId: number; message: string };

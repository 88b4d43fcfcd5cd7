import * as tf from '@tensorflow/tfjs';
import { bitsPerChar } from '../model/charLM';
import type { Checkpoint } from '../model/checkpoint';
import { compressionSweep, paperChoice } from '../contract/compression';
import { DEFAULT_CONSTANT_THRESHOLD } from '../contract/viewSettings';
import { initParams, readParams, writeParams } from '../model/params';
import { SeedStream } from '../model/seeds';
import type { Batch, Trainer } from '../model/trainer';
import type { BackendController } from './backends';
import type { PreparedCorpus } from './corpus';
import { withVocabulary } from '../data/prepare';
import { type ModelId, modelName, namesInASentence, runModels } from '../contract/models';
import type { RememberedTimings, RunSnapshot, RunStatus, WorkerCommand, WorkerEvent } from './protocol';
import type { RunSettings, TauChange } from '../contract/runSettings';
import type { ViewSettings } from '../contract/viewSettings';
import { messageOf } from '../messageOf';
import * as reports from './reports';
import { buildTrainers, runWindow } from './runConfig';
import { restoreTrainers, snapshotBuffers, snapshotOf } from './snapshots';
import { encodeModels, exportFiles, inspectionTrainers, misfitOf, readWeights } from './weights';
import { cutValue, runSettingsProblems } from '../contract/settingsTable';
import { recordTau, tauAt } from '../contract/tauSchedule';

/** Injected so the engine runs the same in a worker, in Node tests and on the main thread. */
export interface EngineDeps {
  emit: (event: WorkerEvent, transfer?: Transferable[]) => void;
  backends: BackendController;
  prepareCorpus: (settings: RunSettings) => Promise<PreparedCorpus>;
  /** Yields to the event loop so that commands are handled between steps. */
  yieldToEvents: () => Promise<void>;
  now: () => number;
}

const CHECKPOINT_EVERY = 25;

/** A run in the worker: its view settings are owned here, asked for by the page and echoed in the events. */
interface Run extends ViewSettings {
  runId: number;
  settings: RunSettings;
  corpus: PreparedCorpus;
  trainers: Map<ModelId, Trainer>;
  nextBatch: () => Batch;
  windowsRead: number;
  /** Weights of every model at `checkpointStep`, for NaN recovery and backend fallback. */
  checkpoint: { step: number; values: Map<ModelId, Float32Array[]> } | null;
  step: number;
  status: RunStatus;
  tau: number;
  /** Every τ change of the run, done and (from a link) still to come. */
  tauSchedule: TauChange[];
  /** The step the run aims for; raised without a restart. */
  targetSteps: number;
  startedAt: number;
  charsSinceReport: number;
  /** When each periodic report was last sent (or, backed off, the time it counts as sent: see `sentAt`). */
  lastSent: Record<Periodic, number>;
  statsDirty: boolean;
  /** The views after the gate panels still to be redone: dropped for a newer input, done by the next report. */
  owed: Set<RestView>;
  /** Counts every change of the weights (a step, a restore, an import): what the cached losses below were taken on. */
  weightsVersion: number;
  /** Soft and binarized validation losses of the weights at `version` (a τ or mode change does not change them). */
  softBinary: { version: number; models: Map<ModelId, reports.SoftBinaryBpc> } | null;
  lastLosses: number[];
  /** While weights are shown for inspection: why the first file could not join the run (said again for the next). */
  inspectedBecause?: string;
}

/** The views a τ or mode change redoes after the gate panels (histograms, gates over text), in this order. */
type RestView = 'constantGates' | 'recall' | 'compression';
const REST_VIEWS: readonly RestView[] = ['constantGates', 'recall', 'compression'];

/** Everything the engine reports on a schedule. */
type Periodic = 'progress' | 'statistics' | RestView | 'pageCheckpoint';

/**
 * When each periodic report is due: `interval` ms after it was last sent, or at once when `dirty` says so or a
 * report is forced (`forcible`); `backsOff`: its next time is pushed back by how long it took (see `sentAt`).
 * How each is sent: `report()` (progress, statistics, the page's checkpoint) and `restSenders` (the rest views).
 */
const PERIODIC: Readonly<Record<Periodic, { interval: number; backsOff: boolean; forcible: boolean; dirty?: (run: Run) => boolean }>> = {
  progress: { interval: 100, backsOff: false, forcible: true },
  statistics: { interval: 1000, backsOff: true, forcible: true, dirty: (run) => run.statsDirty },
  constantGates: { interval: 4000, backsOff: true, forcible: true },
  // Measured on the copying task only (see isCopying); also at the run's last step.
  recall: { interval: 5000, backsOff: true, forcible: true, dirty: (run) => run.step === run.targetSteps },
  compression: { interval: 5000, backsOff: true, forcible: true },
  // The page's copy of the weights while training (a pause sends its own).
  pageCheckpoint: { interval: 20_000, backsOff: false, forcible: false },
};

function isDue(run: Run, report: Periodic, now: number, force: boolean): boolean {
  const { interval, forcible, dirty } = PERIODIC[report];
  return (force && forcible) || (dirty?.(run) ?? false) || now - run.lastSent[report] >= interval;
}

/** Commands that change what the panels show: work for an older view still under way is dropped when one comes. */
const VIEW_COMMANDS: ReadonlySet<WorkerCommand['type']> = new Set([
  'configure',
  'start',
  'pause',
  'step',
  'setTemperature',
  'setGateMode',
  'setCompression',
  'setConstantThreshold',
  'importWeights',
]);

/** Thrown to drop views a newer input made useless. */
class Superseded extends Error {}

export class TrainingEngine {
  private run: Run | null = null;
  private looping = false;
  /** Commands are handled one after another, in the order they came (training runs beside them). */
  private queue: Promise<void> = Promise.resolve();
  /** The constant-gate threshold outlives a run: the page's control keeps its value across resets. */
  private constantThreshold = DEFAULT_CONSTANT_THRESHOLD;
  /** The newest temperature asked for and not yet evaluated: a slider drag sends many, only the last counts. */
  private latestTau: Extract<WorkerCommand, { type: 'setTemperature' }> | null = null;
  /** Counts the commands of VIEW_COMMANDS received: views begun under an older count are dropped. */
  private viewVersion = 0;

  constructor(private readonly deps: EngineDeps) {}

  handle(command: WorkerCommand): Promise<void> {
    if (VIEW_COMMANDS.has(command.type)) this.viewVersion++;
    if (command.type === 'setTemperature') {
      const queued = this.latestTau !== null;
      this.latestTau = command;
      // One is waiting in the queue already: it will take this value instead of its own.
      if (queued) return this.queue;
    }
    const version = this.viewVersion;
    this.queue = this.queue.then(() => this.handleNow(command, version));
    return this.queue;
  }

  private async handleNow(command: WorkerCommand, version: number): Promise<void> {
    try {
      if (command.type === 'configure') return await this.configure(command.runId, command.settings, command.resume, command.remembered);
      const run = this.run;
      if (!run || run.runId !== command.runId) {
        this.deps.emit({
          type: 'log',
          runId: command.runId,
          message: `ignored ${command.type} for a stale run`,
        });
        return;
      }
      await this.dispatch(run, command);
      // Views an older command left owed are done now, unless a newer one came (it does them), or training does them.
      if (this.run === run && run.status !== 'running' && version === this.viewVersion) await this.payDebts(run, version);
    } catch (error) {
      this.deps.emit({ type: 'error', runId: command.runId, message: messageOf(error), recoverable: true });
    }
  }

  private async dispatch(run: Run, command: Exclude<WorkerCommand, { type: 'configure' }>): Promise<void> {
    if (run.status === 'inspecting' && (command.type === 'start' || command.type === 'step')) {
      throw new Error('These weights were made elsewhere and are shown for inspection only; Reset starts training again.');
    }
    switch (command.type) {
      case 'start':
        // At its target a run goes on for as many steps again as it was made for.
        if (run.step >= run.targetSteps) {
          run.targetSteps = run.step + run.settings.targetSteps;
          await this.report(run, true, false);
        }
        this.setStatus(run, 'running');
        this.loop();
        return;
      case 'pause':
        this.setStatus(run, 'paused');
        // Periodic statistics back off on slow backends: a paused run shows those of its last step.
        await this.report(run, true);
        await this.sendCheckpoint(run);
        return;
      case 'step':
        this.setStatus(run, 'paused');
        await this.trainStep(run);
        await this.report(run, true);
        return;
      case 'setTemperature':
        return this.setTemperature(run);
      case 'setTargetSteps':
        if (!(Number.isInteger(command.targetSteps) && command.targetSteps >= 1)) {
          throw new Error(`The number of steps must be a whole number of at least 1, got ${command.targetSteps}.`);
        }
        run.targetSteps = command.targetSteps;
        await this.report(run, true, false);
        return;
      case 'setGateMode':
        run.mode = command.mode;
        this.viewsChanged(run, ['constantGates']);
        if (run.status !== 'running') await this.report(run, true);
        return;
      case 'snapshot': {
        const snapshot = await snapshotOf(run);
        this.deps.emit({ type: 'snapshot', runId: run.runId, reason: command.reason, snapshot }, snapshotBuffers(snapshot));
        return;
      }
      case 'setCompression':
        run.compression = command.specs;
        await this.sendRest(run, 'compression');
        return;
      case 'setConstantThreshold':
        if (!(command.threshold >= 0)) throw new Error(`The constant-gate threshold must be 0 or more, got ${command.threshold}.`);
        run.constantThreshold = command.threshold;
        this.constantThreshold = command.threshold;
        await this.sendRest(run, 'constantGates');
        return;
      case 'sample':
        return this.sendSamples(run, command.length, command.temperature, command.prime);
      case 'exportWeights':
        return this.exportWeights(run);
      case 'importWeights':
        return this.importWeights(run, command.model, command.bytes, command.fileName);
    }
  }

  /**
   * The newest temperature asked for, after letting the ones sent meanwhile arrive (they overtake it). The
   * gate panels are redrawn first; the views τ reaches beyond them follow, dropped if a newer input comes.
   * While training, the loop takes the newest τ before its next step and redraws the gate panels there.
   */
  private async setTemperature(run: Run): Promise<void> {
    await this.deps.yieldToEvents();
    const running = run.status === 'running';
    if (!this.takeLatestTau(run, running) || running) return;
    const version = this.viewVersion;
    // A newer τ that comes before the gate panels are drawn overtakes this one: its own turn draws them. In a
    // view τ does not enter (σ(z), the default) they stay as they are.
    if (run.statsDirty && !(await this.refreshGateViews(run, () => this.latestTau !== null))) return;
    this.announceTau(run);
    await this.payDebts(run, version);
  }

  /**
   * Applies the newest temperature asked for, if there is one for this run; whether it did. `announce`: the
   * page hears of it at once; otherwise once its gate panels are drawn (a τ overtaken before is never told).
   */
  private takeLatestTau(run: Run, announce: boolean): boolean {
    const latest = this.latestTau;
    this.latestTau = null;
    if (!latest || latest.runId !== run.runId || this.run !== run) return false;
    if (!(latest.tau > 0)) {
      this.deps.emit({ type: 'error', runId: run.runId, message: `The temperature must be positive, got ${latest.tau}.`, recoverable: true });
      return false;
    }
    run.tauSchedule = recordTau(run.tauSchedule, run.step, latest.tau);
    this.applyTau(run, latest.tau, announce);
    return true;
  }

  private applyTau(run: Run, tau: number, announce = true): void {
    run.tau = tau;
    for (const trainer of run.trainers.values()) trainer.setTau(tau);
    const reach = reports.tauReaches(run.trainers.keys(), run.mode);
    const rest = [...(reach.constantGates ? ['constantGates' as const] : []), ...(reach.ownMode ? (['recall', 'compression'] as const) : [])];
    this.viewsChanged(run, rest, reach.gates);
    if (announce) this.announceTau(run);
  }

  /** The run's τ and schedule, to the page (the e2e hooks count these as the temperatures evaluated). */
  private announceTau(run: Run): void {
    this.deps.emit({ type: 'temperature', runId: run.runId, step: run.step, tau: run.tau, schedule: run.tauSchedule });
  }

  private async configure(runId: number, settings: RunSettings, resumeFrom?: RunSnapshot, remembered?: RememberedTimings): Promise<void> {
    let corpus: PreparedCorpus;
    try {
      // Checked against the settings table first: a fraction where a size goes must not reach a backend.
      const problems = runSettingsProblems({ ...settings });
      if (problems.length) throw new Error(`These settings cannot be used: ${problems.join('; ')}.`);
      corpus = await this.deps.prepareCorpus(settings).catch((error: unknown) => {
        // A text refused is named, as the page names a file too large to read: the notice may be read after several uploads.
        throw settings.corpus.kind === 'upload' ? new Error(`“${cutValue(settings.corpus.name)}”: ${messageOf(error)}`) : error;
      });
    } catch (error) {
      // Settings that cannot be used leave the current run as it was, under its own id.
      if (this.run) {
        this.deps.emit({ type: 'refused', runId, message: `${messageOf(error)} The current run goes on.` });
        return;
      }
      throw error;
    }
    const models = runModels(settings);
    this.disposeRun();
    const choice = await this.deps.backends.init(
      settings.backend,
      { batch: settings.batch, hidden: settings.hidden, seqLen: runWindow(settings, corpus) },
      { remembered, onProbe: (report) => this.deps.emit({ type: 'backendProbe', runId, report }) },
    );
    const build = () => buildTrainers(settings, corpus, { models });
    let trainers = build();
    let resume = resumeFrom;
    if (resume) {
      try {
        await restoreTrainers(trainers, resume);
      } catch (error) {
        // The saved state does not fit: say why, and start the same settings afresh.
        this.deps.emit({ type: 'error', runId, message: `${messageOf(error)} A new run started with its settings.`, recoverable: true });
        resume = undefined;
        trainers = build();
      }
    }
    const now = this.deps.now();
    const tauSchedule = resume?.tauSchedule ?? [...(settings.tauSchedule ?? [])];
    const step = resume?.step ?? 0;
    const tau = resume?.tau ?? tauAt(tauSchedule, settings.tau, step);
    for (const trainer of trainers.values()) trainer.setTau(tau);
    const stream = corpus.batches(settings.batch, settings.seqLen, resume?.windowsRead ?? 0);
    const run: Run = {
      runId,
      settings,
      corpus,
      trainers,
      nextBatch: () => {
        run.windowsRead++;
        return stream();
      },
      windowsRead: resume?.windowsRead ?? 0,
      checkpoint: null,
      step,
      status: 'idle',
      tau,
      tauSchedule,
      targetSteps: resume?.targetSteps ?? settings.targetSteps,
      mode: resume?.mode ?? 'soft',
      compression: compressionSweep(settings.hidden, paperChoice(settings.hidden)),
      constantThreshold: this.constantThreshold,
      startedAt: now,
      charsSinceReport: 0,
      lastSent: { progress: now, statistics: 0, constantGates: 0, recall: 0, compression: 0, pageCheckpoint: now },
      statsDirty: true,
      owed: new Set(),
      weightsVersion: 0,
      softBinary: null,
      lastLosses: [],
    };
    this.run = run;
    await this.saveCheckpoint(this.run);
    this.deps.emit({
      type: 'ready',
      runId,
      backend: choice.name,
      adapter: choice.adapter,
      timings: choice.timings,
      ...(choice.wasmThreads ? { wasmThreads: choice.wasmThreads } : {}),
      remembered: choice.remembered,
      probeKey: choice.probeKey,
      models: [...trainers.keys()],
      vocabSize: corpus.vocab.symbols.length,
      trainChars: corpus.train.length,
      validChars: corpus.valid.length,
      corpusName: corpus.name,
    });
    this.deps.emit({ type: 'temperature', runId, step: run.step, tau: run.tau, schedule: run.tauSchedule });
    this.setStatus(this.run, 'idle');
    await this.report(this.run, true);
  }

  private setStatus(run: Run, status: RunStatus): void {
    run.status = status;
    this.deps.emit({ type: 'status', runId: run.runId, status, step: run.step });
  }

  /** Trains while the run is running; returns when it is paused, reset or replaced. */
  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      for (;;) {
        const run = this.run;
        if (run?.status !== 'running') return;
        // A τ asked for since the last step trains from this one, and the gate panels show it before it runs.
        this.takeLatestTau(run, true);
        if (run.statsDirty) await this.refreshGateViews(run);
        await this.trainStep(run);
        if (this.run !== run) return;
        await this.report(run, false);
        if (run.step >= run.targetSteps && run.status === 'running') await this.pauseAtTarget(run);
        await this.deps.yieldToEvents();
      }
    } catch (error) {
      const run = this.run;
      if (run) {
        this.deps.emit({ type: 'error', runId: run.runId, message: messageOf(error), recoverable: true });
        this.setStatus(run, 'paused');
      }
    } finally {
      this.looping = false;
    }
  }

  /**
   * At its target the run stops with every view redone at this step, whatever was due (as Pause does), so no
   * panel says "at step 1997" beside a status line at 2000.
   */
  private async pauseAtTarget(run: Run): Promise<void> {
    await this.report(run, true);
    if (this.run === run && run.status === 'running') this.setStatus(run, 'paused');
  }

  /** One step of every model on the same batch; NaN and backend failures are recovered here. */
  private async trainStep(run: Run): Promise<void> {
    const batch = run.nextBatch();
    let losses: number[];
    try {
      const results = [...run.trainers.values()].map((trainer) => trainer.step(batch));
      losses = await Promise.all(results.map(async (r) => (await r.loss.data())[0] as number));
      tf.dispose(results.flatMap((r) => [r.loss, r.gradNorm]));
    } catch (error) {
      await this.recoverBackend(run, messageOf(error));
      return;
    }
    run.step++;
    run.weightsVersion++;
    // A τ change of the schedule (a link replayed) takes effect at the step it was made, as it did then.
    const planned = tauAt(run.tauSchedule, run.settings.tau, run.step);
    if (planned !== run.tau) this.applyTau(run, planned);
    run.charsSinceReport += batch.inputs.length * run.trainers.size;
    const bad = [...run.trainers.keys()].filter((_, k) => !Number.isFinite(losses[k]));
    if (bad.length) {
      const value = losses.find((l) => !Number.isFinite(l));
      const badStep = run.step;
      await this.restoreCheckpoint(run);
      run.step = run.checkpoint?.step ?? 0;
      this.setStatus(run, 'paused');
      this.deps.emit({
        type: 'error',
        runId: run.runId,
        message: `The ${bad.join(' and ')} loss became ${value} at step ${badStep}. Training is paused and the weights of step ${run.step} are restored; try a lower learning rate.`,
        recoverable: true,
      });
      return;
    }
    run.lastLosses = losses;
    if (run.step % CHECKPOINT_EVERY === 0) await this.saveCheckpoint(run);
  }

  private async saveCheckpoint(run: Run): Promise<void> {
    const values = new Map<ModelId, Float32Array[]>();
    for (const [model, trainer] of run.trainers) values.set(model, await readParams(trainer.params));
    run.checkpoint = { step: run.step, values };
  }

  private async restoreCheckpoint(run: Run): Promise<void> {
    if (!run.checkpoint) return;
    run.weightsVersion++;
    for (const [model, trainer] of run.trainers) {
      writeParams(trainer.params, run.checkpoint.values.get(model) as Float32Array[]);
      trainer.resetOptimizer();
      trainer.resetState();
    }
  }

  /** The backend failed: move to the next one and rebuild every model from the last checkpoint. */
  private async recoverBackend(run: Run, reason: string): Promise<void> {
    const from = this.deps.backends.current ?? 'cpu';
    const previous = run.status;
    this.setStatus(run, 'recovering');
    for (const trainer of run.trainers.values()) {
      try {
        trainer.dispose();
      } catch {
        // The old backend may be unusable; its memory goes with it.
      }
    }
    const choice = await this.deps.backends.fallback();
    const checkpoint = run.checkpoint;
    const rebuilt = buildTrainers(run.settings, run.corpus, {
      models: [...run.trainers.keys()],
      tau: run.tau,
      params: (model, config) => {
        const params = initParams(config, new SeedStream(run.settings.seed));
        const values = checkpoint?.values.get(model);
        if (values) writeParams(params, values);
        return params;
      },
    });
    for (const [model, trainer] of rebuilt) run.trainers.set(model, trainer);
    run.step = checkpoint?.step ?? 0;
    run.weightsVersion++;
    this.deps.emit({
      type: 'backendChanged',
      runId: run.runId,
      from,
      to: choice.name,
      ...(choice.wasmThreads ? { wasmThreads: choice.wasmThreads } : {}),
      reason,
      resumedAtStep: run.step,
    });
    this.viewsChanged(run, ['constantGates']);
    this.setStatus(run, previous === 'recovering' ? 'paused' : previous);
  }

  /** The periodic reports that are due (PERIODIC), or every one of them with `force`; only progress without `views`. */
  private async report(run: Run, force: boolean, views = true): Promise<void> {
    const now = this.deps.now();
    const due = (report: Periodic) => isDue(run, report, now, force);
    if (due('progress')) {
      const elapsed = now - run.lastSent.progress;
      this.deps.emit({
        type: 'progress',
        runId: run.runId,
        step: run.step,
        targetSteps: run.targetSteps,
        charsPerSec: elapsed > 0 ? (run.charsSinceReport / elapsed) * 1000 : 0,
        elapsedMs: now - run.startedAt,
        models: [...run.trainers.keys()].map((model, k) => ({
          model,
          trainBpc: bitsPerChar(run.lastLosses[k] ?? Number.NaN),
        })),
      });
      run.lastSent.progress = now;
      run.charsSinceReport = 0;
    }
    if (!views) return;
    const version = this.viewVersion;
    // While training, a τ that comes meanwhile drops statistics at the old τ: the loop draws the new one before its next step.
    const overtaken = run.status === 'running' ? () => this.latestTau !== null : undefined;
    if (due('statistics')) await this.refreshGateViews(run, overtaken);
    for (const view of REST_VIEWS) if (due(view) && (view !== 'recall' || isCopying(run))) run.owed.add(view);
    if (run.status === 'running' && due('pageCheckpoint')) {
      run.lastSent.pageCheckpoint = now;
      await this.sendCheckpoint(run);
    }
    await this.payDebts(run, version);
  }

  /** The gate mode or τ changed: the gate panels are redrawn at once (unless `gates` is false), and `rest` after them. */
  private viewsChanged(run: Run, rest: readonly RestView[], gates = true): void {
    if (gates) run.statsDirty = true;
    for (const view of rest) run.owed.add(view);
  }

  /**
   * What a τ changes on screen first: the gate statistics (histograms, joint, losses) and the gates over
   * text. Given `overtaken`, asked between models (after yielding to events), they are dropped half-drawn
   * once it holds; whether they were drawn.
   */
  private async refreshGateViews(run: Run, overtaken?: () => boolean): Promise<boolean> {
    const start = this.deps.now();
    const beforeEach = overtaken
      ? async () => {
          await this.deps.yieldToEvents();
          if (overtaken() || this.run !== run) throw new Superseded();
        }
      : undefined;
    try {
      await this.sendStatistics(run, beforeEach);
      await this.sendGatesOverText(run, beforeEach);
    } catch (error) {
      if (error instanceof Superseded) return false;
      throw error;
    }
    run.statsDirty = false;
    run.lastSent.statistics = this.sentAt('statistics', start);
    return true;
  }

  /**
   * The owed views after the gate panels, one after another, yielding between them (and between
   * compressions) so that a newer input is seen: once a view command newer than `version` has come, the
   * rest is dropped, still owed, and the worker turns to that input instead of finishing views it made useless.
   */
  private async payDebts(run: Run, version: number): Promise<void> {
    const interrupt = async () => {
      await this.deps.yieldToEvents();
      if (this.viewVersion !== version || this.run !== run) throw new Superseded();
    };
    try {
      for (const view of REST_VIEWS) {
        if (!run.owed.has(view)) continue;
        await interrupt();
        await this.sendRest(run, view, interrupt);
        run.owed.delete(view);
      }
    } catch (error) {
      if (!(error instanceof Superseded)) throw error;
    }
  }

  /**
   * The time a periodic report that started at `start` counts as sent. One that backs off is next due after
   * its interval but never sooner than 4× the time it took, so statistics take at most about a fifth of a slow
   * backend's time (on a software GPU one round of statistics can take seconds).
   */
  private sentAt(report: Periodic, start: number): number {
    const end = this.deps.now();
    const { interval, backsOff } = PERIODIC[report];
    return backsOff ? end + Math.max(0, 4 * (end - start) - interval) : end;
  }

  /** One of the views after the gate panels, sent now (as owed, or asked for by its own control) and stamped as sent. */
  private async sendRest(run: Run, view: RestView, beforeEach?: () => Promise<void>): Promise<void> {
    const start = this.deps.now();
    if (view === 'constantGates') await this.sendConstantGates(run, beforeEach);
    else if (view === 'compression') await this.sendCompression(run, beforeEach);
    else if (isCopying(run)) await this.sendRecall(run, beforeEach);
    run.lastSent[view] = this.sentAt(view, start);
  }

  private context(run: Run): reports.ReportContext {
    return { trainers: run.trainers, corpus: run.corpus, tau: run.tau, mode: run.mode, seed: run.settings.seed };
  }

  private async sendStatistics(run: Run, beforeEach?: () => Promise<void>): Promise<void> {
    const version = run.weightsVersion;
    const known = run.softBinary?.version === version ? run.softBinary.models : undefined;
    const models = await reports.statistics(this.context(run), known, beforeEach);
    run.softBinary = { version, models: new Map(models.map((m) => [m.model, { validBpcSoft: m.validBpcSoft, validBpcBinary: m.validBpcBinary }])) };
    this.deps.emit(
      { type: 'statistics', runId: run.runId, step: run.step, tau: run.tau, mode: run.mode, models },
      models.map((m) => m.joint.values.buffer as ArrayBuffer),
    );
  }

  private async sendGatesOverText(run: Run, beforeEach?: () => Promise<void>): Promise<void> {
    const { text, models } = await reports.gatesOverText(this.context(run), beforeEach);
    this.deps.emit(
      { type: 'gatesOverText', runId: run.runId, step: run.step, tau: run.tau, mode: run.mode, text, models },
      models.flatMap((m) => [m.input.buffer as ArrayBuffer, m.forget.buffer as ArrayBuffer]),
    );
  }

  private async sendCompression(run: Run, beforeEach?: () => Promise<void>): Promise<void> {
    const models = await reports.compression(this.context(run), run.compression, beforeEach);
    this.deps.emit({ type: 'compression', runId: run.runId, step: run.step, models });
  }

  private async sendConstantGates(run: Run, beforeEach?: () => Promise<void>): Promise<void> {
    const models = await reports.constantGates(this.context(run), run.constantThreshold, beforeEach);
    this.deps.emit(
      { type: 'constantGates', runId: run.runId, step: run.step, threshold: run.constantThreshold, models },
      models.flatMap((m) => [m.spreads.buffer as ArrayBuffer, m.means.buffer as ArrayBuffer]),
    );
  }

  private async sendRecall(run: Run, beforeEach?: () => Promise<void>): Promise<void> {
    const delay = run.settings.copyDelay;
    const models = await reports.recall(this.context(run), delay, beforeEach);
    this.deps.emit({ type: 'recall', runId: run.runId, step: run.step, delay, models });
  }

  private async sendSamples(run: Run, length: number, temperature: number, prime: string): Promise<void> {
    const samples = await reports.samples(this.context(run), { length, temperature, prime, seed: run.settings.seed + run.step });
    this.deps.emit({ type: 'samples', runId: run.runId, step: run.step, samples });
  }

  private async sendCheckpoint(run: Run): Promise<void> {
    const files = await encodeModels(run);
    this.deps.emit({ type: 'checkpoint', runId: run.runId, step: run.step, files }, files.map((f) => f.bytes));
  }

  private async exportWeights(run: Run): Promise<void> {
    const files = await exportFiles(run);
    this.deps.emit(
      { type: 'exported', runId: run.runId, files },
      files.map((f) => f.bytes),
    );
  }

  private async importWeights(run: Run, requested: ModelId | undefined, bytes: ArrayBuffer, fileName?: string): Promise<void> {
    const checkpoint = readWeights(bytes, fileName);
    const model = requested ?? checkpoint.config.cell;
    const trainer = run.trainers.get(model);
    if (run.status === 'inspecting') {
      // Files picked together (a zip of G2-LSTM and LSTM) are shown together when they share a vocabulary;
      // the second used to replace the first, with 'another file is on show' as the reason.
      const shown = [...run.trainers.keys()];
      if (!shown.includes(model) && sameSymbols(run.corpus.vocab.symbols, checkpoint.vocab.symbols)) return this.inspectAlongside(run, checkpoint);
      return this.inspect(run, checkpoint, `it replaces the ${namesInASentence(shown.map(modelName))} weights on show`);
    }
    const misfit = trainer ? misfitOf(trainer.config, run.corpus, checkpoint) : `this run has no ${model} model`;
    if (misfit || !trainer) return this.inspect(run, checkpoint, misfit ?? '');
    writeParams(trainer.params, checkpoint.values);
    run.weightsVersion++;
    trainer.resetOptimizer();
    trainer.resetState();
    this.deps.emit({ type: 'imported', runId: run.runId, model });
    await this.report(run, true);
  }

  /**
   * Weights that don't fit the run (another size or vocabulary, trained elsewhere) replace it, inference only:
   * the text is re-encoded with the file's vocabulary and the panels show that one model. The run they
   * replace goes to the page first, so it can be saved.
   */
  private async inspect(run: Run, checkpoint: Checkpoint, reason: string): Promise<void> {
    if (run.step > 0 && run.status !== 'inspecting') {
      const snapshot = await snapshotOf(run);
      this.deps.emit({ type: 'snapshot', runId: run.runId, reason: 'replaced', snapshot }, snapshotBuffers(snapshot));
    }
    const { config, vocab } = checkpoint;
    const trainers = inspectionTrainers(run.settings, run.corpus.exampleLength, checkpoint);
    for (const t of run.trainers.values()) t.dispose();
    run.trainers = trainers;
    run.corpus = withVocabulary(run.corpus, vocab);
    run.tau = config.tau;
    run.tauSchedule = [];
    run.step = 0;
    run.checkpoint = null;
    run.lastLosses = [];
    run.weightsVersion++;
    run.statsDirty = true;
    run.inspectedBecause = reason;
    this.deps.emit({
      type: 'imported',
      runId: run.runId,
      model: config.cell,
      inspection: { hidden: config.hidden, layers: config.layers, vocabSize: vocab.symbols.length, reason },
    });
    this.deps.emit({ type: 'temperature', runId: run.runId, step: 0, tau: run.tau, schedule: [] });
    this.setStatus(run, 'inspecting');
    await this.report(run, true);
  }

  /** One more model shown for inspection beside those on show, on the same re-encoded text. */
  private async inspectAlongside(run: Run, checkpoint: Checkpoint): Promise<void> {
    const { config, vocab } = checkpoint;
    for (const [model, trainer] of inspectionTrainers(run.settings, run.corpus.exampleLength, checkpoint)) run.trainers.set(model, trainer);
    run.weightsVersion++;
    run.statsDirty = true;
    this.deps.emit({
      type: 'imported',
      runId: run.runId,
      model: config.cell,
      inspection: { hidden: config.hidden, layers: config.layers, vocabSize: vocab.symbols.length, reason: run.inspectedBecause ?? '', alongside: true },
    });
    await this.report(run, true);
  }

  private disposeRun(): void {
    if (!this.run) return;
    this.run.status = 'idle';
    for (const trainer of this.run.trainers.values()) trainer.dispose();
    this.run = null;
  }
}

function sameSymbols(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, k) => s === b[k]);
}

/** Recall is measured on the built-in copying task, not on weights shown for inspection (another vocabulary). */
function isCopying(run: Run): boolean {
  return run.settings.corpus.kind === 'builtin' && run.settings.corpus.id === 'copying' && run.status !== 'inspecting';
}

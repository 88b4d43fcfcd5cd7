import { trainingWindow } from '../data/batches';
import type { LMParams } from '../model/params';
import { Trainer } from '../model/trainer';
import type { CellKind, InitOptions, ModelConfig, TrainConfig } from '../model/types';
import { cellOf, type ModelId, modelHDetach, runModels } from '../contract/models';
import type { RunSettings } from '../contract/runSettings';
import type { PreparedCorpus } from './corpus';

/** The run settings that shape and train a run's models: the page's run has them all, the command line these. */
export type TrainerSettings = Pick<
  RunSettings,
  | 'cells'
  | 'hDetach'
  | 'compareHDetach'
  | 'embedding'
  | 'hidden'
  | 'layers'
  | 'tau'
  | 'noiseP'
  | 'batch'
  | 'seqLen'
  | 'lr'
  | 'clipNorm'
  | 'groupSparsity'
  | 'seed'
> &
  Partial<Pick<RunSettings, 'forgetBias'>>;

/** What of the text the models depend on: its alphabet, and on the copying task the example length. */
export type TrainerCorpus = Pick<PreparedCorpus, 'vocab' | 'exampleLength'>;

/** A model's shape and gates, from the run's settings and the corpus it trains on. */
export function modelConfig(settings: TrainerSettings, cell: CellKind, corpus: TrainerCorpus, tau = settings.tau): ModelConfig {
  return {
    cell,
    vocabSize: corpus.vocab.symbols.length,
    embedding: settings.embedding,
    hidden: settings.hidden,
    layers: settings.layers,
    tau,
    noiseP: settings.noiseP,
  };
}

/** The run's training window: the window length, or on the copying task the whole number of examples nearest it. */
export function runWindow(settings: Pick<RunSettings, 'seqLen'>, corpus: Pick<PreparedCorpus, 'exampleLength'>): number {
  return trainingWindow(settings.seqLen, corpus.exampleLength);
}

/**
 * How a model trains; the penalty and the initialisation appear only when they are not the default. The run's
 * forget-gate bias goes into the initialisation; an `init` given (the command line's studies) wins over it.
 */
export function trainConfig(settings: TrainerSettings, model: ModelId, corpus: TrainerCorpus, given?: InitOptions): TrainConfig {
  const init = settings.forgetBias ? { forgetBias: settings.forgetBias, ...given } : given;
  return {
    batch: settings.batch,
    seqLen: runWindow(settings, corpus),
    lr: settings.lr,
    clipNorm: settings.clipNorm,
    hDetach: modelHDetach(model, settings),
    ...(settings.groupSparsity ? { groupSparsity: settings.groupSparsity } : {}),
    seed: settings.seed,
    ...(init ? { init } : {}),
  };
}

export interface BuildOptions {
  /** The models to build; the run's models (`runModels`) when absent. */
  models?: readonly ModelId[];
  /** The G2 temperature they start with; the settings' τ when absent. */
  tau?: number;
  /** How the weights start when they are not drawn from the seed (the command line's init studies). */
  init?: InitOptions;
  /** Weights to start from instead (a checkpoint); the trainer draws its own when this gives none. */
  params?: (model: ModelId, config: ModelConfig) => LMParams | undefined;
}

/**
 * The one place a run's trainers are made, for the worker and the command line alike: one per model, in
 * display order, each from the same settings (its own h-detach probability in an h-detach comparison).
 */
export function buildTrainers(settings: TrainerSettings, corpus: TrainerCorpus, options: BuildOptions = {}): Map<ModelId, Trainer> {
  const models = options.models ?? runModels(settings);
  return new Map(
    models.map((model) => {
      const config = modelConfig(settings, cellOf(model), corpus, options.tau);
      return [model, new Trainer(config, trainConfig(settings, model, corpus, options.init), options.params?.(model, config))];
    }),
  );
}

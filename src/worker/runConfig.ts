import { trainingWindow } from '../data/batches';
import type { CellKind, ModelConfig, TrainConfig } from '../model/types';
import type { PreparedCorpus } from './corpus';
import { type ModelId, modelHDetach } from '../contract/models';
import type { RunSettings } from '../contract/runSettings';

/** A model's shape and gates, from the page's settings and the corpus it trains on. */
export function modelConfig(settings: RunSettings, cell: CellKind, corpus: PreparedCorpus): ModelConfig {
  return {
    cell,
    vocabSize: corpus.vocab.symbols.length,
    embedding: settings.embedding,
    hidden: settings.hidden,
    layers: settings.layers,
    tau: settings.tau,
    noiseP: settings.noiseP,
  };
}

/** The run's training window: the window length, or on the copying task the whole number of examples nearest it. */
export function runWindow(settings: RunSettings, corpus: PreparedCorpus): number {
  return trainingWindow(settings.seqLen, corpus.exampleLength);
}

/** How a model trains. */
export function trainConfig(settings: RunSettings, model: ModelId, corpus: PreparedCorpus): TrainConfig {
  return {
    batch: settings.batch,
    seqLen: runWindow(settings, corpus),
    lr: settings.lr,
    clipNorm: settings.clipNorm,
    hDetach: modelHDetach(model, settings),
    groupSparsity: settings.groupSparsity,
    seed: settings.seed,
  };
}

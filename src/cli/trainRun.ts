import * as tf from '@tensorflow/tfjs';
import type { PreparedCorpus } from '../data/prepare';
import { bitsPerChar } from '../model/charLM';
import { type CompressionSpec, paperCompressionSpecs } from '../contract/compression';
import { compressionTable } from '../model/compression';
import { evaluate } from '../model/evaluate';
import { defaultEvaluationMode } from '../model/gates';
import { endBinFractions, histogram, unigramEntropy } from '../model/gateStats';
import type { Trainer } from '../model/trainer';
import { type CellKind, GATE_MODES, type GateMode, type InitOptions, type ModelConfig, type TrainConfig } from '../model/types';
import { buildTrainers, type TrainerSettings } from '../worker/runConfig';

/** Validation is measured on at most this many characters, so long texts stay quick to score. */
export const MAX_EVAL_CHARS = 20_000;

/** Everything one command-line training run is told (the flags of `npm run train`). */
export interface TrainRunOptions {
  cell: CellKind;
  hidden: number;
  layers: number;
  embedding: number;
  steps: number;
  seq: number;
  batch: number;
  lr: number;
  clip: number;
  tau: number;
  noiseP: number;
  hDetach: number;
  seed: number;
  evalEvery: number;
  init?: InitOptions;
}

export interface GateHistogram {
  bins10: number[];
  bins50: number[];
  ends: { low: number; high: number };
}

/** What a run measured; `train` writes it as report.json, `reproduce` gathers many. */
export interface TrainReport {
  config: { model: ModelConfig; train: TrainConfig; steps: number; text: string; backend: string };
  vocabSize: number;
  trainChars: number;
  validChars: number;
  unigramEntropyNats: number;
  curves: { train: { step: number; loss: number }[]; valid: { step: number; loss: number }[] };
  finalValidLossNats: Record<GateMode, number>;
  gateHistograms: { mode: 'soft'; layers: { layer: number; input: GateHistogram; forget: GateHistogram }[] };
  compressionMode: GateMode;
  compression: { method: CompressionSpec; label: string; loss: number; delta: number }[];
  seconds: number;
}

function gateHistogram(values: Float32Array): GateHistogram {
  return { bins10: histogram(values, 10), bins50: histogram(values, 50), ends: endBinFractions(values) };
}

/**
 * Trains one model on a prepared text and measures it: the validation loss under every gate mode, the
 * soft gates' histograms, and the loss under the paper's compressions. The trainer is returned for the
 * caller to save or dispose.
 */
export async function trainAndMeasure(
  options: TrainRunOptions,
  corpus: PreparedCorpus,
  meta: { text: string; backend: string; log?: (line: string) => void },
): Promise<{ report: TrainReport; trainer: Trainer }> {
  const log = meta.log ?? (() => {});
  const { vocab, train, valid } = corpus;
  // Built as the page builds a run's trainers: one cell, no h-detach comparison, no group sparsity.
  const settings: TrainerSettings = {
    cells: [options.cell],
    hDetach: options.hDetach,
    compareHDetach: false,
    embedding: options.embedding,
    hidden: options.hidden,
    layers: options.layers,
    tau: options.tau,
    noiseP: options.noiseP,
    batch: options.batch,
    seqLen: options.seq,
    lr: options.lr,
    clipNorm: options.clip,
    groupSparsity: 0,
    seed: options.seed,
  };
  const trainer = buildTrainers(settings, corpus, { init: options.init }).get(options.cell) as Trainer;
  const { config: model, train: trainConfig } = trainer;
  const nextBatch = corpus.batches(options.batch, options.seq);
  const evalTokens = valid.subarray(0, MAX_EVAL_CHARS + 1);
  const evalOptions = {
    streams: Math.min(16, Math.max(1, Math.floor((evalTokens.length - 1) / options.seq))),
    seqLen: options.seq,
    seed: options.seed,
  };
  const validLoss = async (mode: GateMode) =>
    (await evaluate(trainer.params, model, evalTokens, { ...evalOptions, mode })).loss;

  log(
    `training ${options.cell} H=${options.hidden} L=${options.layers} on ${train.length} characters (${vocab.symbols.length} symbols), validating on ${evalTokens.length - 1}, backend ${meta.backend}`,
  );
  const trainCurve: { step: number; loss: number }[] = [];
  const validCurve: { step: number; loss: number }[] = [];
  const started = performance.now();
  for (let step = 1; step <= options.steps; step++) {
    const { loss, gradNorm } = trainer.step(nextBatch());
    const value = (await loss.data())[0] as number;
    tf.dispose([loss, gradNorm]);
    if (!Number.isFinite(value)) {
      trainer.dispose();
      throw new Error(`the training loss became ${value} at step ${step}; try a lower --lr`);
    }
    trainCurve.push({ step, loss: value });
    if (step % options.evalEvery === 0 || step === options.steps) {
      const v = await validLoss('soft');
      validCurve.push({ step, loss: v });
      const rate = (step * options.batch * options.seq) / ((performance.now() - started) / 1000);
      log(
        `step ${step}/${options.steps}  train ${bitsPerChar(value).toFixed(3)} bpc  valid ${bitsPerChar(v).toFixed(3)} bpc  ${Math.round(rate)} chars/s`,
      );
    }
  }

  const finalLoss = {} as Record<GateMode, number>;
  for (const mode of GATE_MODES) finalLoss[mode] = await validLoss(mode);
  const traced = await evaluate(trainer.params, model, evalTokens, { ...evalOptions, mode: 'soft', traceGates: true });
  const layers = traced.gates.map((layer, l) => ({
    layer: l,
    input: gateHistogram(layer.input),
    forget: gateHistogram(layer.forget),
  }));
  // Compressed against the mode the cell is used in: σ(z) for G2 and LSTM, σ(z/τ) for the sharpened sigmoid.
  const compressionMode = defaultEvaluationMode(options.cell);
  const compression = await compressionTable(trainer.params, model, evalTokens, paperCompressionSpecs(options.hidden), {
    ...evalOptions,
    mode: compressionMode,
  });
  const report: TrainReport = {
    config: { model, train: trainConfig, steps: options.steps, text: meta.text, backend: meta.backend },
    vocabSize: vocab.symbols.length,
    trainChars: train.length,
    validChars: evalTokens.length - 1,
    unigramEntropyNats: unigramEntropy(evalTokens, vocab.symbols.length),
    curves: { train: trainCurve, valid: validCurve },
    finalValidLossNats: finalLoss,
    gateHistograms: { mode: 'soft', layers },
    compressionMode,
    compression: compression.map((row) => ({ method: row.spec, label: row.label, loss: row.loss, delta: row.delta })),
    seconds: (performance.now() - started) / 1000,
  };
  return { report, trainer };
}

import { bitsPerChar } from '../model/charLM';
import type { CompressionRow, CompressionSpec } from '../contract/compression';
import { compressionTable } from '../model/compression';
import { constantGateReport } from '../model/constantGates';
import { copyExample } from '../data/synthetic';
import { evaluate } from '../model/evaluate';
import { binarizationGap, correlation, endBinFractions, histogram, jointCorners, jointHistogram } from '../model/gateStats';
import { defaultEvaluationMode, modeUsesTau } from '../model/gates';
import { copyRecall, modelLogits } from '../model/recall';
import { sampleText } from '../model/sample';
import { SeedStream } from '../model/seeds';
import type { Trainer } from '../model/trainer';
import type { GateMode } from '../model/types';
import type { PreparedCorpus } from './corpus';
import { cellOf, type ModelId } from '../contract/models';
import type { GateHistograms, GatesOverText, ModelConstantGates, ModelRecall, ModelStatistics } from './protocol';

/**
 * What the panels show about a run's models, computed on the validation text. The engine decides when;
 * these functions only compute, one model after another, and return plain data for the protocol.
 */
export interface ReportContext {
  trainers: ReadonlyMap<ModelId, Trainer>;
  corpus: PreparedCorpus;
  tau: number;
  mode: GateMode;
  seed: number;
}

const STATS_STREAMS = 8;
const STATS_WINDOW = 64;
const GATE_TEXT_CHARS = 96;
const JOINT_BINS = 20;
export const RECALL_EXAMPLES = 64;
/** Fresh copying examples recall is measured on, from a seed the training text does not use: the same ones at every measurement. */
export const RECALL_SEED_OFFSET = 0x5eed;

/**
 * The shape of the validation slice every statistic is taken on: 8 streams of 64 characters; on a text of
 * independent examples (the copying task), about as many characters of whole examples, each its own stream
 * from a zero state, as the model was trained (a state run on across examples would be off its training).
 */
export function statsShape(corpus: PreparedCorpus): { streams: number; seqLen: number } {
  const example = corpus.exampleLength;
  if (example === undefined) return { streams: STATS_STREAMS, seqLen: STATS_WINDOW };
  return { streams: validExamples(corpus, example, Math.floor((STATS_STREAMS * STATS_WINDOW) / example)), seqLen: example };
}

/** `wanted` whole examples, or as many as the validation text holds (with the last one's target), at least one. */
function validExamples(corpus: PreparedCorpus, example: number, wanted: number): number {
  return Math.max(1, Math.min(wanted, Math.floor((corpus.valid.length - 1) / example)));
}

export function statsTokens(corpus: PreparedCorpus): Int32Array {
  const { streams, seqLen } = statsShape(corpus);
  return corpus.valid.subarray(0, streams * seqLen + 1);
}

function statsOptions(context: ReportContext) {
  return { ...statsShape(context.corpus), tau: context.tau, seed: context.seed };
}

/** The mode a model is normally evaluated in, for views where training noise makes no sense. */
export function deterministicMode(model: ModelId, mode: GateMode): GateMode {
  return mode === 'stochastic' ? defaultEvaluationMode(cellOf(model)) : mode;
}

/** A model's validation bits per character with soft and with binarized gates: neither depends on τ or the gate mode. */
export interface SoftBinaryBpc {
  validBpcSoft: number;
  validBpcBinary: number;
}

/**
 * The gate statistics under the chosen mode and τ (`beforeEach` is awaited before each model: a caller
 * that no longer wants them throws from it). The soft and binarized losses depend on the weights
 * only: `known` holds those of the same weights (a τ or mode change), which are then not evaluated again.
 */
export async function statistics(
  context: ReportContext,
  known?: ReadonlyMap<ModelId, SoftBinaryBpc>,
  beforeEach?: () => Promise<void>,
): Promise<ModelStatistics[]> {
  const tokens = statsTokens(context.corpus);
  const models: ModelStatistics[] = [];
  for (const [model, trainer] of context.trainers) {
    await beforeEach?.();
    const options = statsOptions(context);
    const chosen = await evaluate(trainer.params, trainer.config, tokens, { ...options, mode: context.mode, traceGates: true });
    const layer = chosen.gates[0];
    if (!layer) continue;
    const softBinary = known?.get(model) ?? {
      validBpcSoft: bitsPerChar((await evaluate(trainer.params, trainer.config, tokens, { ...options, mode: 'soft' })).loss),
      validBpcBinary: bitsPerChar((await evaluate(trainer.params, trainer.config, tokens, { ...options, mode: 'binary' })).loss),
    };
    models.push({
      model,
      validBpc: bitsPerChar(chosen.loss),
      ...softBinary,
      gates: gateHistograms(layer.input, layer.forget),
      joint: jointGates(layer.input, layer.forget),
    });
  }
  return models;
}

/** The text the gates are shown over: the validation text's start, in whole examples on a text made of them. */
export function gateTextShape(corpus: PreparedCorpus): { chars: number; seqLen: number; freshWindows: boolean } {
  const example = corpus.exampleLength;
  if (example === undefined) return { chars: GATE_TEXT_CHARS, seqLen: GATE_TEXT_CHARS, freshWindows: false };
  const examples = validExamples(corpus, example, Math.round(GATE_TEXT_CHARS / example));
  return { chars: examples * example, seqLen: example, freshWindows: true };
}

export async function gatesOverText(context: ReportContext, beforeEach?: () => Promise<void>): Promise<{ text: string; models: GatesOverText[] }> {
  const shape = gateTextShape(context.corpus);
  const tokens = context.corpus.valid.subarray(0, shape.chars + 1);
  const models: GatesOverText[] = [];
  for (const [model, trainer] of context.trainers) {
    await beforeEach?.();
    const result = await evaluate(trainer.params, trainer.config, tokens, {
      mode: context.mode,
      streams: 1,
      seqLen: shape.seqLen,
      freshWindows: shape.freshWindows,
      tau: context.tau,
      seed: context.seed,
      traceGates: true,
    });
    const layer = result.gates[0];
    if (layer) models.push({ model, input: layer.input, forget: layer.forget, hidden: layer.hidden });
  }
  return { text: context.corpus.decode(tokens.subarray(0, shape.chars)), models };
}

/** Each model's compression table; `beforeEach` is awaited before every compressed evaluation (see compressionTable). */
export async function compression(
  context: ReportContext,
  specs: readonly CompressionSpec[],
  beforeEach?: () => Promise<void>,
): Promise<{ model: ModelId; rows: CompressionRow[] }[]> {
  const models = [];
  for (const [model, trainer] of context.trainers) {
    const options = { ...statsOptions(context), mode: defaultEvaluationMode(cellOf(model)) };
    const rows = await compressionTable(trainer.params, trainer.config, statsTokens(context.corpus), specs, options, beforeEach);
    models.push({ model, rows });
  }
  return models;
}

/**
 * Which views after the gate panels a τ change reaches, given the models and the gate mode: the constant
 * gates (taken in `deterministicMode`), and the views taken in each model's own mode (compression, recall),
 * which only a sharpened cell evaluates with τ. The gate panels themselves are redone on every change.
 */
export function tauReaches(models: Iterable<ModelId>, mode: GateMode): { gates: boolean; constantGates: boolean; ownMode: boolean } {
  const list = [...models];
  return {
    // The gate panels take the page's mode as it is: σ(z) and binary gates do not see τ.
    gates: modeUsesTau(mode),
    constantGates: list.some((model) => modeUsesTau(deterministicMode(model, mode))),
    ownMode: list.some((model) => modeUsesTau(defaultEvaluationMode(cellOf(model)))),
  };
}

/**
 * Spreads, means and what freezing the constant gates costs. Taken under the page's gate mode, except that
 * `stochastic` (training noise, which no gate survives as constant) becomes the model's deterministic mode.
 */
export async function constantGates(context: ReportContext, threshold: number, beforeEach?: () => Promise<void>): Promise<ModelConstantGates[]> {
  const models: ModelConstantGates[] = [];
  for (const [model, trainer] of context.trainers) {
    await beforeEach?.();
    const mode = deterministicMode(model, context.mode);
    const report = await constantGateReport(trainer.params, trainer.config, statsTokens(context.corpus), { ...statsOptions(context), mode }, threshold);
    models.push({
      model,
      mode,
      hidden: report.hidden,
      spreads: report.spreads,
      means: report.means,
      frozenPerGate: report.frozenPerGate,
      removableUnits: report.removableUnits,
      deltaBpc: report.deltaBpc,
      validBpc: bitsPerChar(report.loss),
    });
  }
  return models;
}

/** Copying task: how many of the symbols each model recalls after `delay` steps, on fresh held-out examples. */
export async function recall(context: ReportContext, delay: number, beforeEach?: () => Promise<void>): Promise<ModelRecall[]> {
  const seeds = new SeedStream(context.seed + RECALL_SEED_OFFSET);
  const examples = Array.from({ length: RECALL_EXAMPLES }, () => copyExample(seeds, delay));
  const models: ModelRecall[] = [];
  for (const [model, trainer] of context.trainers) {
    await beforeEach?.();
    models.push({ model, ...(await copyRecall(modelLogits(trainer.params, trainer.config), context.corpus.vocab, examples, delay)) });
  }
  return models;
}

export interface SampleRequest {
  length: number;
  temperature: number;
  prime: string;
  seed: number;
}

/**
 * Each model's text: the start text as the model read it (unknown characters as the vocabulary's unknown
 * symbol; without one, the validation text's first character), then what it wrote.
 */
export async function samples(context: ReportContext, request: SampleRequest): Promise<{ model: ModelId; text: string }[]> {
  const { corpus } = context;
  const prime = corpus.encode(request.prime || corpus.decode(corpus.valid.subarray(0, 1)));
  const out = [];
  for (const [model, trainer] of context.trainers) {
    const ids = await sampleText(trainer.params, trainer.config, {
      prime,
      length: Math.max(1, Math.min(2000, Math.floor(request.length))),
      temperature: request.temperature,
      seed: request.seed,
      mode: defaultEvaluationMode(cellOf(model)),
    });
    out.push({ model, text: corpus.decode(prime) + corpus.decode(ids) });
  }
  return out;
}

export function gateHistograms(input: Float32Array, forget: Float32Array): GateHistograms {
  return {
    input10: histogram(input, 10),
    forget10: histogram(forget, 10),
    input50: histogram(input, 50),
    forget50: histogram(forget, 50),
    inputEnds: endBinFractions(input),
    forgetEnds: endBinFractions(forget),
    inputGap: binarizationGap(input),
    forgetGap: binarizationGap(forget),
  };
}

function jointGates(input: Float32Array, forget: Float32Array): ModelStatistics['joint'] {
  const values = jointHistogram(input, forget, JOINT_BINS);
  return { bins: JOINT_BINS, values, correlation: correlation(input, forget), corners: jointCorners(values, JOINT_BINS) };
}

import { type Checkpoint, checkSameVocabulary, decodeCheckpoint, encodeCheckpoint } from '../model/checkpoint';
import { initParams, readParams, writeParams } from '../model/params';
import { SeedStream } from '../model/seeds';
import type { Trainer } from '../model/trainer';
import type { ModelConfig } from '../model/types';
import { type ModelId, modelSlug } from '../contract/models';
import type { RunSettings } from '../contract/runSettings';
import { messageOf } from '../messageOf';
import type { PreparedCorpus } from './corpus';
import { buildTrainers } from './runConfig';

/**
 * A run's weights as files and back: what the engine's exportWeights, checkpoint events, importWeights and
 * inspection read and write. The engine keeps what they do to the run (its status, step and reports).
 */

/** What weights are taken from: a run's models and the vocabulary they were trained with. */
export interface WeightsSource {
  trainers: ReadonlyMap<ModelId, Trainer>;
  corpus: Pick<PreparedCorpus, 'vocab' | 'name'>;
  step: number;
}

/** Each model's weights as a .safetensors file's bytes (config and vocabulary in its header). */
export async function encodeModels(run: WeightsSource): Promise<{ model: ModelId; bytes: ArrayBuffer }[]> {
  const files = [];
  for (const [model, trainer] of run.trainers) {
    const checkpoint: Checkpoint = { config: trainer.config, vocab: run.corpus.vocab, values: await readParams(trainer.params) };
    files.push({ model, bytes: encodeCheckpoint(checkpoint).buffer as ArrayBuffer });
  }
  return files;
}

/** The files Export weights saves: gatelab-<model>-<text>-step<N>.safetensors. */
export async function exportFiles(run: WeightsSource): Promise<{ name: string; bytes: ArrayBuffer }[]> {
  return (await encodeModels(run)).map(({ model, bytes }) => ({
    name: `gatelab-${modelSlug(model)}-${fileSafe(run.corpus.name)}-step${run.step}.safetensors`,
    bytes,
  }));
}

/** A file's checkpoint; a file that is not one is an error that names it and says the run is unchanged. */
export function readWeights(bytes: ArrayBuffer, fileName?: string): Checkpoint {
  try {
    return decodeCheckpoint(bytes);
  } catch (error) {
    const what = fileName === undefined ? 'The weights' : `The weights in “${fileName}”`;
    throw new Error(`${what} were not loaded: ${messageOf(error)}. The run is unchanged.`);
  }
}

/** Why a checkpoint can't load into a run's model, in words; null when it fits. */
export function misfitOf(config: ModelConfig, corpus: Pick<PreparedCorpus, 'vocab'>, checkpoint: Checkpoint): string | null {
  try {
    checkSameVocabulary(corpus.vocab, checkpoint.vocab);
  } catch (error) {
    return messageOf(error);
  }
  const key = (['hidden', 'layers', 'embedding'] as const).find((k) => checkpoint.config[k] !== config[k]);
  return key ? `the file's ${key} is ${checkpoint.config[key]}, this run's is ${config[key]}` : null;
}

/** The file's model, shaped as the file says and holding its weights, under the run's training settings. */
export function inspectionTrainers(settings: RunSettings, exampleLength: PreparedCorpus['exampleLength'], { config, vocab, values }: Checkpoint) {
  const shape = { cells: [config.cell], embedding: config.embedding, hidden: config.hidden, layers: config.layers, noiseP: config.noiseP };
  return buildTrainers({ ...settings, ...shape }, { vocab, exampleLength }, {
    models: [config.cell],
    tau: config.tau,
    params: (_, built) => {
      const params = initParams(built, new SeedStream(settings.seed));
      writeParams(params, values);
      return params;
    },
  });
}

function fileSafe(name: string): string {
  return (
    name
      .replace(/\.[^.]*$/, '')
      .replace(/[^A-Za-z0-9_-]+/g, '-')
      .slice(0, 40) || 'text'
  );
}

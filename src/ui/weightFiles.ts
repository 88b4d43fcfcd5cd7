import { unzipSync, zipSync } from 'fflate';
import { decodeCheckpoint } from '../model/checkpoint';
import { detachTwin, type ModelId, modelName } from '../contract/models';
import type { CellKind } from '../model/types';
import { messageOf } from '../messageOf';

/**
 * Weights files between the page and the disk: Export weights' one download, and what Import weights reads out
 * of the files picked together. The worker encodes and loads each model's .safetensors file (worker/weights.ts);
 * this module only packs them into one download and, on import, unpacks and checks the files first, so that a
 * pick with one bad file loads none of them.
 */

export interface WeightsFile {
  name: string;
  bytes: ArrayBuffer;
}

/** A file to load, and the model it goes to: its cell's, or the h-detach twin's for an export named so. */
export interface PickedWeights extends WeightsFile {
  model: ModelId;
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/**
 * One download for Export weights: a run of one model gives its .safetensors file; a run of several gives one
 * .zip holding the models' files, stored uncompressed, so each member is byte for byte the file PyTorch and numpy
 * read (deflate would save about 8 %: a trained G2-LSTM file of 126 kB deflates to 116 kB). Named after what the files'
 * names share: gatelab-g2-moby-dick-step22.safetensors and gatelab-lstm-… give gatelab-moby-dick-step22.zip.
 */
export function weightsDownload(files: readonly WeightsFile[]): WeightsFile {
  if (files.length === 1) return files[0]!;
  const zipped = zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(f.bytes)])), { level: 0 });
  const bytes = zipped.buffer.slice(zipped.byteOffset, zipped.byteOffset + zipped.byteLength) as ArrayBuffer;
  return { name: `gatelab${commonSuffix(files.map((f) => f.name)).replace(/\.safetensors$/, '')}.zip`, bytes };
}

function commonSuffix(names: string[]): string {
  let suffix = names[0] ?? '';
  for (const name of names) while (!name.endsWith(suffix)) suffix = suffix.slice(1);
  // From a separator on, so no model name is cut in half.
  const dash = suffix.indexOf('-');
  return dash < 0 ? '' : suffix.slice(dash);
}

/** What a pick of files holds: weights to load (each a model's .safetensors), and what was left aside or is wrong. */
export interface WeightsPick {
  /** Each checks as a Gate Lab checkpoint; at most one per model. */
  files: PickedWeights[];
  /** Files that are not weights but may come with them (a training report's .json): left aside. */
  skipped: string[];
  /** Why each bad file can't load, naming it. Any problem and nothing is loaded. */
  problems: string[];
}

/** Export weights names an h-detach twin's file gatelab-<cell>-hdetach-…; the file itself says only its cell. */
function modelOfFile(name: string, cell: CellKind): ModelId {
  return name.startsWith(`gatelab-${cell}-hdetach-`) ? detachTwin(cell) : cell;
}

const named = (name: string, inside?: string) => (inside ? `“${inside}” in “${name}”` : `“${name}”`);

/**
 * Reads the files picked for Import weights: a .zip is opened and its .safetensors members read; a .json (the
 * command line's report.json beside its weights) is left aside; every other file must be a weights file. Each
 * is checked as the worker would load it (header, tensors, config, vocabulary, finite values).
 */
export async function readWeightsPick(picked: readonly File[]): Promise<WeightsPick> {
  const pick: WeightsPick = { files: [], skipped: [], problems: [] };
  const models = new Map<string, string>();
  const check = (bytes: Uint8Array, name: string, inside?: string) => {
    const where = named(name, inside);
    if (bytes.length === 0) return pick.problems.push(`${where} is empty.`);
    try {
      const { config } = decodeCheckpoint(bytes);
      const model = modelOfFile(inside ?? name, config.cell);
      const twin = models.get(model);
      if (twin) return pick.problems.push(`${where} holds ${modelName(model)} weights, as ${twin} does: pick one file per model.`);
      models.set(model, where);
      pick.files.push({ name: inside ?? name, model, bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
    } catch (error) {
      pick.problems.push(`${where} is not a weights file: ${messageOf(error)}.`);
    }
  };
  for (const file of picked) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.json$/i.test(file.name)) {
      pick.skipped.push(file.name);
    } else if (ZIP_SIGNATURE.every((b, k) => bytes[k] === b)) {
      let members: Record<string, Uint8Array>;
      try {
        members = unzipSync(bytes);
      } catch (error) {
        pick.problems.push(`${named(file.name)} is a damaged zip: ${messageOf(error)}.`);
        continue;
      }
      const weights = Object.keys(members).filter((m) => /\.safetensors$/i.test(m));
      if (weights.length === 0) pick.problems.push(`${named(file.name)} holds no .safetensors file.`);
      for (const member of weights) check(members[member]!, file.name, member);
    } else {
      check(bytes, file.name);
    }
  }
  if (pick.files.length === 0 && pick.problems.length === 0) pick.problems.push('None of the files holds weights (a .safetensors file, or a .zip of them).');
  return pick;
}

/** The alert for a pick that can't load: every problem, then that nothing was loaded. */
export function pickProblemMessage(pick: WeightsPick): string {
  return `${pick.problems.join(' ')} No weights were loaded; the run is unchanged.`;
}

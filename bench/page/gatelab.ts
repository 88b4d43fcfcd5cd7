import type { PreparedCorpus } from '../../src/data/prepare';
import { Trainer } from '../../src/model/trainer';
import type { CellKind, ModelConfig, TrainConfig } from '../../src/model/types';
import type { Size } from '../types';
import type { Workload } from './timing';

/** Gate Lab's own training step (Trainer.step: fused-gradient recurrence, Adam, clipping) on the app's defaults. */
export function gatelabWorkload(cell: CellKind, size: Size, corpus: PreparedCorpus): Workload & { dispose(): void } {
  const config: ModelConfig = {
    cell,
    vocabSize: corpus.vocab.symbols.length,
    embedding: size.embedding,
    hidden: size.hidden,
    layers: 1,
    tau: 0.9,
    noiseP: 1,
  };
  const train: TrainConfig = { batch: size.batch, seqLen: size.seqLen, lr: 0.005, clipNorm: 1, hDetach: 0, seed: 1 };
  const trainer = new Trainer(config, train);
  const nextBatch = corpus.batches(size.batch, size.seqLen);
  return {
    step: () => {
      const { loss, gradNorm } = trainer.step(nextBatch());
      gradNorm.dispose();
      return loss;
    },
    dispose: () => trainer.dispose(),
  };
}

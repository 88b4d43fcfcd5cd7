import { DEFAULT_SETTINGS } from '../../src/contract/runSettings';
import type { PreparedCorpus } from '../../src/data/prepare';
import type { Trainer } from '../../src/model/trainer';
import type { CellKind } from '../../src/model/types';
import { buildTrainers } from '../../src/worker/runConfig';
import type { Size } from '../types';
import type { Workload } from './timing';

/** Gate Lab's own training step (Trainer.step: fused-gradient recurrence, Adam, clipping), built as the page builds it, on its defaults. */
export function gatelabWorkload(cell: CellKind, size: Size, corpus: PreparedCorpus): Workload & { dispose(): void } {
  const settings = { ...DEFAULT_SETTINGS, cells: [cell], layers: 1, hidden: size.hidden, embedding: size.embedding, batch: size.batch, seqLen: size.seqLen };
  const trainer = buildTrainers(settings, corpus).get(cell) as Trainer;
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

import type { Trainer } from '../model/trainer';
import type { GateMode } from '../model/types';
import type { ModelId } from '../contract/models';
import type { RunSnapshot } from './protocol';
import type { TauChange } from '../contract/runSettings';
import { messageOf } from '../messageOf';

/** What a snapshot is taken of: a run's models and where it stands. */
export interface SnapshotSource {
  trainers: ReadonlyMap<ModelId, Trainer>;
  step: number;
  tau: number;
  tauSchedule: readonly TauChange[];
  targetSteps: number;
  mode: GateMode;
  windowsRead: number;
}

export async function snapshotOf(run: SnapshotSource): Promise<RunSnapshot> {
  const models = [];
  for (const [model, trainer] of run.trainers) models.push({ model, trainer: await trainer.snapshot() });
  return {
    step: run.step,
    tau: run.tau,
    tauSchedule: [...run.tauSchedule],
    targetSteps: run.targetSteps,
    mode: run.mode,
    windowsRead: run.windowsRead,
    models,
  };
}

/** The buffers a snapshot message can transfer instead of copying. */
export function snapshotBuffers(snapshot: RunSnapshot): ArrayBuffer[] {
  return snapshot.models.flatMap(({ trainer: t }) =>
    [...t.params, ...t.optimizer.moments.map((m) => m.values), ...(t.state ? [...t.state.h, ...t.state.c].map((s) => s.values) : [])].map(
      (a) => a.buffer as ArrayBuffer,
    ),
  );
}

/** Puts every model where the snapshot was taken; on any mismatch nothing of the new run is kept. */
export async function restoreTrainers(trainers: Map<ModelId, Trainer>, resume: RunSnapshot): Promise<void> {
  try {
    const saved = resume.models.map((m) => m.model).sort().join(', ');
    const here = [...trainers.keys()].sort().join(', ');
    if (saved !== here) throw new Error(`it holds the models ${saved}, the settings make ${here}`);
    for (const { model, trainer } of resume.models) {
      const t = trainers.get(model) as Trainer;
      t.setTau(resume.tau);
      await t.restore(trainer);
    }
  } catch (error) {
    for (const t of trainers.values()) t.dispose();
    throw new Error(`The saved run could not be resumed: ${messageOf(error)}.`);
  }
}

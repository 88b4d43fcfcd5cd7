import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClientCommand } from './trainingClient';
import type { ActiveRun } from './persistence/activeRun';
import type { RunStore } from './persistence/runStore';
import { SAVED_RUN_VERSION, type SavedRun } from './persistence/savedRun';
import type { RunView } from './runState';
import type { SnapshotEvent } from './useTraining';
import { messageOf } from '../messageOf';

/** Steps between autosaves while training; pausing and hiding the tab save too. */
export const AUTOSAVE_EVERY_STEPS = 200;
/**
 * Training time between autosaves, whichever comes first with the steps: a reload cannot wait for a snapshot
 * (the worker goes with the page), so a slow run must not go 200 steps (minutes at 0.5 s a step) unsaved.
 */
export const AUTOSAVE_EVERY_MS = 30_000;

/** Whether a running run is due its interval save: 200 steps or 30 s of training since the last save (or its start). */
export function intervalSaveDue(step: number, elapsedMs: number, last: { step: number; elapsedMs: number } | null): boolean {
  const from = last ?? { step: 0, elapsedMs: 0 };
  return step >= from.step + AUTOSAVE_EVERY_STEPS || elapsedMs >= from.elapsedMs + AUTOSAVE_EVERY_MS;
}
/** A snapshot asked for and not answered by then (a replaced run) no longer blocks the next. */
const ANSWER_WAIT_MS = 30_000;

export interface AutosaveState {
  /** The step of the last save of the run on screen, or null. */
  savedStep: number | null;
  onSnapshot: (event: SnapshotEvent) => void;
  /** Saves the run on screen now, before another replaces it (a run with no step is not saved). */
  saveBeforeReplacing: () => void;
}

/** A run saved because another replaced it: what the page offers to reopen. */
export interface ReplacedRun {
  id: string;
  name: string;
  step: number;
}

/**
 * Saves the run on screen to IndexedDB every 200 steps or 30 s of training, when it pauses and when the tab is hidden.
 * A failing storage is told once per run; training goes on either way.
 */
export function useAutosave(
  view: RunView,
  active: ActiveRun | null,
  store: RunStore,
  send: (command: ClientCommand) => void,
  fail: (message: string) => void,
  onReplaced?: (run: ReplacedRun) => void,
): AutosaveState {
  const viewRef = useRef(view);
  const asked = useRef(0);
  const told = useRef<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; step: number; elapsedMs: number } | null>(null);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);

  const last = saved && saved.id === active?.id ? saved : null;
  const savedStep = last ? last.step : null;

  const request = useCallback(
    (reason: SnapshotEvent['reason']) => {
      if (!active || Date.now() - asked.current < ANSWER_WAIT_MS) return;
      asked.current = Date.now();
      send({ type: 'snapshot', reason });
    },
    [active, send],
  );

  const { status, step, elapsedMs } = view;
  const lastElapsedMs = last ? last.elapsedMs : null;
  useEffect(() => {
    if (step === 0 || step === savedStep) return;
    const from = savedStep === null || lastElapsedMs === null ? null : { step: savedStep, elapsedMs: lastElapsedMs };
    if (status === 'paused') request('paused');
    else if (status === 'running' && intervalSaveDue(step, elapsedMs, from)) request('interval');
  }, [status, step, elapsedMs, savedStep, lastElapsedMs, request]);

  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden' && viewRef.current.step > 0) request('hidden');
    };
    document.addEventListener('visibilitychange', onHide);
    return () => document.removeEventListener('visibilitychange', onHide);
  }, [request]);

  const saveBeforeReplacing = useCallback(() => {
    if (!active || viewRef.current.step === 0 || viewRef.current.status === 'inspecting') return;
    asked.current = Date.now();
    send({ type: 'snapshot', reason: 'replaced' });
  }, [active, send]);

  const onSnapshot = useCallback(
    (event: SnapshotEvent) => {
      asked.current = 0;
      const run = active;
      if (!run || event.snapshot.step === 0) return;
      const v = viewRef.current;
      const record: SavedRun = {
        version: SAVED_RUN_VERSION,
        id: run.id,
        name: run.name,
        savedAt: Date.now(),
        step: event.snapshot.step,
        corpusName: v.corpusName,
        models: event.snapshot.models.map((m) => m.model),
        settings: run.settings,
        curves: { trainCurve: v.trainCurve, validCurve: v.validCurve, gapCurve: v.gapCurve },
        snapshot: event.snapshot,
      };
      store.save(record).then(
        () => {
          setSaved({ id: run.id, step: record.step, elapsedMs: v.elapsedMs });
          if (event.reason === 'replaced') onReplaced?.({ id: run.id, name: run.name, step: record.step });
        },
        (error: unknown) => {
          if (told.current === run.id) return;
          told.current = run.id;
          fail(messageOf(error));
        },
      );
    },
    [active, store, fail, onReplaced],
  );

  return { savedStep, onSnapshot, saveBeforeReplacing };
}
